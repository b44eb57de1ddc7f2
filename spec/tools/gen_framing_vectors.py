#!/usr/bin/env python3
"""Writes spec/vectors/framing.json: byte streams and the messages (or the error) a receiver must
produce from them, following spec/framing.md. Independent of the Java code.
Run from the repository root: python3 spec/tools/gen_framing_vectors.py
"""
import json
import struct

def frame(payload, ftype=1, length=None):
    return struct.pack(">BI", ftype, len(payload) if length is None else length) + payload

tests = []
def ok(comment, stream, messages, limit=1024, flags=()):
    t = {"comment": comment, "maxMessageBytes": limit, "input": stream.hex(), "result": "valid",
         "expected": {"messages": [m.hex() for m in messages]}}
    if flags:
        t["flags"] = list(flags)
    tests.append(t)

def bad(comment, stream, error, delivered=(), limit=1024):
    tests.append({"comment": comment, "maxMessageBytes": limit, "input": stream.hex(), "result": "invalid",
                  "error": error, "expected": {"messages": [m.hex() for m in delivered]}})

ok("one message 'hello'", frame(b"hello"), [b"hello"])
ok("an empty message", frame(b""), [b""], flags=["EmptyMessage"])
ok("two messages back to back", frame(b"first") + frame(b"second"), [b"first", b"second"])
ok("empty, then non-empty, then empty", frame(b"") + frame(b"x") + frame(b""), [b"", b"x", b""], flags=["EmptyMessage"])
ok("a message of exactly the limit", frame(bytes(range(256)) * 4), [bytes(range(256)) * 4], flags=["AtLimit"])
ok("a message that contains a frame header", frame(frame(b"inner")), [frame(b"inner")])
ok("an empty stream holds no message", b"", [])
bad("a message one byte over the limit", frame(bytes(1025)), "FR_TOO_LARGE")
bad("len_payload 0xffffffff: rejected from the header, before any payload", frame(b"", length=0xFFFFFFFF), "FR_TOO_LARGE")
bad("a message within the limit, then one over it", frame(b"ok") + frame(b"", length=5000), "FR_TOO_LARGE", [b"ok"])
bad("frame type 0 (reserved)", frame(b"abc", ftype=0), "FR_UNKNOWN_TYPE")
bad("frame type 2 (unassigned)", frame(b"abc", ftype=2), "FR_UNKNOWN_TYPE")
bad("frame type 255", frame(b"abc", ftype=255), "FR_UNKNOWN_TYPE")
bad("the stream ends inside a header", frame(b"abc")[:3], "FR_TRUNCATED")
bad("the stream ends inside a payload", frame(b"abcdef")[:8], "FR_TRUNCATED")
bad("a whole message, then the stream ends inside the next header", frame(b"m") + b"\x01\x00", "FR_TRUNCATED", [b"m"])

for i, t in enumerate(tests, 1):
    t["tcId"] = i
    tests[i - 1] = {"tcId": i, **{k: v for k, v in t.items() if k != "tcId"}}
doc = {
    "algorithm": "parley-framing-v1",
    "generatorVersion": "1",
    "numberOfTests": len(tests),
    "header": ["Test vectors for the Parley framing layer (spec/framing.md).",
               "Each input is a whole connection byte stream, ending where the connection ends (an orderly close).",
               "A receiver with the given maxMessageBytes delivers expected.messages, in order, and then, for an",
               "invalid case, ends the connection with the error. The result must not depend on how the stream is cut into chunks."],
    "notes": {"EmptyMessage": "Messages of length zero are valid [FR-LEN-1].",
              "AtLimit": "len_payload equal to the limit is accepted; one more is FR_TOO_LARGE [FR-LEN-2]."},
    "testGroups": [{"type": "FrameStream", "source": "spec/framing.md, ReceiveFrames", "tests": tests}],
}
with open("spec/vectors/framing.json", "w") as f:
    json.dump(doc, f, indent=2)
    f.write("\n")
print("wrote %d vectors" % len(tests))
