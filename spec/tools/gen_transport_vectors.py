#!/usr/bin/env python3
"""Writes spec/vectors/transport.json.

An implementation of the transport segment format of spec/transport.md section 4 and
ksy/transport/transport_segment.ksy, written in Python from the text alone: its own encoder and its
own decoder with the receive checks of [TR-SEG-6], sharing no code with the Java implementation.
Every case is built from fields by `segment()`, classified by `classify()`, and the file is written
only if each case's declared outcome is the one the checks give, so the published vectors check the
reference implementation rather than echo it.

Run from the repository root: python3 spec/tools/gen_transport_vectors.py

To extend: add a call to `ok()` (valid) or `bad()` (invalid) at the END of its group (tcIds are
numbered in file order and are never reused, so new cases go after the last one); add a flag to
NOTES when a case checks something new, naming the requirement ids it checks. A new option or field
of the segment format goes into `segment()`, `decode()` and `classify()`; a new kind of test goes
into a new group (see GROUPS at the bottom) whose type the chapter's test-vector section defines.
"""
import json
import struct

GENERATOR_VERSION = "3"

HEADER_LENGTH = 28           # [TR-SEG-2]
SACK_BLOCK_LENGTH = 8
MAX_SACK_BLOCKS = 4          # [TR-SEG-4]
DEFAULT_MAX_SEGMENT = 1192   # datagram maxPacketSize 1200 - 8 [TR-SEG-1]
MIN_MAX_SEGMENT, MAX_MAX_SEGMENT = 188, 65499   # what an open option may announce [TR-MSS-1]
OPEN_OPTION_LENGTH = 2       # max_segment:u2, the only data a SYN may carry [TR-MSS-1]

SYN, ACK, FIN, RST = 0x01, 0x02, 0x04, 0x08
RESERVED = 0xF0              # sent as zero, ignored on receipt [TR-SEG-3]


def segment(src_port=1, dst_port=2, seq_num=3, ack_num=4, flags=ACK, window=5, ts_val=6, ts_ecr=7,
            sack=(), data=b"", num_sack_blocks=None, len_data=None):
    """The octets of one segment; num_sack_blocks and len_data may be given to lie about the rest."""
    n = len(sack) if num_sack_blocks is None else num_sack_blocks
    length = len(data) if len_data is None else len_data
    out = struct.pack(">HHIIBBIIIH", src_port, dst_port, seq_num & 0xFFFFFFFF, ack_num & 0xFFFFFFFF,
                      flags, n, window, ts_val, ts_ecr, length)
    for left, right in sack:
        out += struct.pack(">II", left & 0xFFFFFFFF, right & 0xFFFFFFFF)
    return out + data


def seq_after(a, b):
    """True when a is after b in sequence space: (a - b) as a signed 32-bit value is positive."""
    d = (a - b) & 0xFFFFFFFF
    return d != 0 and d < 0x80000000


def classify(raw):
    """The canonical drop code of [TR-SEG-6] for these octets, or None when the segment is valid."""
    if len(raw) < HEADER_LENGTH:
        return "TR_TRUNCATED"
    n = raw[13]
    if n > MAX_SACK_BLOCKS:
        return "TR_BAD_SACK"
    if len(raw) < HEADER_LENGTH + SACK_BLOCK_LENGTH * n:
        return "TR_TRUNCATED"
    len_data = struct.unpack(">H", raw[26:28])[0]
    if HEADER_LENGTH + SACK_BLOCK_LENGTH * n + len_data != len(raw):
        return "TR_BAD_LENGTH"
    src_port, dst_port = struct.unpack(">HH", raw[0:4])
    if src_port == 0 or dst_port == 0:
        return "TR_BAD_PORT"
    flags = raw[12] & ~RESERVED
    syn, ack, fin, rst = flags & SYN, flags & ACK, flags & FIN, flags & RST
    if (syn and (fin or rst)) or (rst and (fin or len_data)) or not (syn or ack or rst) or (n and not ack):
        return "TR_BAD_FLAGS"
    if syn and len_data:
        # A SYN's data is empty or one open option announcing 188..65499 [TR-SEG-3] [TR-MSS-1].
        if len_data != OPEN_OPTION_LENGTH:
            return "TR_BAD_FLAGS"
        start = HEADER_LENGTH + SACK_BLOCK_LENGTH * n
        announced = struct.unpack(">H", raw[start:start + 2])[0]
        if not MIN_MAX_SEGMENT <= announced <= MAX_MAX_SEGMENT:
            return "TR_BAD_FLAGS"
    for i in range(n):
        left, right = struct.unpack(">II", raw[28 + 8 * i:36 + 8 * i])
        if not seq_after(right, left):
            return "TR_BAD_SACK"
    return None


