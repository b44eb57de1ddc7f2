meta:
  id: control_message
  title: Parley datagram control message
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
doc: |
  The payload of a datagram-layer packet whose `next_protocol` is 1 (control),
  in the spirit of ICMP (RFC 792): echo request and reply, so the layer can be
  tested from outside, and "unreachable", telling a sender fast that nobody
  listens on the protocol or port it addressed (spec/datagram.md, "Control
  protocol").
doc-ref: spec/datagram.md
seq:
  - id: message_type
    type: u1
    doc: |
      Control message type (spec/registries.md, "Control message types"):
      0 = echo reply, 3 = unreachable, 8 = echo request. Raw on the wire; see
      `message_type_enum`.
  - id: code
    type: u1
    doc: |
      Sub-type. 0 for echo messages [DG-CTL-2]; for unreachable, see
      `unreachable_code` in spec/registries.md.
  - id: body
    size-eos: true
    type:
      switch-on: message_type
      cases:
        0: echo
        8: echo
        3: unreachable
    doc: Type-specific body; raw bytes for unknown types.
instances:
  message_type_enum:
    value: message_type
    enum: message_type
    doc: The `message_type` field as a registry value; null when unregistered.
types:
  echo:
    doc: Body of an echo request or reply; a reply copies the request's body [DG-CTL-3].
    seq:
      - id: identifier
        type: u2
        doc: Chosen by the requester to match replies to requests.
      - id: sequence_number
        type: u2
        doc: Chosen by the requester, typically incremented per request.
      - id: data
        size-eos: true
        doc: Arbitrary data, returned unchanged in the reply.
  unreachable:
    doc: |
      Body of an unreachable message: the leading bytes of the packet that
      could not be delivered, so its sender can tell which one it was [DG-CTL-5].
    seq:
      - id: reserved
        type: u2
        doc: Reserved; MUST be sent as zero and ignored on receipt [DG-CTL-6].
      - id: port
        type: u2
        doc: |
          The port nobody listens on, for code 1 (port unreachable); zero for
          code 0 (protocol unreachable).
      - id: invoking_packet
        size-eos: true
        doc: |
          The leading bytes of the undeliverable packet, at most 64
          [DG-CTL-5].
enums:
  message_type:
    0:
      id: echo_reply
      doc: Reply to an echo request.
    3:
      id: unreachable
      doc: Nobody listens on the protocol or port that a packet addressed.
    8:
      id: echo_request
      doc: Asks the receiver for an echo reply.
  unreachable_code:
    0:
      id: protocol_unreachable
      doc: No handler for the packet's `next_protocol`.
    1:
      id: port_unreachable
      doc: The protocol has no listener on the packet's destination port.
