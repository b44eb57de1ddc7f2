meta:
  id: handshake_header
  title: Parley chat handshake header
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
doc: |
  The first three octets of every chat handshake message (spec/chat.md, "Messages"):
  a receiver reads them first to dispatch and to check version and suite [CH-MSG-3].
  A session record starts with msg_type 0x10 and has no version or suite.
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
