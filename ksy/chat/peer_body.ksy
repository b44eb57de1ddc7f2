meta:
  id: peer_body
  title: Parley peer message body (the plaintext of a seal)
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
doc: |
  What a PeerOpen or PeerMessage seals (spec/messaging.md, "Bodies"): a body type, then its
  fields, which run to the end of the plaintext [PM-BODY-1].
doc-ref: spec/messaging.md
seq:
  - id: body_type
    type: u1
    doc: 1 text, 2 receipt, 3 key_update (registries.md section 12.3); others are PM_MALFORMED.
  - id: fields
    size-eos: true
    doc: |
      text: UTF-8 text, 0..max_text octets [PM-MSG-3]; receipt: acked_id, the 16-octet
      message_id it acknowledges [PM-RCPT-1]; key_update: nothing [PM-REKEY-1].
instances:
  type:
    value: body_type
    enum: body_type
    doc: The body type as an enum; null in Java for an unknown value.
enums:
  body_type:
    1: text
    2: receipt
    3: key_update
