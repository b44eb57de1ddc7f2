/**
 * The reference chat client behind {@code parley client}: {@link dev.parley.client.ChatClient} logs one user in
 * through its server session and drives end-to-end messaging through the
 * {@link dev.parley.chat.peer.PeerMessaging} seam; {@link dev.parley.client.Shell} is the interactive front end
 * (JLine: editing, history, completion, incoming lines printed above the prompt) and
 * {@link dev.parley.client.JsonMode} the non-interactive one that speaks spec/conformance.md's chat client adapter
 * (JSON Lines) for scripts and the conformance suite.
 */
package dev.parley.client;
