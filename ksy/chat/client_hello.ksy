meta:
  id: client_hello
  title: Parley chat ClientHello (0x01)
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
doc: |
  Client to server: asks for a challenge (spec/chat.md, "ClientHello"). 512 octets
  when sent [CH-HELLO-2]; a server accepts 512..1024 [CH-HELLO-3].
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
  - id: client_nonce
    size: 32
    doc: Fresh random octets of this login [CH-HELLO-1].
  - id: padding
    size-eos: true
    doc: Zero octets, ignored by the receiver; make the hello longer than the challenge.
