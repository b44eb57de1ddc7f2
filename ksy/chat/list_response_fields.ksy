meta:
  id: list_response_fields
  title: Parley chat list_response fields
  license: Apache-2.0
  ks-version: "0.11"
  endian: be
doc: The fields of a list_response, every online user sorted by octets [CH-REQ-2].
doc-ref: spec/chat.md
seq:
  - id: num_users
    type: u2
    doc: Number of names that follow.
  - id: users
    type: user_name
    repeat: expr
    repeat-expr: num_users
    doc: The online users.
types:
  user_name:
    doc: One username with its length.
    seq:
      - id: len_name
        type: u1
        doc: Length of name, 1..32.
      - id: name
        size: len_name
        doc: The username [CH-USER-1].
