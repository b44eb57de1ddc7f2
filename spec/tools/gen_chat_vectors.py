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

    lz = [{"hash": h.hex(), "leadingZeroBits": lzb(h)} for h in
          [bytes(32), bytes([0x80]) + bytes(31), bytes([0x00, 0x01]) + bytes(30), bytes([0x00, 0x00, 0x0F]) + bytes(29),
           sha256(b"abc")]]

    mac = cookie_mac(secret, kid, ts, d, ns, nc, ep)
    ck = cookie_bytes(kid, ts, d, ns, mac)
    other_ep = endpoint(bytes([127, 0, 0, 1]), 40002, 50001)
    cookie_group = {"secret": secret.hex(), "keyId": kid, "timestampMs": ts, "difficulty": d, "serverNonce": ns.hex(),
                    "clientNonce": nc.hex(), "clientEndpoint": ep.hex(), "mac": mac.hex(), "cookie": ck.hex(),
                    "otherEndpoint": other_ep.hex(),
                    "macForOtherEndpoint": cookie_mac(secret, kid, ts, d, ns, nc, other_ep).hex()}

    user = b"Alice"
    unsolved = login_request(nc, ck, user, wrapped, b"")
    sol, attempts = solve(unsolved, d)
    req = unsolved + sol
    assert lzb(sha256(b"parley/1 pow", req)) >= d
    bad = unsolved + struct.pack(">Q", attempts - 1 if attempts > 0 else 1)
    if lzb(sha256(b"parley/1 pow", bad)) >= d:
        bad = unsolved + struct.pack(">Q", attempts + 1)
    pow_group = {"difficulty": d, "loginRequest": req.hex(), "powSolution": sol.hex(),
                 "powHash": sha256(b"parley/1 pow", req).hex(), "valid": True,
                 "invalidLoginRequest": bad.hex(), "invalidPowHash": sha256(b"parley/1 pow", bad).hex()}

    t1 = m(hello(nc)) + m(challenge(spki, ck)) + m(req)
    th1 = sha256(t1)
    th2 = sha256(t1 + m(env_resp) + m(spki))
    transcript = {"clientHello": hello(nc).hex(), "challenge": challenge(spki, ck).hex(), "loginRequest": req.hex(),
                  "envelopeResponse": env_resp.hex(), "serverSpki": spki.hex(), "th1": th1.hex(), "th2": th2.hex(),
                  "proofInput": (b"parley/1 proof" + th2).hex()}

    prk = hkdf_extract(th1, login_secret)
    c2s = hkdf_expand(prk, b"parley/1 c2s", 32)
    s2c = hkdf_expand(prk, b"parley/1 s2c", 32)
    tc, tsv = traffic(c2s), traffic(s2c)
    seqs = [0, 1, 2, (1 << 32) + 5]
    schedule = {"loginSecret": login_secret.hex(), "th1": th1.hex(), "prk": prk.hex(), "c2s": tc, "s2c": tsv,
                "c2sAfterUpdate": traffic(bytes.fromhex(tc["next"])),
                "nonces": [{"direction": "c2s", "seq": s, "nonce": nonce(bytes.fromhex(tc["iv"]), s).hex()} for s in seqs],
                "recordHeaders": [{"seq": s, "aad": (bytes([0x10]) + struct.pack(">Q", s)).hex()} for s in seqs]}

    fake_key = hmac256(sha256(server_pkcs8), b"parley/1 fake key")
    fakes = []
    for name in [b"Mallory", b"Zed", b"x" * 32]:
        salt = hmac256(fake_key, b"parley/1 fake salt", name)[:16]
        flen = 1793 + (1 if hmac256(fake_key, b"parley/1 fake length", name)[0] < 32 else 0)
        env = hkdf_expand(fake_key, b"parley/1 fake envelope" + name, 12 + flen + 16)
        fakes.append({"username": name.decode(), "salt": salt.hex(), "pkcs8Length": flen, "envelope": env.hex()})
    fake_group = {"serverPkcs8": server_pkcs8.hex(), "fakeKey": fake_key.hex(),
                  "rejectSecret": hmac256(fake_key, b"parley/1 reject", wrapped).hex(), "wrappedSecret": wrapped.hex(),
                  "fakes": fakes}

    env = r[0:1821]
    body = struct.pack(">IIB", 65536, 3, 1) + r[1900:1916] + struct.pack(">H", len(env)) + env
    body += bytes(2048 - len(body))
    bodies = [
        {"name": "list_request", "body": (bytes([1]) + struct.pack(">I", 1)).hex()},
        {"name": "list_response", "body": (bytes([2]) + struct.pack(">IH", 1, 2) + b"\x05Alice" + b"\x03Bob").hex()},
        {"name": "lookup_request", "body": (bytes([3]) + struct.pack(">I", 2) + b"\x03Bob").hex()},
        {"name": "lookup_response_offline", "body": (bytes([4]) + struct.pack(">IB", 2, 1) + b"\x03Bob").hex()},
        {"name": "lookup_response_online", "body": (bytes([4]) + struct.pack(">IB", 2, 0) + b"\x03Bob"
                                                    + struct.pack(">H", 4) + b"\x30\x00\x30\x00" + ep).hex()},
        {"name": "heartbeat", "body": (bytes([5]) + struct.pack(">I", 3)).hex()},
        {"name": "error_response", "body": (bytes([10]) + struct.pack(">IH", 4, 18)).hex()},
    ]
    encodings = {"envelopeBody": {"memoryKib": 65536, "iterations": 3, "parallelism": 1, "salt": r[1900:1916].hex(),
                                  "envelope": env.hex(), "encoded": body.hex()},
                 "sessionBodies": bodies,
                 "endpoint": {"address": "7f000001", "udpPort": 40001, "transportPort": 50001, "encoded": ep.hex()}}

    doc = {
        "algorithm": "parley-chat-v1",
        "generatorVersion": "1",
        "header": [
            "Test vectors for the Parley chat layer (spec/chat.md), written by spec/tools/gen_chat_vectors.py",
            "with the Python standard library only. SPKI, PKCS#8 and OAEP octets here are stand-ins: these",
            "derivations only hash them. Sealed messages, the Argon2id envelope and a complete login are not",
            "covered (no AES, RSA or Argon2id in the standard library).",
            "The deterministic random stream is SHA-256(seed || uint64(i)) for i = 0, 1, ...; seed is ASCII."],
        "seed": seed.decode(),
        "leadingZeroBits": lz,
        "cookie": cookie_group,
        "proofOfWork": pow_group,
        "transcript": transcript,
        "keySchedule": schedule,
        "fakeEnvelope": fake_group,
        "encodings": encodings,
    }
    with open("spec/vectors/chat.json", "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
