/**
 * End-to-end messages between logged-in clients (spec/messaging.md): the peer message formats and their codec
 * ({@link dev.parley.chat.peer.PeerCodec}), the sans-I/O peer session driven by its one transition table
 * ({@link dev.parley.chat.peer.PeerSession}, {@link dev.parley.chat.peer.PeerSessionTable}), its key schedule,
 * ciphers, replay window and pins, and {@link dev.parley.chat.peer.PeerNode}, which runs the sessions on a client's
 * node behind the {@link dev.parley.chat.peer.PeerMessaging} seam the client codes against.
 */
package dev.parley.chat.peer;
