meta:
  id: peer_open
  title: Parley PeerOpen (0x20), the first message of a peer session
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
  imports:
    - peer_header
doc: |
  The first message from an initiator to a responder (spec/messaging.md, "Key establishment"):
  the header, the peer secret wrapped with RSA-OAEP to the recipient's identity key [PM-KEX-1],
  the sender's RSA-PSS signature [PM-SIG-1], and the first text body sealed under the i2r key
  with the header as associated data [PM-KS-1].
doc-ref: spec/messaging.md
seq:
  - id: header
    type: peer_header
    doc: msg_type 0x20, seq 0.
  - id: len_wrapped_key
    type: u2
    doc: Length of wrapped_key; 384 in suite 1.
  - id: wrapped_key
    size: len_wrapped_key
    doc: RSA-OAEP(recipient's key, peer_secret).
  - id: len_signature
    type: u2
    doc: Length of signature; 384 in suite 1.
  - id: signature
    size: len_signature
    doc: RSA-PSS(sender's key, signed_open) [PM-SIG-1].
  - id: sealed
    size-eos: true
    doc: AES-256-GCM ciphertext of a text body and the 16-octet tag.
