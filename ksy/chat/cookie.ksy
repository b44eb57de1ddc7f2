meta:
  id: cookie
  title: Parley chat challenge cookie
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
doc: |
  The stateless challenge cookie, 74 octets (spec/chat.md, "The challenge cookie").
  The server keeps nothing for it: mac authenticates every field together with
  the client's nonce and address [CH-COOKIE-2].
doc-ref: spec/chat.md
seq:
  - id: key_id
    type: u1
    doc: Which cookie secret minted the cookie [CH-COOKIE-1].
  - id: timestamp_ms
    type: u8
    doc: Server time at minting, milliseconds since the Unix epoch [CH-COOKIE-4].
  - id: difficulty
    type: u1
    doc: Leading zero bits the proof of work must have, 0..64 [CH-POW-1].
  - id: server_nonce
    size: 32
    doc: Fresh random octets; the replay cache key [CH-REPLAY-1].
  - id: mac
    size: 32
    doc: HMAC-SHA256 under the cookie secret over cookie_input [CH-COOKIE-2].
