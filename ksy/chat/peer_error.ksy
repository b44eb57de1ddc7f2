meta:
  id: peer_error
  title: Parley PeerError (0x7F)
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
doc: |
  Why a peer session ends (spec/messaging.md, "PeerError"); never sealed [PM-ERR-1].
doc-ref: spec/messaging.md
seq:
  - id: msg_type
    type: u1
    doc: 0x7F.
  - id: version
    type: u1
    doc: 1.
  - id: suite
    type: u1
    doc: The sender's suite, 1; a receiver reads a PeerError whatever its suite.
  - id: code
    type: u2
    doc: Value of a canonical code (registries.md section 12.1); unknown values are PM_UNKNOWN_ERROR.
