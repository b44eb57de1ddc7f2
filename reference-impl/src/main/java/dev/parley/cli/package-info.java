/**
 * The {@code parley} launcher: picocli subcommands that run the reference implementation and meet
 * the conformance adapter contract (spec/conformance.md): a {@code READY <port>} line, JSON Lines
 * requests on stdin and replies on stdout, logs on stderr, and the contract's exit codes. The only
 * package that binds an SLF4J implementation.
 */
package dev.parley.cli;
