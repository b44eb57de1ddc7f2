/**
 * Chat accounts (spec/accounts.md): the account record, the Argon2id parameters stored with it, the
 * password envelope that seals a user's private key, the server's own key pair, key fingerprints, and
 * the durable account store (SQLite, schema by Flyway migrations) that every server process sharing a
 * data directory reads. Nothing here ever stores or sees a password beyond the call that seals or
 * opens an envelope.
 */
package dev.parley.chat.account;
