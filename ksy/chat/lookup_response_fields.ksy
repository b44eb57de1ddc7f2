meta:
  id: lookup_response_fields
  title: Parley chat lookup_response fields
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
  imports:
    - endpoint
doc: The fields of a lookup_response [CH-REQ-3].
doc-ref: spec/chat.md
seq:
  - id: status
    type: u1
    doc: 0 = online (key and endpoint follow), 1 = not online (nothing follows).
  - id: len_username
    type: u1
    doc: Length of username, 1..32.
  - id: username
    size: len_username
    doc: The username asked for.
  - id: online
    type: online_fields
    if: status == 0
    doc: Present only when status is 0.
types:
  online_fields:
    doc: The user's key and endpoint.
    seq:
      - id: len_public_key
        type: u2
        doc: Length of public_key.
      - id: public_key
        size: len_public_key
        doc: The user's public key, SubjectPublicKeyInfo DER.
      - id: endpoint
        type: endpoint
        doc: Where the user's node accepts peer connections.
