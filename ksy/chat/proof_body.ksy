meta:
  id: proof_body
  title: Parley chat Proof plaintext
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
doc: |
  The plaintext sealed in a Proof: the client's peer port and its transcript
  signature [CH-POP-1].
doc-ref: spec/chat.md
seq:
  - id: peer_port
    type: u2
    doc: Transport port on which the client accepts peer connections; 0 = none.
  - id: len_signature
    type: u2
    doc: Length of signature; 384 in suite 1.
  - id: signature
    size: len_signature
    doc: RSA-PSS over "parley/1 proof" || th2 [CH-POP-1].
