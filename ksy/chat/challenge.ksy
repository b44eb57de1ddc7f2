meta:
  id: challenge
  title: Parley chat Challenge (0x02)
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
  imports:
    - cookie
doc: |
  Server to client: the server key and a cookie (spec/chat.md, "Challenge").
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
  - id: len_server_key
    type: u2
    doc: Length of server_key, 1..1024.
  - id: server_key
    size: len_server_key
    doc: The server public key as X.509 SubjectPublicKeyInfo DER; checked against the client's pin [CH-PIN-2].
  - id: cookie
    type: cookie
    doc: The cookie the client returns unchanged in its LoginRequest.