def decode(raw):
    """The fields of a valid segment, named as the generated accessors name the .ksy ids."""
    (src_port, dst_port, seq_num, ack_num, flags, n, window, ts_val, ts_ecr,
     len_data) = struct.unpack(">HHIIBBIIIH", raw[:HEADER_LENGTH])
    blocks = [struct.unpack(">II", raw[28 + 8 * i:36 + 8 * i]) for i in range(n)]
    return {
        "srcPort": src_port, "dstPort": dst_port, "seqNum": seq_num, "ackNum": ack_num,
        "flags": {"reserved": flags >> 4, "rst": bool(flags & RST), "fin": bool(flags & FIN),
                  "ack": bool(flags & ACK), "syn": bool(flags & SYN)},
        "numSackBlocks": n, "window": window, "tsVal": ts_val, "tsEcr": ts_ecr, "lenData": len_data,
        "sackBlocks": [{"leftEdge": left, "rightEdge": right} for left, right in blocks],
        "data": raw[HEADER_LENGTH + 8 * n:].hex(),
    }


NOTES = {
    "Open": "A segment of the three-way open: SYN, SYN|ACK, then ACK [TR-OPEN-1] [TR-OPEN-3] [TR-OPEN-4].",
    "Data": "Stream data in a segment with ACK [TR-DATA-1].",
    "Sack": "SACK blocks: up to 4, each a range after its left edge in sequence space, also across the "
            "wrap of the 32-bit sequence space [TR-SACK-1] [TR-SEG-4].",
    "Close": "FIN with ACK, carrying data [TR-CLOSE-1].",
    "Reset": "The two forms of RST: alone, and RST|ACK answering a SYN [TR-RST-1] [TR-DEMUX-3].",
    "Window": "Extreme values of the 32-bit window and of the sequence and timestamp fields [TR-FLOW-1].",
    "ReservedIgnored": "Reserved flag bits are ignored on receipt: the segment decodes as if they were "
                       "zero, and re-encoding it clears them [TR-SEG-3].",
    "MaximumSize": "The largest segment of the default 1200-octet packet: 1192 octets, 1164 of data "
                   "[TR-SEG-1] [TR-SEG-7].",
    "Truncated": "Shorter than the 28-octet header, or than the header and the SACK blocks it announces: "
                 "TR_TRUNCATED [TR-SEG-2] [TR-SEG-6].",
    "SackCount": "More than 4 SACK blocks announced: TR_BAD_SACK, checked before the length [TR-SEG-4] [TR-SEG-6].",
    "LengthMismatch": "Header, blocks and len_data do not add up to the segment's length: TR_BAD_LENGTH, "
                      "whether len_data claims more or fewer octets than follow [TR-SEG-2] [TR-SEG-6].",
    "PortZero": "A port is 0: TR_BAD_PORT [TR-SEG-5].",
    "BadFlags": "A forbidden flag combination: SYN with FIN or RST; RST with FIN or data; none of "
                "SYN, ACK, RST; SACK blocks without ACK: TR_BAD_FLAGS [TR-SEG-3].",
    "BadSackBlock": "A SACK block whose right edge is not after its left edge: TR_BAD_SACK [TR-SEG-4].",
    "CheckOrder": "Several checks fail; the first in the order of [TR-SEG-6] names the drop.",
    "OpenOption": "A SYN or SYN|ACK whose data is the 2-octet open option max_segment:u2, which is no stream "
                  "byte; it announces 188..65499 [TR-MSS-1] [TR-SEG-3].",
    "BadOpenOption": "A SYN whose data is not one open option, or whose option announces a maximum segment "
                     "outside 188..65499: TR_BAD_FLAGS [TR-MSS-1] [TR-SEG-3].",
}


