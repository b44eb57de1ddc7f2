meta:
  id: datagram_packet
  title: Parley datagram layer packet
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
doc: |
  One Parley datagram-layer packet, carried alone in one UDP datagram
  (spec/datagram.md, section "Packet format"). The 8-byte header is followed by
  the payload of the protocol named in `next_protocol`; the payload stays raw
  bytes here, the layer above parses it with its own format.

  The checksum is CRC-32C (Castagnoli) over the whole packet, computed with the
  `checksum` field set to zero [DG-CSUM-1]. This format does not check it: a
  parser only splits the bytes, the codec verifies lengths and checksum.
doc-ref: spec/datagram.md
seq:
  - id: version
    type: u1
    doc: |
      Datagram-layer version. This document defines version 1 [DG-VER-1].
  - id: next_protocol
    type: u1
    doc: |
      Protocol number of the payload (spec/registries.md, "Protocol numbers"):
      1 = control, 2 = transport. Raw on the wire so unknown numbers can be
      parsed and written; see `next_protocol_enum`.
  - id: len_packet
    type: u2
    doc: |
      Length in bytes of the whole packet, header included. MUST equal the
      length of the UDP payload that carried it [DG-LEN-1].
  - id: checksum
    type: u4
    doc: |
      CRC-32C over the whole packet with this field set to zero [DG-CSUM-1].
  - id: payload
    size-eos: true
    doc: |
      Payload for the protocol named by `next_protocol`: the rest of the
      datagram. Its length MUST be `len_packet - 8` [DG-LEN-1]; the parser
      takes the bytes the datagram has, so a wrong `len_packet` is detected by
      the codec and never makes the parser read past the datagram.
instances:
  next_protocol_enum:
    value: next_protocol
    enum: protocol
    doc: The `next_protocol` field as a registry value; null when unregistered.
enums:
  protocol:
    1:
      id: control
      doc: Control messages (spec/datagram.md, "Control protocol").
    2:
      id: transport
      doc: Transport segments (spec/transport.md).
