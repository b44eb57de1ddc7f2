meta:
  id: sealed_handshake
  title: Parley chat sealed handshake message (0x04, 0x05, 0x06)
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
doc: |
  EnvelopeResponse (0x04), Proof (0x05) and Welcome (0x06): the handshake header
  followed by an AES-256-GCM ciphertext whose associated data is the header's three
  octets (spec/chat.md, "Messages"). The plaintext is an envelope_body, a proof_body
  or a welcome_body; the nonce comes from the direction's sequence number [CH-SEQ-1].
doc-ref: spec/chat.md
seq:
  - id: msg_type
    type: u1
    doc: Message type (spec/registries.md, "Chat message types"); raw so that unknown types can be written [CH-MSG-2].
  - id: version
    type: u1
    doc: Chat protocol version; 1 in this specification. Another value is CH_BAD_VERSION [CH-MSG-3].
  - id: suite
    type: u1
    doc: Cipher suite (spec/registries.md, "Chat cipher suites"); 1 is the only one. Another value is CH_BAD_SUITE [CH-MSG-3].
  - id: sealed
    size-eos: true
    doc: Ciphertext and 16-octet tag; at least 16 octets.
