#!/usr/bin/python3
"""Writes spec/vectors/chat.json.

An independent implementation of the chat chapter's derivations (no Parley code), so the published vectors
check the reference implementation rather than echo it. It needs Python 3 with two Debian packages:
python3-cryptography (AES-256-GCM, and RSA key objects to check the hand-made signatures and unwraps) and
python3-argon2 (argon2-cffi: Argon2id through argon2.low_level.hash_secret_raw).
Covered here: leading zero bits and the proof of work, the challenge cookie, the HKDF key schedule with its
nonces and rekeying, the transcript hashes, the fake envelope, the envelope-body and session-body encodings,
Argon2id with stored parameters, the password envelope, sealed session records in both directions, and one
complete login transcript. RSA-OAEP and RSA-PSS are encoded here from RFC 8017 so that the OAEP seed and the
PSS salt come from the deterministic stream; the RSA test keys are generated deterministically from the
stream too (they exist for these vectors only).
Run from the repository root: /usr/bin/python3 spec/tools/gen_chat_vectors.py
"""
import hashlib
import hmac
import json
import struct

from argon2.low_level import Type, hash_secret_raw
from vector_crypto import sha256, hmac256, hkdf_extract, hkdf_expand, mgf1, xor, traffic
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


# RFC 5869 appendix A.1
_prk = hkdf_extract(bytes.fromhex("000102030405060708090a0b0c"), bytes([0x0b] * 22))
assert _prk.hex() == "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"
assert hkdf_expand(_prk, bytes.fromhex("f0f1f2f3f4f5f6f7f8f9"), 42).hex().startswith("3cb25f25faacd57a90434f64d0362f2a")


def stream(seed, n):
    """The first n octets of the test-only deterministic random stream (see Stream)."""
    return Stream(seed).take(n)


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


def nonce(iv, seq):
    s = bytes(4) + struct.pack(">Q", seq)
    return bytes(a ^ b for a, b in zip(iv, s))


class Stream:
    """The test-only deterministic random stream: SHA-256(seed || uint64(i)) blocks for i = 0, 1, ..., handed out
    in order whatever the sizes asked (the Java tests' DeterministicRandom)."""

    def __init__(self, seed):
        self.seed, self.i, self.buf = seed, 0, b""

    def take(self, n):
        while len(self.buf) < n:
            self.buf += sha256(self.seed, struct.pack(">Q", self.i))
            self.i += 1
        out, self.buf = self.buf[:n], self.buf[n:]
        return out


# ---------------------------------------------------------------- deterministic RSA-3072 test keys

SMALL_PRIMES = [p for p in range(3, 2000) if all(p % q for q in range(2, int(p ** 0.5) + 1))]


def probable_prime(n, rs):
    if any(n % p == 0 for p in SMALL_PRIMES):
        return n in SMALL_PRIMES
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for _ in range(40):
        a = 2 + int.from_bytes(rs.take(192), "big") % (n - 3)
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def prime(rs, bits):
    while True:
        c = int.from_bytes(rs.take(bits // 8), "big") | (3 << (bits - 2)) | 1
        if (c - 1) % 65537 != 0 and probable_prime(c, rs):
            return c


def test_key(name):
    """An RSA-3072 key (e = 65537) drawn from the stream seeded 'parley chat vector key ' || name."""
    rs = Stream(b"parley chat vector key " + name)
    e = 65537
    while True:
        p, q = prime(rs, 1536), prime(rs, 1536)
        n = p * q
        if p != q and n.bit_length() == 3072:
            break
    d = pow(e, -1, (p - 1) * (q - 1))
    key = rsa.RSAPrivateNumbers(p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p),
                                rsa.RSAPublicNumbers(e, n)).private_key()
    pkcs8 = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption())
    spki = key.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)
    return {"key": key, "n": n, "e": e, "d": d, "pkcs8": pkcs8, "spki": spki}


# ---------------------------------------------------------------- RSA per RFC 8017 with given randomness

K = 384  # octets of an RSA-3072 modulus


