meta:
  id: peer_header
  title: Parley peer message header
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
doc: |
  The header every PeerOpen and PeerMessage starts with (spec/messaging.md, "Messages"). It is
  the AES-GCM associated data of the message's seal [PM-KS-1] and, in a PeerOpen, part of what
  the sender signs [PM-SIG-1].
doc-ref: spec/messaging.md
seq:
  - id: msg_type
    type: u1
    doc: 0x20 peer_open or 0x21 peer_message (registries.md section 12.2).
  - id: version
    type: u1
    doc: 1 in this specification; others are PM_BAD_VERSION [PM-RCV-1].
  - id: suite
    type: u1
    doc: Cipher suite, 1; others are PM_BAD_SUITE [PM-RCV-1].
  - id: len_sender
    type: u1
    doc: Length of sender, 1..32.
  - id: sender
    size: len_sender
    doc: Username of the client that sealed the message [CH-USER-1].
  - id: len_recipient
    type: u1
    doc: Length of recipient, 1..32.
  - id: recipient
    size: len_recipient
    doc: Username of the client the message is for [PM-OPEN-2].
  - id: message_id
    size: 16
    doc: Fresh random octets for every message and recipient [PM-MSG-2].
  - id: timestamp_ms
    type: u8
    doc: Sender's clock at sealing, ms since the Unix epoch [PM-OPEN-3].
  - id: seq
    type: u8
    doc: This direction's sequence number; 0 in a PeerOpen [PM-SEQ-1].
instances:
  is_open:
    value: msg_type == 0x20
    doc: True for a PeerOpen.
