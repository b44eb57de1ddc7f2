meta:
  id: username_fields
  title: Parley chat lookup_request fields
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
doc: The fields of a lookup_request, the one username asked for [CH-REQ-3].
doc-ref: spec/chat.md
seq:
  - id: len_username
    type: u1
    doc: Length of username, 1..32.
  - id: username
    size: len_username
    doc: The username [CH-USER-1].
