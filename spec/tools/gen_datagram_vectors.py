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
cok("quote longer than 64 bytes: only the first 64 are kept", unreach(1, 9, q), {"messageType": 3, "code": 1, "port": 9, "invokingPacket": q[:64].hex()}, ["QuoteTruncated"])
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

groups = [dg, ctl, crc]
n = 0
for g in groups:
    for t in g["tests"]:
        n += 1
        t["tcId"] = n
doc = {
    "algorithm": "parley-datagram-v1",
    "generatorVersion": "1",
    "numberOfTests": n,
    "header": ["Test vectors for the Parley datagram layer (spec/datagram.md).",
               "Each DatagramDecode input is one whole UDP payload; each ControlDecode input is the payload of a control packet.",
               "An invalid case names the canonical drop code that ReceiveDatagram or the control decoder must count."],
    "notes": {
        "CheckOrder": "Several checks fail; the first in the order of ReceiveDatagram names the drop.",
        "MinimumSize": "The smallest well-formed packet.",
        "MaximumSize": "A packet of exactly the configured maximum packet size.",
        "ChecksumTopBit": "The checksum's most significant bit is set.",
        "ReservedIgnored": "Reserved fields are ignored on receipt.",
        "QuoteTruncated": "A receiver keeps at most 64 quoted bytes."
    },
    "testGroups": groups,
}
with open("spec/vectors/datagram.json", "w") as f:
    json.dump(doc, f, indent=2)
    f.write("\n")
print("wrote %d vectors" % n)
