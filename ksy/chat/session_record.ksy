meta:
  id: session_record
  title: Parley chat SessionRecord (0x10)
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
doc: |
  Every message after the Welcome, both ways (spec/chat.md, "Session"): the
  sequence number in clear, then AES-256-GCM with the first 9 octets as associated
  data and the nonce from seq [CH-SEQ-2].
doc-ref: spec/chat.md
seq:
  - id: msg_type
    type: u1
    doc: 0x10.
  - id: seq
    type: u8
    doc: This direction's sequence number; must be the next expected [CH-SEQ-2].
  - id: sealed
    size-eos: true
    doc: Ciphertext of a session_body and the 16-octet tag.
