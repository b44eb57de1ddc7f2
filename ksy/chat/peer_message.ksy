meta:
  id: peer_message
  title: Parley PeerMessage (0x21), every later message of a peer session
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
  imports:
    - peer_header
doc: |
  A message in an open peer session, either direction (spec/messaging.md, "Receiving a
  PeerMessage"): the header, then the body sealed under the direction's key at the header's
  seq, with the header as associated data [PM-KS-1] [PM-SEQ-2]. No private-key operation.
doc-ref: spec/messaging.md
seq:
  - id: header
    type: peer_header
    doc: msg_type 0x21.
  - id: sealed
    size-eos: true
    doc: AES-256-GCM ciphertext of a peer_body and the 16-octet tag.
