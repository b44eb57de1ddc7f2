package dev.parley.transport;

/** Decides about connections opened by peers on a listening port [TR-OPEN-4]. */
@FunctionalInterface
public interface Acceptor {
    /** @return the listener for the new connection, or null to reset it */
    ConnectionListener onAccept(Connection connection);
}
