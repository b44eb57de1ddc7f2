#!/usr/bin/env python3
"""Writes spec/vectors/chat.json.

An independent implementation of the chat chapter's derivations (Python standard library only: hashlib,
hmac; no Parley code), so the published vectors check the reference implementation rather than echo it.
Covered here: leading zero bits and the proof of work, the challenge cookie, the HKDF key schedule with its
nonces and rekeying, the transcript hashes, the fake envelope, the envelope-body and session-body encodings.
Not covered here (the standard library has no AES, RSA or Argon2id): sealed messages, the password envelope
itself and a complete login transcript; spec/chat.md says so.
Run from the repository root: python3 spec/tools/gen_chat_vectors.py
"""
import hashlib
import hmac
import json
import struct


def sha256(*parts):
    h = hashlib.sha256()
    for p in parts:
        h.update(p)
    return h.digest()


def hmac256(key, *parts):
    return hmac.new(key, b"".join(parts), hashlib.sha256).digest()


def hkdf_extract(salt, ikm):
    return hmac256(salt if salt else bytes(32), ikm)


def hkdf_expand(prk, info, length):
    out, t, i = b"", b"", 1
    while len(out) < length:
        t = hmac256(prk, t, info, bytes([i]))
        out += t
        i += 1
    return out[:length]


# RFC 5869 appendix A.1
_prk = hkdf_extract(bytes.fromhex("000102030405060708090a0b0c"), bytes([0x0b] * 22))
assert _prk.hex() == "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"
assert hkdf_expand(_prk, bytes.fromhex("f0f1f2f3f4f5f6f7f8f9"), 42).hex().startswith("3cb25f25faacd57a90434f64d0362f2a")


def stream(seed, n):
    """The test-only deterministic random stream: SHA-256(seed || uint64(i)) blocks."""
    out, i = b"", 0
    while len(out) < n:
        out += sha256(seed, struct.pack(">Q", i))
        i += 1
    return out[:n]


def lzb(h):
    n = 0
    for b in h:
        if b == 0:
            n += 8
            continue
        return n + 8 - b.bit_length()
    return n


def endpoint(addr, udp, tport):
    fam = 4 if len(addr) == 4 else 6
    return bytes([fam]) + addr + struct.pack(">HH", udp, tport)


def cookie_bytes(key_id, ts, d, ns, mac):
    return bytes([key_id]) + struct.pack(">Q", ts) + bytes([d]) + ns + mac


def cookie_mac(secret, key_id, ts, d, ns, nc, ep):
    return hmac256(secret, b"parley/1 cookie", bytes([key_id]), struct.pack(">Q", ts), bytes([d]), ns, nc, ep)


def hello(nc):
    return bytes([1, 1, 1]) + nc + bytes(477)


def challenge(spki, cookie):
    return bytes([2, 1, 1]) + struct.pack(">H", len(spki)) + spki + cookie


def login_request(nc, cookie, user, wrapped, sol):
    return (bytes([3, 1, 1]) + nc + cookie + bytes([len(user)]) + user + struct.pack(">H", len(wrapped)) + wrapped
            + sol)


def solve(msg_without_sol, d):
    base = hashlib.sha256(b"parley/1 pow" + msg_without_sol)
    v = 0
    while True:
        h = base.copy()
        sol = struct.pack(">Q", v)
        h.update(sol)
        if lzb(h.digest()) >= d:
            return sol, v
        v += 1


def m(x):
    return struct.pack(">I", len(x)) + x


def traffic(ts):
    return {"trafficSecret": ts.hex(), "key": hkdf_expand(ts, b"parley/1 key", 32).hex(),
            "iv": hkdf_expand(ts, b"parley/1 iv", 12).hex(), "next": hkdf_expand(ts, b"parley/1 next", 32).hex()}


def nonce(iv, seq):
    s = bytes(4) + struct.pack(">Q", seq)
    return bytes(a ^ b for a, b in zip(iv, s))


