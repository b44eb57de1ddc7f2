meta:
  id: transport_segment
  title: Parley transport segment
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
doc: |
  One Parley transport segment: the payload of a datagram-layer packet whose
  `next_protocol` is 2 (spec/transport.md, "Segment format"). In the style of
  TCP (RFC 9293) with SACK (RFC 2018) and timestamps (RFC 7323) as fixed
  fields instead of options.

  The fixed header is 28 bytes, followed by `num_sack_blocks` SACK blocks of
  8 bytes and `len_data` bytes of data. This format only splits the bytes: the
  codec checks that the lengths add up to the segment length [TR-SEG-2], that
  at most 4 SACK blocks are present [TR-SEG-4], the flag combinations
  [TR-SEG-3] and the ports [TR-SEG-5].
doc-ref: spec/transport.md
seq:
  - id: src_port
    type: u2
    doc: Port of the sending connection end; never 0 [TR-SEG-5].
  - id: dst_port
    type: u2
    doc: Port of the receiving connection end; never 0 [TR-SEG-5].
  - id: seq_num
    type: u4
    doc: |
      Sequence number of the first byte of `data`, or of the SYN or FIN when
      the segment carries one (modulo 2^32, RFC 9293 section 3.4).
  - id: ack_num
    type: u4
    doc: |
      When `flags.ack` is set: the next sequence number the sender expects
      (cumulative acknowledgement). Sent as zero and ignored otherwise.
  - id: flags
    type: segment_flags
    doc: Control bits (spec/registries.md, "Transport flags").
  - id: num_sack_blocks
    type: u1
    doc: Number of SACK blocks that follow the header; at most 4 [TR-SEG-4].
  - id: window
    type: u4
    doc: |
      Receive window in bytes, counted from `ack_num`: how many bytes the
      sender of this segment can still buffer [TR-FLOW-1].
  - id: ts_val
    type: u4
    doc: |
      Timestamp value: the sender's clock in microseconds, modulo 2^32, when
      the segment was sent (RFC 7323 TSval) [TR-RTT-2].
  - id: ts_ecr
    type: u4
    doc: |
      Timestamp echo reply: the `ts_val` of the segment this one acknowledges
      (RFC 7323 TSecr); zero when `flags.ack` is clear [TR-RTT-2].
  - id: len_data
    type: u2
    doc: Length of `data` in bytes; the segment ends right after it [TR-SEG-2].
  - id: sack_blocks
    type: sack_block
    repeat: expr
    repeat-expr: num_sack_blocks
    doc: Selective acknowledgements of data received out of order [TR-SACK-1].
  - id: data
    size: len_data
    doc: |
      Stream bytes, starting at `seq_num`. In a segment with `flags.syn` the
      data is no stream byte: it is empty or exactly one `open_option`
      (2 bytes) announcing the sender's largest segment [TR-MSS-1].
types:
  segment_flags:
    doc: |
      The control bits, most significant first. Bit values: SYN = 0x01,
      ACK = 0x02, FIN = 0x04, RST = 0x08; 0xF0 reserved.
    seq:
      - id: reserved
        type: b4
        doc: Reserved; MUST be sent as zero and ignored on receipt [TR-SEG-3].
      - id: rst
        type: b1
        doc: Reset the connection (0x08) [TR-RST-1].
      - id: fin
        type: b1
        doc: No more data from the sender; occupies one sequence number (0x04) [TR-CLOSE-1].
      - id: ack
        type: b1
        doc: "`ack_num`, `ts_ecr` and the SACK blocks are meaningful (0x02)."
      - id: syn
        type: b1
        doc: Synchronise sequence numbers; occupies one sequence number (0x01) [TR-OPEN-1].
  open_option:
    doc: |
      The data of a SYN or SYN|ACK that announces its sender's largest
      acceptable segment [TR-MSS-1]. A SYN without it announces the default,
      1192 bytes (packets of 1200 bytes). It occupies no sequence number.
    seq:
      - id: max_segment
        type: u2
        doc: |
          Largest segment, header included, the sender accepts: its datagram
          layer's maximum packet size minus 8; 188..65499 [TR-MSS-1].
  sack_block:
    doc: |
      A contiguous range of sequence numbers received above `ack_num`:
      `left_edge` is the first, `right_edge` one past the last (RFC 2018).
    seq:
      - id: left_edge
        type: u4
        doc: First sequence number of the block.
      - id: right_edge
        type: u4
        doc: Sequence number following the last byte of the block.
