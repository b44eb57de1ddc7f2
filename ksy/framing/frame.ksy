meta:
  id: frame
  title: Parley framing-layer frame
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
doc: |
  One frame of the framing layer (spec/framing.md). A transport connection
  carries a byte stream; the framing layer cuts it into frames, each a 5-byte
  header followed by `len_payload` bytes. A frame of type 1 carries one whole
  application message, of any length up to the receiver's limit [FR-LEN-1].
  Frames follow each other with no padding; the stream holds nothing else.
doc-ref: spec/framing.md
seq:
  - id: header
    type: frame_header
    doc: Type and length of the frame.
  - id: payload
    size: header.len_payload
    doc: The frame's payload; for a message frame, the message itself.
types:
  frame_header:
    doc: |
      The fixed 5-byte start of every frame. A receiver reads it first and
      checks `len_payload` against its limit before it buffers the payload
      [FR-LEN-2].
    seq:
      - id: frame_type
        type: u1
        doc: |
          Frame type (spec/registries.md, "Frame types"): 1 = message. Raw on
          the wire so that unknown types can be written; see `frame_type_enum`.
      - id: len_payload
        type: u4
        doc: Length of the payload in bytes, 0..2^32-1; bounded by the receiver's limit [FR-LEN-2].
    instances:
      frame_type_enum:
        value: frame_type
        enum: frame_type
        doc: The `frame_type` field as a registry value; null when unregistered.
enums:
  frame_type:
    1:
      id: message
      doc: One whole application message.
