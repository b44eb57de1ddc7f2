/**
 * The chat layer's login and session (spec/chat.md): the codec on the generated {@code ksy/chat} classes
 * ({@link dev.parley.chat.ChatCodec}), cipher suite 1 ({@link dev.parley.chat.Suite1}), the challenge cookie,
 * proof of work, key schedule and session ciphers, and the sans-I/O engines {@link dev.parley.chat.LoginClient}
 * and {@link dev.parley.chat.LoginServer}, each driven by its one transition table, with the network wiring of
 * {@code parley server} on a node's one socket.
 */
package dev.parley.chat;
