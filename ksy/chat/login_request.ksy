meta:
  id: login_request
  title: Parley chat LoginRequest (0x03)
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
  imports:
    - cookie
doc: |
  Client to server: the cookie returned, the user's name, the wrapped login
  secret and the proof of work (spec/chat.md, "LoginRequest"). The proof of work
  is SHA-256 over "parley/1 pow" and the whole message; pow_solution is last [CH-POW-1].
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
    doc: The client_nonce of this login's ClientHello; authenticated by the cookie's mac [CH-COOKIE-2].
  - id: cookie
    type: cookie
    doc: The Challenge's cookie, unchanged.
  - id: len_username
    type: u1
    doc: Length of username, 1..32 [CH-USER-1].
  - id: username
    size: len_username
    doc: ASCII letters, digits, "_", "-", "."; case-sensitive [CH-USER-1].
  - id: len_wrapped_secret
    type: u2
    doc: Length of wrapped_secret; 384 in suite 1.
  - id: wrapped_secret
    size: len_wrapped_secret
    doc: RSA-OAEP of the 32-octet login secret to the pinned server key [CH-KEX-1].
  - id: pow_solution
    size: 8
    doc: Chosen by the client so that the proof of work holds [CH-POW-1].