def add(group, comment, raw, result, error=None, flags=()):
    declared = None if result == "valid" else error
    got = classify(raw)
    if got != declared:
        raise SystemExit("case %r: the checks give %s, the case declares %s" % (comment, got, declared))
    for f in flags:
        if f not in NOTES:
            raise SystemExit("case %r: flag %s has no note" % (comment, f))
    t = {"tcId": 0, "comment": comment, "input": raw.hex(), "result": result}
    if result == "valid":
        t["expected"] = decode(raw)
    else:
        t["error"] = error
    if flags:
        t["flags"] = list(flags)
    group["tests"].append(t)


decode_group = {"type": "SegmentDecode", "source": "spec/transport.md, section 4 (Segment format), [TR-SEG-6]",
                "tests": []}


def ok(comment, raw, *flags):
    add(decode_group, comment, raw, "valid", flags=flags)


def bad(comment, raw, error, *flags):
    add(decode_group, comment, raw, "invalid", error=error, flags=flags)


# tcIds 1-35: the cases of generatorVersion 1 (written by hand), in their order.
ok("SYN opening a connection",
   segment(49152, 7000, 0x12345678, 0, SYN, 65536, 1000, 0), "Open")
ok("SYN|ACK answering it",
   segment(7000, 49152, 0x9ABCDEF0, 0x12345679, SYN | ACK, 65536, 2000, 1000), "Open")
ok("bare ACK completing the open",
   segment(49152, 7000, 0x12345679, 0x9ABCDEF1, ACK, 65536, 3000, 2000), "Open")
ok("ACK with 5 bytes of data",
   segment(49152, 7000, 0x12345679, 0x9ABCDEF1, ACK, 65536, 3000, 2000, data=b"hello"), "Data")
ok("ACK with 2 SACK blocks",
   segment(7000, 49152, 0x9ABCDEF1, 0x12345679, ACK, 60000, 4000, 3000,
           sack=[(0x12345B05, 0x12345F91), (0x1234641D, 0x123468A9)]), "Sack")
ok("ACK with 4 SACK blocks, the maximum",
   segment(7000, 49152, 1, 2, ACK, 1, 2, 3, sack=[(10, 20), (30, 40), (50, 60), (70, 80)]), "Sack")
ok("SACK block across sequence wrap",
   segment(7000, 49152, 1, 0xFFFFFFF0, ACK, 1, 2, 3, sack=[(0xFFFFFFF8, 0x10)]), "Sack")
ok("FIN|ACK with data",
   segment(49152, 7000, 100, 200, FIN | ACK, 0, 5, 6, data=b"bye"), "Close")
ok("RST without ACK",
   segment(7000, 49152, 0x9ABCDEF1, 0, RST, 0, 0, 0), "Reset")
ok("RST|ACK answering a SYN in SYN_SENT",
   segment(7000, 49152, 0, 0x12345679, RST | ACK, 0, 0, 0), "Reset")
ok("zero window, all-ones numbers",
   segment(0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, ACK, 0, 0xFFFFFFFF, 0xFFFFFFFF), "Window")
ok("largest window",
   segment(1, 2, 0, 0, ACK, 0xFFFFFFFF, 0, 0), "Window")