def oaep_wrap(key, message, seed):
    """RSAES-OAEP-ENCRYPT (SHA-256, MGF1-SHA-256, empty label) with the given seed [CH-KEX-1]."""
    db = sha256(b"") + bytes(K - len(message) - 2 * 32 - 2) + b"\x01" + message
    masked_db = xor(db, mgf1(seed, K - 32 - 1))
    masked_seed = xor(seed, mgf1(masked_db, 32))
    em = b"\x00" + masked_seed + masked_db
    c = pow(int.from_bytes(em, "big"), key["e"], key["n"]).to_bytes(K, "big")
    assert key["key"].decrypt(c, padding.OAEP(padding.MGF1(hashes.SHA256()), hashes.SHA256(), None)) == message
    return c


def pss_sign(key, message, salt):
    """RSASSA-PSS-SIGN (SHA-256, MGF1-SHA-256, 32-octet salt) with the given salt [CH-POP-1]."""
    h = sha256(bytes(8), sha256(message), salt)
    db = bytes(K - len(salt) - 32 - 2) + b"\x01" + salt
    masked_db = bytearray(xor(db, mgf1(h, K - 32 - 1)))
    masked_db[0] &= 0x7F  # emBits = 3071
    em = bytes(masked_db) + h + b"\xbc"
    sig = pow(int.from_bytes(em, "big"), key["d"], key["n"]).to_bytes(K, "big")
    key["key"].public_key().verify(sig, message, padding.PSS(padding.MGF1(hashes.SHA256()), 32), hashes.SHA256())
    return sig


# ---------------------------------------------------------------- Argon2id, the envelope, sealed records

def argon2id(password, salt, memory_kib, iterations, parallelism):
    """Argon2id version 0x13, 32 octets, of the password's UTF-8 octets [AC-ENV-1]."""
    return hash_secret_raw(password, salt, time_cost=iterations, memory_cost=memory_kib, parallelism=parallelism,
                           hash_len=32, type=Type.ID, version=19)


def envelope_aad(username):
    return b"parley/1 envelope" + bytes([1, len(username)]) + username


def gcm_seal(key, nonce_, aad, plaintext):
    return AESGCM(key).encrypt(nonce_, plaintext, aad)


class Direction:
    """One direction's sealing state: key and IV of the traffic secret, seq counting across key updates."""

    def __init__(self, secret):
        self.secret, self.seq = secret, 0

    def seal(self, aad, plaintext):
        ks = self.secret
        out = gcm_seal(hkdf_expand(ks, b"parley/1 key", 32), nonce(hkdf_expand(ks, b"parley/1 iv", 12), self.seq),
                       aad, plaintext)
        self.seq += 1
        return out

    def record(self, body):
        hdr = bytes([0x10]) + struct.pack(">Q", self.seq)
        return hdr + self.seal(hdr, body)

    def update(self):
        self.secret = hkdf_expand(self.secret, b"parley/1 next", 32)


