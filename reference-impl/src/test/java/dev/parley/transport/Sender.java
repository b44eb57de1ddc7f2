package dev.parley.transport;

/** Feeds a byte array into a connection as fast as the send buffer takes it, then optionally closes. */
final class Sender implements ConnectionListener {

    final Recorder recorder = new Recorder();
    private final byte[] data;
    private final boolean closeWhenDone;
    int offset;

    Sender(byte[] data, boolean closeWhenDone) {
        this.data = data;
        this.closeWhenDone = closeWhenDone;
    }

    @Override
    public void onOpen(Connection c) {
        recorder.onOpen(c);
        pump(c);
    }

    @Override
    public void onWritable(Connection c) {
        pump(c);
    }

    void pump(Connection c) {
        while (offset < data.length) {
            int n = c.send(data, offset, data.length - offset);
            offset += n;
            if (n == 0) {
                return;
            }
        }
        if (closeWhenDone) {
            c.close();
        }
    }

    @Override
    public void onData(Connection c, byte[] bytes) {
        recorder.onData(c, bytes);
    }

    @Override
    public void onPeerClosed(Connection c) {
        recorder.onPeerClosed(c);
    }

    @Override
    public void onClose(Connection c, CloseReason reason) {
        recorder.onClose(c, reason);
    }
}