ok("reserved flag bit set is ignored",
   segment(flags=0x80 | ACK), "ReservedIgnored")
ok("1164 bytes of data, a full segment at the default 1200-byte packet",
   segment(data=bytes(i & 0xFF for i in range(1024)) + bytes(DEFAULT_MAX_SEGMENT - HEADER_LENGTH - 1024)),
   "MaximumSize")
bad("empty input", b"", "TR_TRUNCATED", "Truncated")
bad("27 bytes, one short of the header", segment()[:27], "TR_TRUNCATED", "Truncated")
bad("one SACK block announced, none present", segment(num_sack_blocks=1), "TR_TRUNCATED", "Truncated")
bad("five SACK blocks", segment(sack=[(k, k + 1) for k in range(1, 10, 2)]), "TR_BAD_SACK", "SackCount")
bad("255 SACK blocks announced", segment(num_sack_blocks=255), "TR_BAD_SACK", "SackCount", "CheckOrder")
bad("len_data larger than the data", segment(data=b"abc", len_data=4), "TR_BAD_LENGTH", "LengthMismatch")
bad("len_data smaller than the data", segment(data=b"abc", len_data=2), "TR_BAD_LENGTH", "LengthMismatch")
bad("trailing byte after the data", segment(data=b"abc") + b"\x00", "TR_BAD_LENGTH", "LengthMismatch")
bad("source port 0", segment(src_port=0), "TR_BAD_PORT", "PortZero")
bad("destination port 0", segment(dst_port=0), "TR_BAD_PORT", "PortZero")
bad("no flags at all", segment(flags=0), "TR_BAD_FLAGS", "BadFlags")
bad("data without ACK", segment(flags=0, data=b"x"), "TR_BAD_FLAGS", "BadFlags")
bad("FIN without ACK", segment(flags=FIN), "TR_BAD_FLAGS", "BadFlags")
bad("SYN|FIN", segment(flags=SYN | FIN), "TR_BAD_FLAGS", "BadFlags")
bad("SYN|RST", segment(flags=SYN | RST), "TR_BAD_FLAGS", "BadFlags")
bad("FIN|RST|ACK", segment(flags=FIN | RST | ACK), "TR_BAD_FLAGS", "BadFlags")
bad("SYN with data", segment(ack_num=0, flags=SYN, data=b"x"), "TR_BAD_FLAGS", "BadFlags")
bad("RST with data", segment(flags=RST | ACK, data=b"x"), "TR_BAD_FLAGS", "BadFlags")
bad("SACK block without ACK", segment(flags=RST, sack=[(1, 2)]), "TR_BAD_FLAGS", "BadFlags")
bad("empty SACK block (left = right)", segment(sack=[(9, 9)]), "TR_BAD_SACK", "BadSackBlock")
bad("inverted SACK block", segment(sack=[(1, 2), (9, 5)]), "TR_BAD_SACK", "BadSackBlock")

# tcIds 36-: added by generatorVersion 2.
ok("SACK block of the largest extent, 2^31 - 1",
   segment(sack=[(0x10, 0x8000000F)]), "Sack")
bad("SACK block of extent 2^31: its right edge is not after its left edge",
    segment(sack=[(0x10, 0x80000010)]), "TR_BAD_SACK", "BadSackBlock")
bad("header one short and 5 SACK blocks announced: the length is checked first",
    segment(num_sack_blocks=5)[:27], "TR_TRUNCATED", "Truncated", "CheckOrder")
bad("two SACK blocks announced, one present, and port 0: truncation is checked first",
    segment(src_port=0, sack=[(1, 2)], num_sack_blocks=2), "TR_TRUNCATED", "Truncated", "CheckOrder")
bad("len_data wrong and port 0: the length is checked before the ports",
    segment(src_port=0, data=b"abc", len_data=1), "TR_BAD_LENGTH", "LengthMismatch", "CheckOrder")
