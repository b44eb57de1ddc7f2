meta:
  id: error_response_fields
  title: Parley chat error_response fields
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
doc: The fields of an error_response [CH-REQ-1].
doc-ref: spec/chat.md
seq:
  - id: code
    type: u2
    doc: Canonical code (spec/registries.md, "Chat layer").
