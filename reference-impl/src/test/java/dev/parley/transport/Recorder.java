package dev.parley.transport;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** A connection listener that records what it is told. */
final class Recorder implements ConnectionListener, Acceptor {

    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final List<CloseReason> closes = new ArrayList<>();
    int opens;
    int peerCloses;
    Connection connection;
    boolean closeOnPeerClose;

    @Override
    public ConnectionListener onAccept(Connection c) {
        connection = c;
        return this;
    }

    @Override
    public void onOpen(Connection c) {
        connection = c;
        opens++;
    }

    @Override
    public void onData(Connection c, byte[] data) {
        received.writeBytes(data);
    }

    @Override
    public void onPeerClosed(Connection c) {
        peerCloses++;
        if (closeOnPeerClose) {
            c.close();
        }
    }

    @Override
    public void onClose(Connection c, CloseReason reason) {
        closes.add(reason);
    }

    boolean closed() {
        return !closes.isEmpty();
    }
}