def envelope_body(memory_kib, iterations, parallelism, salt, env):
    body = struct.pack(">IIB", memory_kib, iterations, parallelism) + salt + struct.pack(">H", len(env)) + env
    return body + bytes(2048 - len(body))


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

    # ------------------------------------------------------------ Argon2id, envelope, records, one login
    server_key, alice_key = test_key(b"server"), test_key(b"Alice")
    kdf = {"memoryKib": 256, "iterations": 2, "parallelism": 1}   # small, for the vectors only
    kdf_args = (kdf["memoryKib"], kdf["iterations"], kdf["parallelism"])
    a_salt = r[2000:2016]
    a_cases = []
    for pw, why in [("correct horse battery staple", "an ASCII password"),
                    ("p\u00e4ssw\u00f6rd \u2713", "a password with non-ASCII characters, as UTF-8")]:
        a_cases.append(case(why, pw.encode("utf-8"), {"kdfKey": argon2id(pw.encode("utf-8"), a_salt, *kdf_args).hex()}))
    groups.append(group("Argon2id", "spec/chat.md, section 10 (Password envelope), [CH-ENV-1]",
                        dict(kdf, salt=a_salt.hex()), a_cases))

    env_seed = b"parley chat envelope"
    password = "correct horse battery staple".encode("utf-8")
    es = Stream(env_seed)
    e_salt, e_nonce = es.take(16), es.take(12)
    e_key = argon2id(password, e_salt, *kdf_args)
    e_aad = envelope_aad(b"Alice")
    envelope = e_nonce + gcm_seal(e_key, e_nonce, e_aad, alice_key["pkcs8"])
    groups.append(group("PasswordEnvelope", "spec/chat.md, section 10 (Password envelope), [CH-ENV-1]",
                        dict(kdf, username="Alice", seed=env_seed.decode(), userPkcs8=alice_key["pkcs8"].hex(),
                             userSpki=alice_key["spki"].hex()),
                        [case("Alice's private key sealed under her password; salt then nonce drawn from the stream",
                              password, {"salt": e_salt.hex(), "nonce": e_nonce.hex(), "kdfKey": e_key.hex(),
                                         "aad": e_aad.hex(), "envelope": envelope.hex()}, flags=["Deterministic"])]))

    c2s_d, s2c_d = Direction(c2s), Direction(s2c)
    rec_cases = []
    body_of = {n: b for n, _, _, b in bodies}
    for direction, name in [("c2s", "list_request"), ("s2c", "list_response"), ("c2s", "lookup_request"),
                            ("s2c", "lookup_response_offline"), ("c2s", "key_update"), ("c2s", "heartbeat")]:
        dd = c2s_d if direction == "c2s" else s2c_d
        b = bytes([9]) + struct.pack(">I", 0) if name == "key_update" else body_of[name]
        seq = dd.seq
        rec = dd.record(b)
        rec_cases.append(case("%s seq %d: %s" % (direction, seq, name), b,
                              {"direction": direction, "seq": seq, "record": rec.hex()},
                              flags=["KeyUpdate"] if name == "key_update" or direction == "c2s" and seq > 2 else None))
        if name == "key_update":
            dd.update()
    groups.append(group("SessionRecord", "spec/chat.md, section 5.9 (SessionRecord), section 8.4 (Sequence numbers) "
                                         "and section 8.5 (Rekeying and limits), [CH-SEQ-1], [CH-SEQ-2], [CH-REKEY-1]",
                        {"c2s": c2s.hex(), "s2c": s2c.hex()}, rec_cases))

    # one complete login: Alice logs in to the server and lists the users
    now, ld = 1700000000000, 8
    server_seed, client_seed = b"parley chat login server", b"parley chat login client"
    ss, cs = Stream(server_seed), Stream(client_seed)
    cookie_secret = ss.take(32)                                    # the server's first cookie secret, key id 0
    l_nc = cs.take(32)
    m1 = hello(l_nc)
    l_ns = ss.take(32)
    l_ck = cookie_bytes(0, now, ld, l_ns, cookie_mac(cookie_secret, 0, now, ld, l_ns, l_nc, ep))
    m2 = challenge(server_key["spki"], l_ck)
    l_secret = cs.take(32)
    l_wrapped = oaep_wrap(server_key, l_secret, cs.take(32))
    v = int.from_bytes(cs.take(8), "big") & 0x7FFFFFFFFFFFFFFF    # where the client's search starts
    l_unsolved = login_request(l_nc, l_ck, b"Alice", l_wrapped, b"")
    base = hashlib.sha256(b"parley/1 pow" + l_unsolved)
    while True:
        h = base.copy()
        h.update(struct.pack(">Q", v))
        if lzb(h.digest()) >= ld:
            break
        v = (v + 1) & 0xFFFFFFFFFFFFFFFF
    m3 = l_unsolved + struct.pack(">Q", v)
    l_th1 = sha256(m(m1) + m(m2) + m(m3))
    l_prk = hkdf_extract(l_th1, l_secret)
    lc2s, ls2c = Direction(hkdf_expand(l_prk, b"parley/1 c2s", 32)), Direction(hkdf_expand(l_prk, b"parley/1 s2c", 32))
    m4 = bytes([4, 1, 1]) + ls2c.seal(bytes([4, 1, 1]), envelope_body(*kdf_args, e_salt, envelope))
    l_th2 = sha256(m(m1) + m(m2) + m(m3) + m(m4) + m(server_key["spki"]))
    l_sig = pss_sign(alice_key, b"parley/1 proof" + l_th2, cs.take(32))
    m5 = bytes([5, 1, 1]) + lc2s.seal(bytes([5, 1, 1]), struct.pack(">HH", 4242, len(l_sig)) + l_sig)
    welcome = struct.pack(">II", 10000, 30000) + endpoint(bytes([127, 0, 0, 1]), 40001, 4242) + struct.pack(">Q", now)
    m6 = bytes([6, 1, 1]) + ls2c.seal(bytes([6, 1, 1]), welcome)
    m7 = lc2s.record(bytes([1]) + struct.pack(">I", 1))
    m8 = ls2c.record(bytes([2]) + struct.pack(">IH", 1, 1) + b"\x05Alice")
    msgs = [("client", "ClientHello", m1), ("server", "Challenge", m2), ("client", "LoginRequest", m3),
            ("server", "EnvelopeResponse", m4), ("client", "Proof", m5), ("server", "Welcome", m6),
            ("client", "SessionRecord list_request", m7), ("server", "SessionRecord list_response", m8)]
    groups.append(group("LoginTranscript",
                        "spec/chat.md, sections 4 to 12: the whole login of 'Alice' and one request, [CH-HELLO-1], "
                        "[CH-COOKIE-2], [CH-KEX-1], [CH-POW-2], [CH-TH-1], [CH-KS-1], [CH-ENV-2], [CH-POP-1], "
                        "[CH-PRES-1], [CH-REQ-2]",
                        {"serverSeed": server_seed.decode(), "clientSeed": client_seed.decode(),
                         "serverPkcs8": server_key["pkcs8"].hex(), "serverSpki": server_key["spki"].hex(),
                         "userPkcs8": alice_key["pkcs8"].hex(), "userSpki": alice_key["spki"].hex(),
                         "username": "Alice", "password": password.decode(),
                         "storedUser": dict(kdf, salt=e_salt.hex(), envelope=envelope.hex()),
                         "nowMs": now, "difficulty": ld, "clientEndpoint": ep.hex(), "peerPort": 4242,
                         "heartbeatIntervalMs": 10000, "sessionTimeoutMs": 30000,
                         "cookieSecret": cookie_secret.hex(), "loginSecret": l_secret.hex(),
                         "th1": l_th1.hex(), "th2": l_th2.hex()},
                        [case("message %d, %s to %s: %s" % (i + 1, who, "server" if who == "client" else "client",
                                                            what), msg, {"from": who, "message": what},
                              flags=["Deterministic"]) for i, (who, what, msg) in enumerate(msgs)]))


    doc = {
        "algorithm": "parley-chat-v1",
        "generatorVersion": "3",
        "numberOfTests": len(tests),
        "header": [
            "Test vectors for the Parley chat layer (spec/chat.md, section 13.1), written by",
            "spec/tools/gen_chat_vectors.py (Python with python3-cryptography and python3-argon2; RSA-OAEP and",
            "RSA-PSS encoded by hand per RFC 8017). Each group type fixes what input is and what expected holds;",
            "spec/chat.md section 13.1 lists them. SPKI, PKCS#8 and OAEP octets flagged StandIn are random octets",
            "that those derivations only hash; the Argon2id, PasswordEnvelope, SessionRecord and LoginTranscript",
            "groups use real RSA-3072 test keys, generated deterministically for these vectors only.",
            "The deterministic random stream is SHA-256(seed || uint64(i)) for i = 0, 1, ..., handed out in order",
            "whatever the sizes asked; the first groups' seed is the ASCII string '%s'; the" % seed.decode(),
            "PasswordEnvelope and LoginTranscript groups name their own seeds. The Argon2id cost of these vectors",
            "is small (256 KiB, 2 iterations, 1 lane) so that they run fast; real accounts use the defaults."],
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
            "KeyUpdate": "The key_update record and the records after it: seq keeps counting, the key and IV are "
                         "those of next(traffic secret) [CH-REKEY-1] [CH-SEQ-1].",
            "Deterministic": "Built with the deterministic stream: an implementation given the same seeds, keys, clock "
                             "and password sends exactly these octets [CH-ENV-1] [CH-KEX-1] [CH-POP-1].",
        },
        "testGroups": groups,
    }
    with open("spec/vectors/chat.json", "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