bad("port 0 and no flags: the ports are checked before the flags",
    segment(dst_port=0, flags=0), "TR_BAD_PORT", "PortZero", "CheckOrder")
bad("SACK block without ACK and inverted: the flags are checked before the blocks",
    segment(flags=RST, sack=[(9, 5)]), "TR_BAD_FLAGS", "BadFlags", "CheckOrder")
bad("only reserved bits set: none of SYN, ACK, RST",
    segment(flags=0xF0), "TR_BAD_FLAGS", "BadFlags")
bad("SYN|ACK with data", segment(flags=SYN | ACK, data=b"x"), "TR_BAD_FLAGS", "BadFlags")

# tcIds 45-: added by generatorVersion 3 (the open option of [TR-MSS-1]).
ok("SYN announcing a 1492-byte maximum segment in its open option; the option occupies no sequence number",
   segment(src_port=49152, dst_port=7000, seq_num=0x12345678, ack_num=0, flags=SYN, window=65536,
           ts_val=1000, ts_ecr=0, data=struct.pack(">H", 1492)), "OpenOption")
ok("SYN|ACK announcing the smallest allowed maximum segment, 188",
   segment(src_port=7000, dst_port=49152, seq_num=0x9ABCDEF0, ack_num=0x12345679, flags=SYN | ACK,
           window=65536, ts_val=2000, ts_ecr=1000, data=struct.pack(">H", 188)), "OpenOption")
ok("SYN announcing the largest allowed maximum segment, 65499",
   segment(ack_num=0, flags=SYN, ts_ecr=0, data=struct.pack(">H", 65499)), "OpenOption")
bad("SYN announcing 187, below the smallest maximum segment",
    segment(src_port=49152, dst_port=7000, seq_num=0x12345678, ack_num=0, flags=SYN, window=65536,
            ts_val=1000, ts_ecr=0, data=struct.pack(">H", 187)), "TR_BAD_FLAGS", "BadOpenOption")
bad("SYN announcing 65500, above the largest maximum segment",
    segment(src_port=49152, dst_port=7000, seq_num=0x12345678, ack_num=0, flags=SYN, window=65536,
            ts_val=1000, ts_ecr=0, data=struct.pack(">H", 65500)), "TR_BAD_FLAGS", "BadOpenOption")
bad("SYN with 3 octets of data: not one open option",
    segment(ack_num=0, flags=SYN, data=b"\x05\xd4\x00"), "TR_BAD_FLAGS", "BadOpenOption")

GROUPS = [decode_group]

n = 0
for g in GROUPS:
    for t in g["tests"]:
        n += 1
        t["tcId"] = n
used = {f for g in GROUPS for t in g["tests"] for f in t.get("flags", ())}
unused = set(NOTES) - used
if unused:
    raise SystemExit("notes without a case: %s" % sorted(unused))

doc = {
    "algorithm": "parley-transport-v1",
    "generatorVersion": GENERATOR_VERSION,
    "numberOfTests": n,
    "header": [
        "Test vectors for the Parley transport layer (spec/transport.md, section 4; ksy/transport/transport_segment.ksy).",
        "Each SegmentDecode input is one whole segment: the payload of a datagram-layer packet with next_protocol 2.",
        "A valid case gives the decoded fields, named as the generated accessors name the .ksy ids; integers are",
        "unsigned, octet strings hex; encoding the decoded segment gives the input back unless reserved flag bits",
        "are set (they are ignored on receipt and sent as zero).",
        "An invalid case names the canonical drop code of the first failing check of [TR-SEG-6].",
        "Written by spec/tools/gen_transport_vectors.py, which shares no code with the reference implementation.",
    ],
    "notes": NOTES,
    "testGroups": GROUPS,
}
with open("spec/vectors/transport.json", "w") as f:
    json.dump(doc, f, indent=2)
    f.write("\n")
print("wrote %d vectors" % n)
