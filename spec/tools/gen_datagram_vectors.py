#!/usr/bin/env python3
"""Writes spec/vectors/datagram.json.

An independent implementation of the datagram chapter's encoding (its own CRC-32C, no Parley code),
so the published vectors check the reference implementation rather than echo it.
Run from the repository root: python3 spec/tools/gen_datagram_vectors.py
"""
import json
import struct
import zlib

def _crc32c_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table

_T = _crc32c_table()

def crc32c(data: bytes) -> int:
    c = 0xFFFFFFFF
    for b in data:
        c = _T[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF

assert crc32c(b"123456789") == 0xE3069283  # RFC 3720, appendix B.4

def packet(proto, payload, version=1, length=None, checksum=None, crc=crc32c):
    length = 8 + len(payload) if length is None else length
    zeroed = struct.pack(">BBHI", version, proto, length & 0xFFFF, 0) + payload
    if checksum is None:
        checksum = crc(zeroed)
    return struct.pack(">BBHI", version, proto, length & 0xFFFF, checksum) + payload

def fields(raw):
    v, p, l, c = struct.unpack(">BBHI", raw[:8])
    return {"version": v, "nextProtocol": p, "lenPacket": l, "checksum": "%08x" % c, "payload": raw[8:].hex()}

def echo(type_, ident, seq, data, code=0):
    return struct.pack(">BBHH", type_, code, ident, seq) + data

def unreach(code, port, quote, reserved=0):
    return struct.pack(">BBHH", 3, code, reserved, port) + quote

tests = []
def add(group, comment, raw, result, expected=None, error=None, flags=()):
    t = {"tcId": 0, "comment": comment, "input": raw.hex(), "result": result}
    if expected is not None:
        t["expected"] = expected
    if error is not None:
        t["error"] = error
    if flags:
        t["flags"] = list(flags)
    group["tests"].append(t)

dg = {"type": "DatagramDecode", "maxPacketSize": 1200, "knownProtocols": [1, 2],
      "source": "spec/datagram.md, ReceiveDatagram", "tests": []}
hello = echo(8, 7, 1, b"hello")
ok = lambda c, raw, flags=(): add(dg, c, raw, "valid", expected=fields(raw), flags=flags)
ok("echo request 'hello' in a control packet", packet(1, hello))
ok("echo reply 'hello' in a control packet", packet(1, echo(0, 7, 1, b"hello")))
ok("transport packet, 20 payload bytes", packet(2, bytes(range(20))))
ok("empty payload: the 8-byte header alone", packet(2, b""), ["MinimumSize"])
ok("exactly the maximum packet size, 1200 bytes", packet(2, bytes(i & 0xFF for i in range(1192))), ["MaximumSize"])
ok("unreachable quoting a transport packet", packet(1, unreach(1, 4242, packet(2, bytes(16)))))
# A checksum with its top bit set catches a signed 32-bit comparison.
for i in range(1000):
    raw = packet(2, b"top-bit-%d" % i)
    if raw[4] & 0x80:
        ok("checksum with the top bit set (unsigned 32-bit comparison)", raw, ["ChecksumTopBit"])
        break

bad = lambda c, raw, err, flags=(): add(dg, c, raw, "invalid", error=err, flags=flags)
bad("1201 bytes: one more than the maximum packet size", packet(2, bytes(1193)), "DG_TOO_LARGE")
bad("oversize and a bad version: size is checked first", packet(2, bytes(1300), version=9), "DG_TOO_LARGE", ["CheckOrder"])
bad("empty datagram", b"", "DG_TRUNCATED")
bad("one byte", b"\x01", "DG_TRUNCATED")
bad("seven bytes: a header minus one", packet(1, b"")[:7], "DG_TRUNCATED")
bad("version 0", packet(1, hello, version=0), "DG_BAD_VERSION")
bad("version 2", packet(1, hello, version=2), "DG_BAD_VERSION")
bad("version 255", packet(1, hello, version=255), "DG_BAD_VERSION")
bad("bad version and a bad length: version is checked first", packet(1, hello, version=2, length=3), "DG_BAD_VERSION", ["CheckOrder"])
bad("len_packet one more than the datagram", packet(1, hello, length=8 + len(hello) + 1), "DG_BAD_LENGTH")
bad("len_packet one less than the datagram", packet(1, hello, length=8 + len(hello) - 1), "DG_BAD_LENGTH")
bad("len_packet 0", packet(1, hello, length=0), "DG_BAD_LENGTH")
bad("len_packet 7, below the header size", packet(1, hello, length=7), "DG_BAD_LENGTH")
bad("bad length and a bad checksum: length is checked first", packet(1, hello, length=99, checksum=0), "DG_BAD_LENGTH", ["CheckOrder"])
good = packet(1, hello)
flipped = bytearray(good); flipped[-1] ^= 0x01
bad("one bit flipped in the payload", bytes(flipped), "DG_BAD_CHECKSUM")
flipped = bytearray(good); flipped[1] ^= 0x03
bad("next_protocol changed from 1 to 2 after the checksum was computed", bytes(flipped), "DG_BAD_CHECKSUM")
bad("checksum field zero", packet(1, hello, checksum=0), "DG_BAD_CHECKSUM")
c = crc32c(packet(1, hello, checksum=0)[:4] + b"\0\0\0\0" + hello)
bad("checksum written little-endian", packet(1, hello, checksum=struct.unpack("<I", struct.pack(">I", c))[0]), "DG_BAD_CHECKSUM")
bad("CRC-32 (IEEE 802.3) instead of CRC-32C", packet(1, hello, crc=zlib.crc32), "DG_BAD_CHECKSUM")
cover = packet(1, hello, checksum=0)
bad("CRC-32C computed over the header with the checksum field not zeroed", packet(1, hello, checksum=crc32c(cover[:4] + b"\xff\xff\xff\xff" + hello)), "DG_BAD_CHECKSUM")
bad("next_protocol 0 (reserved)", packet(0, b"abc"), "DG_UNKNOWN_PROTOCOL")
bad("next_protocol 3 (unassigned)", packet(3, b"abc"), "DG_UNKNOWN_PROTOCOL")
bad("next_protocol 255 (experiments)", packet(255, b"abc"), "DG_UNKNOWN_PROTOCOL")

ctl = {"type": "ControlDecode", "source": "spec/datagram.md, Control protocol; input is a control packet's payload", "tests": []}
def cok(c, raw, exp, flags=()):
    add(ctl, c, raw, "valid", expected=exp, flags=flags)
def cbad(c, raw, err):
    add(ctl, c, raw, "invalid", error=err)
cok("echo request", echo(8, 7, 1, b"hello"), {"messageType": 8, "code": 0, "identifier": 7, "sequenceNumber": 1, "data": b"hello".hex()})
cok("echo request with no data", echo(8, 0xFFFF, 0xFFFF, b""), {"messageType": 8, "code": 0, "identifier": 65535, "sequenceNumber": 65535, "data": ""})
cok("echo reply", echo(0, 1, 2, b"\x00\x01"), {"messageType": 0, "code": 0, "identifier": 1, "sequenceNumber": 2, "data": "0001"})
q = packet(7, b"xyz")
cok("protocol unreachable quoting an 11-byte packet", unreach(0, 0, q), {"messageType": 3, "code": 0, "port": 0, "invokingPacket": q.hex()})
q = packet(2, bytes(20))
cok("port unreachable for port 4242", unreach(1, 4242, q), {"messageType": 3, "code": 1, "port": 4242, "invokingPacket": q.hex()})
cok("reserved bits set are ignored", unreach(1, 80, q, reserved=0xBEEF), {"messageType": 3, "code": 1, "port": 80, "invokingPacket": q.hex()}, ["ReservedIgnored"])
q = packet(2, bytes(100))
cok("quote field of 108 bytes: expected.invokingPacket is its first 64, the part a receiver uses", unreach(1, 9, q), {"messageType": 3, "code": 1, "port": 9, "invokingPacket": q[:64].hex()}, ["QuoteTruncated"])
cbad("empty control payload", b"", "CTL_TRUNCATED")
cbad("type without code", b"\x08", "CTL_TRUNCATED")
cbad("echo request with a 3-byte body", echo(8, 1, 1, b"")[:5], "CTL_TRUNCATED")
cbad("unreachable with a 2-byte body", unreach(0, 0, b"")[:4], "CTL_TRUNCATED")
cbad("type 5 (unassigned)", b"\x05\x00\x00\x00", "CTL_UNKNOWN_TYPE")
cbad("type 255", b"\xff\x00", "CTL_UNKNOWN_TYPE")
cbad("echo request with code 1", echo(8, 1, 1, b"", code=1), "CTL_BAD_CODE")
cbad("unreachable with code 2", struct.pack(">BBHH", 3, 2, 0, 0), "CTL_BAD_CODE")

crc = {"type": "Crc32cKnownAnswer", "source": "RFC 3720 appendix B.4 and RFC 7143", "tests": []}
for comment, data in [("ASCII '123456789'", b"123456789"), ("32 bytes of zeros", bytes(32)), ("32 bytes of 0xff", b"\xff" * 32)]:
    add(crc, comment, data, "valid", expected={"crc32c": "%08x" % crc32c(data)})

# Replies. The node has handlers for protocols 1 (control) and 2 (transport, which takes every packet
# and answers nothing at this layer), its maxPacketSize is 1200, and the input comes from an endpoint
# whose reply bucket is full: `reply` is the one datagram the node sends back, or null.
rep = {"type": "DatagramReply", "maxPacketSize": 1200, "knownProtocols": [1, 2],
       "source": "spec/datagram.md, ReceiveDatagram, HandleControl and SendUnreachable", "tests": []}

def reply_to(raw):
    """The reply of ReceiveDatagram, HandleControl and SendUnreachable to one datagram, or None."""
    if len(raw) > 1200 or len(raw) < 8 or raw[0] != 1 or struct.unpack(">H", raw[2:4])[0] != len(raw):
        return None
    if struct.unpack(">I", raw[4:8])[0] != crc32c(raw[:4] + bytes(4) + raw[8:]):
        return None
    proto = raw[1]
    if proto not in (1, 2):
        quote = min(64, len(raw) - 14)
        return packet(1, unreach(0, 0, raw[:quote])) if quote >= 8 else None
    if proto == 2:
        return None
    body = raw[8:]
    if len(body) < 4 or body[0] != 8 or body[1] != 0:
        return None   # truncated, not an echo request, or a bad code: dropped or never answered
    return packet(1, bytes([0, 0]) + body[2:])

def rep_case(comment, raw, result, error=None, flags=()):
    add(rep, comment, raw, result, error=error, flags=flags)
    r = reply_to(raw)
    rep["tests"][-1]["reply"] = None if r is None else r.hex()
    if r is not None:
        assert len(r) <= len(raw)                                     # [DG-AMP-1]

rep_case("echo request 'ping', identifier 0x1234: the example of section 10", packet(1, echo(8, 0x1234, 1, b"ping")), "valid", flags=["EchoReply"])
rep_case("echo request with no data", packet(1, echo(8, 0, 0, b"")), "valid", flags=["EchoReply"])
rep_case("echo request of exactly 1200 octets: the reply is 1200 octets too", packet(1, echo(8, 9, 9, bytes(i & 0xFF for i in range(1186)))), "valid", flags=["EchoReply", "MaximumSize"])
rep_case("30-octet packet for unassigned protocol 7: the example of section 10, quote of 16", packet(7, bytes(range(22))), "invalid", "DG_UNKNOWN_PROTOCOL", ["ProtocolUnreachable"])
rep_case("22-octet packet for protocol 3: the shortest that is answered, quote of 8", packet(3, bytes(14)), "invalid", "DG_UNKNOWN_PROTOCOL", ["ProtocolUnreachable"])
rep_case("21-octet packet for protocol 3: quote of 7, not answered", packet(3, bytes(13)), "invalid", "DG_UNKNOWN_PROTOCOL", ["ShortQuote"])
rep_case("20-octet packet for protocol 7: quote of 6, not answered", packet(7, bytes(12)), "invalid", "DG_UNKNOWN_PROTOCOL", ["ShortQuote"])
rep_case("78-octet packet for protocol 0: quote of exactly 64", packet(0, bytes(range(70))), "invalid", "DG_UNKNOWN_PROTOCOL", ["ProtocolUnreachable"])
rep_case("1200-octet packet for protocol 255: quote cut to 64", packet(255, bytes(i & 0xFF for i in range(1192))), "invalid", "DG_UNKNOWN_PROTOCOL", ["ProtocolUnreachable"])
rep_case("transport packet: delivered to its handler, no datagram-layer reply", packet(2, bytes(40)), "valid", flags=["Delivered"])
rep_case("echo request with its last octet changed: bad checksum, no reply", bytes.fromhex("010100" "12b18ba9d408001234000170696e66"), "invalid", "DG_BAD_CHECKSUM", ["NoReplyToDrop"])
rep_case("packet for protocol 7 with a bad version: no reply", packet(7, bytes(30), version=2), "invalid", "DG_BAD_VERSION", ["NoReplyToDrop"])
rep_case("1201-octet packet for protocol 7: too large, no reply", packet(7, bytes(1193)), "invalid", "DG_TOO_LARGE", ["NoReplyToDrop"])
rep_case("echo request with code 1: dropped, no reply", packet(1, echo(8, 1, 1, b"abcdefgh", code=1)), "invalid", "CTL_BAD_CODE", ["NoReplyToDrop"])
rep_case("control message of unknown type 5: dropped, no reply", packet(1, b"\x05\x00" + bytes(30)), "invalid", "CTL_UNKNOWN_TYPE", ["NoReplyToDrop"])
rep_case("echo reply: never answered", packet(1, echo(0, 7, 1, b"hello")), "valid", flags=["NoReplyToReply"])
rep_case("protocol unreachable quoting a transport packet: never answered", packet(1, unreach(0, 0, packet(2, bytes(16)))), "valid", flags=["NoReplyToReply"])
rep_case("unreachable with code 2 quoting a transport packet: dropped, no reply", packet(1, unreach(2, 0, packet(2, bytes(16)))), "invalid", "CTL_BAD_CODE", ["NoReplyToDrop"])

groups = [dg, ctl, crc, rep]
n = 0
for g in groups:
    for t in g["tests"]:
        n += 1
        t["tcId"] = n
doc = {
    "algorithm": "parley-datagram-v1",
    "generatorVersion": "2",
    "numberOfTests": n,
    "header": ["Test vectors for the Parley datagram layer (spec/datagram.md).",
               "Each DatagramDecode input is one whole UDP payload; each ControlDecode input is the payload of a control packet.",
               "An invalid case names the canonical drop code that ReceiveDatagram or the control decoder must count.",
               "ControlDecode expected.invokingPacket is the quote a receiver uses: the raw field cut to its first 64 octets [DG-CTL-13].",
               "Each DatagramReply input is one whole datagram from an endpoint the rate limit allows; reply is the one datagram",
               "the node sends back (hex), or null when it sends nothing. Written by spec/tools/gen_datagram_vectors.py."],
    "notes": {
        "CheckOrder": "Several checks fail; the first in the order of ReceiveDatagram names the drop [DG-RECV-1].",
        "MinimumSize": "The smallest well-formed packet: the 8-octet header alone [DG-LEN-1] [DG-RECV-3].",
        "MaximumSize": "A packet of exactly the configured maximum packet size, accepted [DG-MTU-1] [DG-RECV-1].",
        "ChecksumTopBit": "The checksum's most significant bit is set: an unsigned 32-bit comparison is needed [DG-CSUM-2].",
        "ReservedIgnored": "Reserved fields are ignored on receipt [DG-CTL-6].",
        "QuoteTruncated": "The input's invoking_packet field is longer than 64 octets; a receiver uses only its first "
                          "64 octets, and expected.invokingPacket is those 64 octets, not the raw field [DG-CTL-13].",
        "EchoReply": "An echo request is answered with an echo reply that copies identifier, sequence number and "
                     "data, the same length as the request [DG-CTL-3] [DG-CTL-4].",
        "ProtocolUnreachable": "A packet for a protocol without a handler is dropped and answered with a protocol "
                               "unreachable quoting min(64, length - 14) of its leading octets, never longer than "
                               "the packet [DG-RECV-4] [DG-CTL-5] [DG-CTL-7] [DG-AMP-1].",
        "ShortQuote": "No unreachable when its quote would be shorter than 8 octets (packet shorter than 22) [DG-CTL-10].",
        "NoReplyToDrop": "A dropped datagram or control message is answered with nothing [DG-DROP-1] [DG-CTL-9].",
        "NoReplyToReply": "An echo reply or an unreachable message is never answered [DG-CTL-9] [DG-CTL-12].",
        "Delivered": "A packet for a protocol with a handler is delivered; the datagram layer sends nothing [DG-RECV-3].",
    },
    "testGroups": groups,
}
with open("spec/vectors/datagram.json", "w") as f:
    json.dump(doc, f, indent=2)
    f.write("\n")
print("wrote %d vectors" % n)