def main():
    seed = b"parley chat vectors"
    r = stream(seed, 4096)
    nc, ns, secret, login_secret = r[0:32], r[32:64], r[64:96], r[96:128]
    spki = r[128:550]            # stand-in octets for a 422-octet SPKI: only hashed here
    wrapped = r[550:934]         # stand-in for a 384-octet RSA-OAEP ciphertext: only hashed here
    env_resp = bytes([4, 1, 1]) + r[934:934 + 2064]
    server_pkcs8 = r[3000:3000 + 1793]   # stand-in for the server's PKCS#8: only hashed here
    ep = endpoint(bytes([127, 0, 0, 1]), 40001, 50001)
    ts, d, kid = 1700000000123, 12, 7

    tests = []   # every test of the file, in file order; tcId is its 1-based position

    def case(comment, inp, expected=None, error=None, flags=None):
        t = {"tcId": len(tests) + 1, "comment": comment, "input": inp.hex()}
        if error is None:
            t["result"] = "valid"
            t["expected"] = expected
        else:
            t["result"] = "invalid"
            t["error"] = error
        if flags:
            t["flags"] = flags
        tests.append(t)
        return t

    def group(type_, source, params, cases):
        g = {"type": type_, "source": source}
        g.update(params)
        g["tests"] = cases
        return g

    groups = []

    # Proof of work, computed first: its puzzle hashes are also leading-zero-bits cases.
    mac = cookie_mac(secret, kid, ts, d, ns, nc, ep)
    ck = cookie_bytes(kid, ts, d, ns, mac)
    other_ep = endpoint(bytes([127, 0, 0, 1]), 40002, 50001)
    other_mac = cookie_mac(secret, kid, ts, d, ns, nc, other_ep)
    user = b"Alice"
    unsolved = login_request(nc, ck, user, wrapped, b"")
    sol, attempts = solve(unsolved, d)
    req = unsolved + sol
    assert lzb(sha256(b"parley/1 pow", req)) >= d
    bad = unsolved + struct.pack(">Q", attempts - 1 if attempts > 0 else 1)
    if lzb(sha256(b"parley/1 pow", bad)) >= d:
        bad = unsolved + struct.pack(">Q", attempts + 1)

    hashes = [(h, "") for h in [bytes(32), bytes([0x80]) + bytes(31), bytes([0x00, 0x01]) + bytes(30),
                                bytes([0x00, 0x00, 0x0F]) + bytes(29), sha256(b"abc")]]
    hashes += [(sha256(b"parley/1 pow", req), "the puzzle hash of the solved LoginRequest of the ProofOfWork group"),
               (sha256(b"parley/1 pow", bad), "the puzzle hash of the wrongly solved LoginRequest of the ProofOfWork group")]
    lz_cases = []
    for h, why in hashes:
        lz_cases.append(case(why or ("hash " + h.hex()[:8] + "..."), h, {"leadingZeroBits": lzb(h)},
                             flags=["PuzzleHash"] if why else None))
    groups.append(group("LeadingZeroBits", "spec/chat.md, section 7.1 (The puzzle), [CH-POW-1]", {}, lz_cases))

    groups.append(group("CookieMac", "spec/chat.md, section 6 (The challenge cookie), [CH-COOKIE-2]",
                        {"secret": secret.hex(), "keyId": kid, "timestampMs": ts, "difficulty": d,
                         "serverNonce": ns.hex(), "clientNonce": nc.hex()},
                        [case("the client endpoint 127.0.0.1, UDP port 40001, transport port 50001", ep,
                              {"mac": mac.hex(), "cookie": ck.hex()}),
                         case("the same cookie fields for another client endpoint (UDP port 40002)", other_ep,
                              {"mac": other_mac.hex(), "cookie": cookie_bytes(kid, ts, d, ns, other_mac).hex()},
                              flags=["AddressBinding"])]))

    groups.append(group("ProofOfWork", "spec/chat.md, section 7.1 (The puzzle), [CH-POW-1], [CH-POW-2]",
                        {"difficulty": d},
                        [case("LoginRequest of 'Alice' with the first solution counting from zero", req,
                              {"powSolution": sol.hex(), "powHash": sha256(b"parley/1 pow", req).hex()},
                              flags=["FirstSolution"]),
                         case("the same LoginRequest with a pow_solution that does not solve it", bad,
                              error="CH_BAD_POW", flags=["WrongSolution"])]))

    t1 = m(hello(nc)) + m(challenge(spki, ck)) + m(req)
    th1 = sha256(t1)
    th2 = sha256(t1 + m(env_resp) + m(spki))
    groups.append(group("TranscriptHash",
                        "spec/chat.md, section 8.2 (Transcript hashes) and section 11 (Proof of possession), "
                        "[CH-TH-1], [CH-POP-1]",
                        {"serverSpki": spki.hex(), "envelopeResponse": env_resp.hex()},
                        [case("the login of 'Alice': canonical ClientHello, Challenge, LoginRequest, EnvelopeResponse",
                              req, {"clientHello": hello(nc).hex(), "challenge": challenge(spki, ck).hex(),
                                    "th1": th1.hex(), "th2": th2.hex(),
                                    "proofInput": (b"parley/1 proof" + th2).hex()},
                              flags=["StandIn"])]))

    prk = hkdf_extract(th1, login_secret)
    c2s = hkdf_expand(prk, b"parley/1 c2s", 32)
    s2c = hkdf_expand(prk, b"parley/1 s2c", 32)
    tc, tsv = traffic(c2s), traffic(s2c)
    groups.append(group("KeySchedule",
                        "spec/chat.md, section 8.3 (Key schedule) and section 8.5 (Rekeying and limits), "
                        "[CH-KS-1], [CH-REKEY-1]",
                        {"th1": th1.hex()},
                        [case("the login secret of the login of 'Alice'", login_secret,
                              {"prk": prk.hex(), "c2s": tc, "s2c": tsv,
                               "c2sAfterUpdate": traffic(bytes.fromhex(tc["next"]))},
                              flags=["Rekey"])]))

    seqs = [0, 1, 2, (1 << 32) + 5]
    iv = bytes.fromhex(tc["iv"])
    groups.append(group("RecordNonce", "spec/chat.md, section 8.3 (Key schedule) and section 8.4 (Sequence numbers), "
                                       "[CH-KS-1], [CH-SEQ-1]",
                        {"direction": "c2s", "iv": tc["iv"]},
                        [case("seq %d" % s, struct.pack(">Q", s), {"nonce": nonce(iv, s).hex()},
                              flags=["HighSeq"] if s >= 1 << 32 else None) for s in seqs]))
    groups.append(group("RecordHeader", "spec/chat.md, section 5.9 (SessionRecord) and section 8.4 (Sequence numbers), "
                                        "[CH-SEQ-2]",
                        {},
                        [case("seq %d" % s, struct.pack(">Q", s), {"aad": (bytes([0x10]) + struct.pack(">Q", s)).hex()},
                              flags=["HighSeq"] if s >= 1 << 32 else None) for s in seqs]))

    fake_key = hmac256(sha256(server_pkcs8), b"parley/1 fake key")
    groups.append(group("FakeKey", "spec/chat.md, section 10.1 (Fake envelopes), [CH-FAKE-1]", {},
                        [case("fake_key from the server's PKCS#8 encoding", server_pkcs8,
                              {"fakeKey": fake_key.hex()}, flags=["StandIn"])]))
    fake_cases = []
    for name in [b"Mallory", b"Zed", b"x" * 32]:
        salt = hmac256(fake_key, b"parley/1 fake salt", name)[:16]
        flen = 1793 + (1 if hmac256(fake_key, b"parley/1 fake length", name)[0] < 32 else 0)
        fenv = hkdf_expand(fake_key, b"parley/1 fake envelope" + name, 12 + flen + 16)
        fake_cases.append(case("unknown username '%s'" % name.decode(), name,
                               {"salt": salt.hex(), "pkcs8Length": flen, "envelope": fenv.hex()},
                               flags=["LongestUsername"] if len(name) == 32 else None))
    groups.append(group("FakeEnvelope", "spec/chat.md, section 10.1 (Fake envelopes), [CH-FAKE-1]",
                        {"fakeKey": fake_key.hex(), "memoryKib": 65536, "iterations": 3, "parallelism": 1},
                        fake_cases))
    groups.append(group("RejectSecret", "spec/chat.md, section 8.1 (Login secret), [CH-KEX-2]",
                        {"fakeKey": fake_key.hex()},
                        [case("a wrapped_secret the server cannot use", wrapped,
                              {"rejectSecret": hmac256(fake_key, b"parley/1 reject", wrapped).hex()},
                              flags=["StandIn"])]))

    env = r[0:1821]
    body = struct.pack(">IIB", 65536, 3, 1) + r[1900:1916] + struct.pack(">H", len(env)) + env
    body += bytes(2048 - len(body))
    groups.append(group("EnvelopeBody", "spec/chat.md, section 5.6 (EnvelopeResponse) and section 10 "
                                        "(Password envelope), [CH-ENV-2]", {},
                        [case("Argon2id 64 MiB, 3 iterations, 1 lane; an envelope of 1821 octets, padded to 2048",
                              body, {"memoryKib": 65536, "iterations": 3, "parallelism": 1,
                                     "salt": r[1900:1916].hex(), "lenEnvelope": len(env), "envelope": env.hex()})]))

    bodies = [
        ("list_request", 1, 1, bytes([1]) + struct.pack(">I", 1)),
        ("list_response", 2, 1, bytes([2]) + struct.pack(">IH", 1, 2) + b"\x05Alice" + b"\x03Bob"),
        ("lookup_request", 3, 2, bytes([3]) + struct.pack(">I", 2) + b"\x03Bob"),
        ("lookup_response_offline", 4, 2, bytes([4]) + struct.pack(">IB", 2, 1) + b"\x03Bob"),
        ("lookup_response_online", 4, 2, bytes([4]) + struct.pack(">IB", 2, 0) + b"\x03Bob"
         + struct.pack(">H", 4) + b"\x30\x00\x30\x00" + ep),
        ("heartbeat", 5, 3, bytes([5]) + struct.pack(">I", 3)),
        ("error_response", 10, 4, bytes([10]) + struct.pack(">IH", 4, 18)),
    ]
    groups.append(group("SessionBody", "spec/chat.md, section 12.4 (Requests and responses), [CH-REQ-1]", {},
                        [case(name, b, {"bodyType": bt, "requestId": rid}) for name, bt, rid, b in bodies]))

    groups.append(group("Endpoint", "spec/chat.md, section 5.8 (Welcome) and section 6 (The challenge cookie)", {},
                        [case("IPv4 127.0.0.1, UDP port 40001, transport port 50001", ep,
                              {"family": 4, "address": "7f000001", "udpPort": 40001, "transportPort": 50001})]))

    doc = {
        "algorithm": "parley-chat-v1",
        "generatorVersion": "2",
        "numberOfTests": len(tests),
        "header": [
            "Test vectors for the Parley chat layer (spec/chat.md, section 13.1), written by",
            "spec/tools/gen_chat_vectors.py with the Python standard library only. Each group type fixes what",
            "input is and what expected holds; spec/chat.md section 13.1 lists them. SPKI, PKCS#8 and OAEP",
            "octets here are stand-ins: these derivations only hash them. Sealed messages, the Argon2id",
            "envelope and a complete login are not covered (no AES, RSA or Argon2id in the standard library).",
            "The deterministic random stream is SHA-256(seed || uint64(i)) for i = 0, 1, ...; the seed is the",
            "ASCII string '%s'." % seed.decode()],
        "notes": {
            "PuzzleHash": "The input is the puzzle hash H(\"parley/1 pow\" || LoginRequest) of a LoginRequest "
                          "of the ProofOfWork group [CH-POW-1].",
            "AddressBinding": "The cookie fields are those of the other case, the client endpoint differs: the MAC "
                              "binds the address, so it differs too [CH-COOKIE-2].",
            "FirstSolution": "pow_solution is the first uint64 counting from zero that solves the puzzle; a solver "
                             "that counts from zero finds it [CH-POW-1] [CH-POW-2].",
            "WrongSolution": "pow_solution does not give the cookie's difficulty in leading zero bits; a server "
                             "rejects the LoginRequest [CH-POW-1].",
            "StandIn": "SPKI, PKCS#8 or OAEP octets are random stand-ins that the derivation only hashes "
                       "[CH-TH-1] [CH-FAKE-1] [CH-KEX-2].",
            "Rekey": "c2sAfterUpdate is the traffic secret after one key_update: c2s.next [CH-REKEY-1].",
            "HighSeq": "seq is above 2^32: all 64 bits of seq enter the nonce and the record header [CH-SEQ-1].",
            "LongestUsername": "The username has the greatest length, 32 octets [CH-USER-1] [CH-FAKE-1].",
        },
        "testGroups": groups,
    }
    with open("spec/vectors/chat.json", "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
