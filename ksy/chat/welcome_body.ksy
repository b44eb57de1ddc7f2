meta:
  id: welcome_body
  title: Parley chat Welcome plaintext
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
  imports:
    - endpoint
doc: |
  The plaintext sealed in a Welcome: the session's timing and the client's
  endpoint as the server sees it [CH-PRES-1].
doc-ref: spec/chat.md
seq:
  - id: heartbeat_interval_ms
    type: u4
    doc: The client sends a record at least this often [CH-PRES-2].
  - id: session_timeout_ms
    type: u4
    doc: Silence after which the server ends the session [CH-PRES-3].
  - id: observed
    type: endpoint
    doc: The client address with transport_port = the client's peer_port.
  - id: server_time_ms
    type: u8
    doc: Server clock, milliseconds since the Unix epoch; informative.
