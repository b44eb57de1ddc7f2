meta:
  id: envelope_body
  title: Parley chat EnvelopeResponse plaintext
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
doc: |
  The plaintext sealed in an EnvelopeResponse: the user's Argon2id parameters,
  salt and envelope, padded to exactly 2048 octets [CH-ENV-2].
doc-ref: spec/chat.md
seq:
  - id: memory_kib
    type: u4
    doc: Argon2id memory in KiB; a client accepts 8..4194304 [CH-ENV-3].
  - id: iterations
    type: u4
    doc: Argon2id passes; a client accepts 1..16 [CH-ENV-3].
  - id: parallelism
    type: u1
    doc: Argon2id lanes; a client accepts 1..16 [CH-ENV-3].
  - id: salt
    size: 16
    doc: The user's Argon2id salt [CH-ENV-1].
  - id: len_envelope
    type: u2
    doc: Length of envelope; at most 2048 - 27.
  - id: envelope
    size: len_envelope
    doc: envelope_nonce (12 octets) then AES-256-GCM of the PKCS#8 private key [CH-ENV-5].
  - id: padding
    size-eos: true
    doc: Zero octets up to 2048 octets in all.
