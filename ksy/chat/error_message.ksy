meta:
  id: error_message
  title: Parley chat Error (0x7F)
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
doc: |
  Server to client, never sealed: why the server refused a handshake message
  (spec/chat.md, "Error"). After CH_BAD_VERSION or CH_BAD_SUITE, version and suite
  are the ones the server supports [CH-VER-1].
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
  - id: code
    type: u2
    doc: Canonical code (spec/registries.md, "Chat layer"); unknown values are CH_UNKNOWN_ERROR [CH-ERR-2].
