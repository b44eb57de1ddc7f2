meta:
  id: session_body
  title: Parley chat session body
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
doc: |
  The plaintext of a SessionRecord (spec/chat.md, "Requests and responses"):
  a body type, a request id and the type's fields, which the codec parses with
  list_response_fields, username_fields, lookup_response_fields or
  error_response_fields. Raw here so that unknown types can be written and read.
doc-ref: spec/chat.md
seq:
  - id: body_type
    type: u1
    doc: Body type (spec/registries.md, "Chat session body types"); unknown is CH_UNKNOWN_REQUEST [CH-REQ-4].
  - id: request_id
    type: u4
    doc: Chosen by the client; echoed in the response [CH-REQ-1]; 0 for key_update and unsolicited errors.
  - id: fields
    size-eos: true
    doc: The fields of this body type; empty for types without fields.
