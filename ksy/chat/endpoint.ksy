meta:
  id: endpoint
  title: Parley chat endpoint
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
doc: |
  Where a node can be reached: IP address, UDP port and transport port
  (spec/chat.md, "Welcome"). Used in the cookie MAC, the Welcome and look-ups.
doc-ref: spec/chat.md
seq:
  - id: family
    type: u1
    doc: 4 (IPv4, 4-octet address) or 6 (IPv6, 16-octet address); others are CH_MALFORMED.
  - id: address
    size: 'family == 6 ? 16 : 4'
    doc: The IP address in network byte order.
  - id: udp_port
    type: u2
    doc: UDP port of the node's socket.
  - id: transport_port
    type: u2
    doc: Transport port (0 = none).
