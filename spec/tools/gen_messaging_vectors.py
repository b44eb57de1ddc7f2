#!/usr/bin/python3
"""Writes spec/vectors/messaging.json.

An independent implementation of spec/messaging.md (Python with Debian's python3-cryptography for AES-GCM and
the RSA key objects; no Parley code), so the vectors check the reference implementation rather than echo it.
RSA-OAEP and RSA-PSS are built here from RFC 8017 (EME-OAEP and EMSA-PSS encoding, then the raw RSA
operation) so that the OAEP seed and the PSS salt come from the deterministic stream and the complete first
message is one fixed octet string; the cryptography package then checks every signature and unwrap.
The two test RSA-3072 keys are generated deterministically from the stream too (they exist for these vectors
only). Run from the repository root: /usr/bin/python3 spec/tools/gen_messaging_vectors.py
"""
import hashlib
import hmac
import json
import struct

from vector_crypto import sha256, hmac256, hkdf_extract, hkdf_expand, mgf1, xor, traffic
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SEED = b"parley messaging vectors"
NOW_MS = 1_700_000_000_000
FRESHNESS_MS = 120_000


class Stream:
    """SHA-256(seed || uint64(i)) blocks, handed out in order whatever the sizes asked (as for chat.json)."""

    def __init__(self, seed):
        self.seed, self.i, self.buf = seed, 0, b""

    def take(self, n):
        while len(self.buf) < n:
            self.buf += sha256(self.seed, struct.pack(">Q", self.i))
            self.i += 1
        out, self.buf = self.buf[:n], self.buf[n:]
        return out


# ---------------------------------------------------------------- deterministic test keys

SMALL_PRIMES = [p for p in range(3, 2000) if all(p % q for q in range(2, int(p ** 0.5) + 1))]


def probable_prime(n, stream):
    if any(n % p == 0 for p in SMALL_PRIMES):
        return n in SMALL_PRIMES
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for _ in range(40):
        a = 2 + int.from_bytes(stream.take(192), "big") % (n - 3)
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


def prime(stream, bits):
    while True:
        c = int.from_bytes(stream.take(bits // 8), "big") | (3 << (bits - 2)) | 1
        if (c - 1) % 65537 != 0 and probable_prime(c, stream):
            return c


def test_key(name):
    stream = Stream(b"parley messaging vector key " + name)
    e = 65537
    while True:
        p, q = prime(stream, 1536), prime(stream, 1536)
        n = p * q
        if p != q and n.bit_length() == 3072:
            break
    d = pow(e, -1, (p - 1) * (q - 1))
    numbers = rsa.RSAPrivateNumbers(p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p),
                                    rsa.RSAPublicNumbers(e, n))
    key = numbers.private_key()
    pkcs8 = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption())
    spki = key.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)
    return {"key": key, "n": n, "e": e, "d": d, "pkcs8": pkcs8, "spki": spki}


# ---------------------------------------------------------------- RSA per RFC 8017 with given randomness

K = 384  # octets of an RSA-3072 modulus


def oaep_wrap(key, message, seed):
    l_hash = sha256(b"")
    db = l_hash + bytes(K - len(message) - 2 * 32 - 2) + b"\x01" + message
    masked_db = xor(db, mgf1(seed, K - 32 - 1))
    masked_seed = xor(seed, mgf1(masked_db, 32))
    em = b"\x00" + masked_seed + masked_db
    return pow(int.from_bytes(em, "big"), key["e"], key["n"]).to_bytes(K, "big")


def pss_sign(key, message, salt):
    em_bits = 3071
    em_len = K
    m_hash = sha256(message)
    h = sha256(bytes(8), m_hash, salt)
    db = bytes(em_len - len(salt) - 32 - 2) + b"\x01" + salt
    masked_db = bytearray(xor(db, mgf1(h, em_len - 32 - 1)))
    masked_db[0] &= 0xFF >> (8 * em_len - em_bits)
    em = bytes(masked_db) + h + b"\xbc"
    sig = pow(int.from_bytes(em, "big"), key["d"], key["n"]).to_bytes(K, "big")
    key["key"].public_key().verify(sig, message, padding.PSS(padding.MGF1(hashes.SHA256()), 32),
                                   hashes.SHA256())  # an independent check
    return sig


# ---------------------------------------------------------------- spec/messaging.md

def header(msg_type, sender, recipient, message_id, ts, seq, version=1, suite=1):
    s, r = sender.encode(), recipient.encode()
    return (bytes([msg_type, version, suite, len(s)]) + s + bytes([len(r)]) + r + message_id
            + struct.pack(">QQ", ts, seq))


def text_body(text):
    return b"\x01" + text.encode("utf-8")


def schedule(peer_secret, open_hash):
    prk = hkdf_extract(open_hash, peer_secret)
    return prk, hkdf_expand(prk, b"parley/1 peer i2r", 32), hkdf_expand(prk, b"parley/1 peer r2i", 32)


def nonce(ts, seq):
    iv = hkdf_expand(ts, b"parley/1 iv", 12)
    return xor(iv, bytes(4) + struct.pack(">Q", seq))


def seal(ts, seq, hdr, body):
    return AESGCM(hkdf_expand(ts, b"parley/1 key", 32)).encrypt(nonce(ts, seq), body, hdr)


def build_open(stream, sender, recipient, ts, text, sender_name="Alice", recipient_name="Bob", seq=0,
               secret_len=32, seal_with="i2r", body=None, suite=1, version=1):
    """A PeerOpen as an initiator builds it, drawing message_id, peer_secret, the OAEP seed, the PSS salt."""
    message_id = stream.take(16)
    peer_secret = stream.take(secret_len)
    hdr = header(0x20, sender_name, recipient_name, message_id, ts, seq, version, suite)
    wrapped = oaep_wrap(recipient, peer_secret, stream.take(32))
    fp_s, fp_r = sha256(sender["spki"]), sha256(recipient["spki"])
    open_hash = sha256(hdr, wrapped, fp_s, fp_r)
    prk, i2r, r2i = schedule(peer_secret, open_hash)
    plaintext = body if body is not None else text_body(text)
    sealed = seal(i2r if seal_with == "i2r" else r2i, seq, hdr, plaintext)
    signed = b"parley/1 peer open" + hdr + struct.pack(">H", len(wrapped)) + wrapped + fp_s + fp_r + sealed
    sig = pss_sign(sender, signed, stream.take(32))
    msg = hdr + struct.pack(">H", len(wrapped)) + wrapped + struct.pack(">H", len(sig)) + sig + sealed
    return {"msg": msg, "hdr": hdr, "message_id": message_id, "peer_secret": peer_secret, "wrapped": wrapped,
            "open_hash": open_hash, "signed": signed, "i2r": i2r, "r2i": r2i, "prk": prk, "body": plaintext,
            "sealed": sealed}


def replace_signature(o, signer, sender, recipient):
    """The same PeerOpen with its signature stripped and replaced by one of another key."""
    sig = pss_sign(signer, o["signed"], sha256(b"other salt"))
    n = len(o["hdr"]) + 2 + K
    return o["msg"][:n] + struct.pack(">H", K) + sig + o["msg"][n + 2 + K:]


def flip(m, i):
    b = bytearray(m)
    b[i] ^= 1
    return bytes(b)


def main():
    alice, bob, mallory = test_key(b"Alice"), test_key(b"Bob"), test_key(b"Mallory")
    tests = []
    tc = [0]

    def case(comment, inp, result, expected=None, error=None, flags=None):
        tc[0] += 1
        t = {"tcId": tc[0], "comment": comment, "input": inp.hex(), "result": result}
        if expected is not None:
            t["expected"] = expected
        if error is not None:
            t["error"] = error
        if flags:
            t["flags"] = flags
        return t

    groups = []

    # the complete first message and the follow-up, from one initiator stream
    stream = Stream(SEED)
    o = build_open(stream, alice, bob, NOW_MS, "hello Bob")
    # what an implementation does: Bob unwraps and gets the secret back (independent check)
    assert bob["key"].decrypt(o["wrapped"], padding.OAEP(padding.MGF1(hashes.SHA256()), hashes.SHA256(), None)) \
        == o["peer_secret"]
    follow_id = stream.take(16)
    f_hdr = header(0x21, "Alice", "Bob", follow_id, NOW_MS, 1)
    f_body = text_body("second, AEAD only")
    follow = f_hdr + seal(o["i2r"], 1, f_hdr, f_body)

    prk, i2r, r2i = o["prk"], o["i2r"], o["r2i"]
    groups.append({"type": "PeerKeySchedule", "source": "spec/messaging.md section 5", "tests": [
        case("the key schedule of the PeerOpen below: input is peer_secret || open_hash",
             o["peer_secret"] + o["open_hash"], "valid",
             {"prk": prk.hex(), "i2r": traffic(i2r), "r2i": traffic(r2i)}, flags=["KeySchedule"])]})

    open_tests = [case("the complete first message: Alice to Bob, 'hello Bob'", o["msg"], "valid", {
        "header": o["hdr"].hex(), "messageId": o["message_id"].hex(), "timestampMs": NOW_MS,
        "peerSecret": o["peer_secret"].hex(), "openHash": o["open_hash"].hex(), "signedOpen": o["signed"].hex(),
        "body": o["body"].hex(), "text": "hello Bob"}, flags=["Deterministic"])]
    hdr_len = len(o["hdr"])
    open_tests.append(case("one ciphertext bit flipped: the signature covers the ciphertext",
                           flip(o["msg"], len(o["msg"]) - 1), "invalid", error="PM_BAD_SIGNATURE",
                           flags=["Tampered"]))
    open_tests.append(case("the last octet of timestamp_ms changed (still fresh)", flip(o["msg"], hdr_len - 9),
                           "invalid", error="PM_BAD_SIGNATURE", flags=["Tampered"]))
    open_tests.append(case("signature stripped and replaced by Mallory's over the same octets",
                           replace_signature(o, mallory, alice, bob), "invalid", error="PM_BAD_SIGNATURE",
                           flags=["Resigned"]))
    open_tests.append(case("suite 2 (downgrade or unknown suite)", o["msg"][:2] + b"\x02" + o["msg"][3:],
                           "invalid", error="PM_BAD_SUITE", flags=["CheckOrder"]))
    open_tests.append(case("version 2 and suite 2: the version is checked first",
                           o["msg"][:1] + b"\x02\x02" + o["msg"][3:], "invalid", error="PM_BAD_VERSION",
                           flags=["CheckOrder"]))
    open_tests.append(case("len_wrapped_key 383", o["msg"][:hdr_len] + struct.pack(">H", 383)
                           + o["msg"][hdr_len + 2:], "invalid", error="PM_MALFORMED"))
    s2 = Stream(SEED + b" forwarded")
    fwd = build_open(s2, alice, bob, NOW_MS, "for Carol?", recipient_name="Carol")
    open_tests.append(case("addressed to Carol (signed by Alice, wrapped to Bob): Bob refuses it before any RSA work",
                           fwd["msg"], "invalid", error="PM_NOT_FOR_ME", flags=["Forwarded"]))
    s3 = Stream(SEED + b" stale")
    stale = build_open(s3, alice, bob, NOW_MS - FRESHNESS_MS - 1, "old news")
    open_tests.append(case("timestamp one millisecond older than the freshness window", stale["msg"], "invalid",
                           error="PM_STALE", flags=["Stale"]))
    s4 = Stream(SEED + b" seq")
    seq1 = build_open(s4, alice, bob, NOW_MS, "seq 1", seq=1)
    open_tests.append(case("a PeerOpen with seq 1", seq1["msg"], "invalid", error="PM_MALFORMED"))
    s5 = Stream(SEED + b" short secret")
    short = build_open(s5, alice, bob, NOW_MS, "short", secret_len=16)
    open_tests.append(case("signed correctly, but the wrapped secret is 16 octets", short["msg"], "invalid",
                           error="PM_BAD_KEY"))
    s6 = Stream(SEED + b" wrong direction")
    wrong = build_open(s6, alice, bob, NOW_MS, "r2i", seal_with="r2i")
    open_tests.append(case("signed correctly, but sealed under the r2i key", wrong["msg"], "invalid",
                           error="PM_BAD_RECORD"))
    s7 = Stream(SEED + b" receipt body")
    rb = build_open(s7, alice, bob, NOW_MS, "", body=b"\x02" + bytes(16))
    open_tests.append(case("signed correctly, but its body is a receipt", rb["msg"], "invalid", error="PM_MALFORMED"))
    groups.append({"type": "PeerOpen", "source": "spec/messaging.md sections 4, 5 and 8.3",
                   "senderPkcs8": alice["pkcs8"].hex(), "senderSpki": alice["spki"].hex(),
                   "recipientPkcs8": bob["pkcs8"].hex(), "recipientSpki": bob["spki"].hex(),
                   "otherSpki": mallory["spki"].hex(), "seed": SEED.decode(), "nowMs": NOW_MS,
                   "tests": open_tests})

    groups.append({"type": "PeerFollowUp", "source": "spec/messaging.md sections 6 and 8.4", "i2r": i2r.hex(),
                   "tests": [case("Alice's second message, drawn from the same stream after the PeerOpen", follow,
                                  "valid", {"header": f_hdr.hex(), "messageId": follow_id.hex(), "seq": 1,
                                            "nonce": nonce(i2r, 1).hex(), "body": f_body.hex(),
                                            "text": "second, AEAD only"}, flags=["Deterministic"])]})

    body_tests = [
        case("text", text_body("héllo ✓"), "valid", {"bodyType": 1, "text": "héllo ✓"}),
        case("empty text", b"\x01", "valid", {"bodyType": 1, "text": ""}),
        case("receipt", b"\x02" + bytes(range(16)), "valid", {"bodyType": 2, "ackedId": bytes(range(16)).hex()}),
        case("key_update", b"\x03", "valid", {"bodyType": 3}),
        case("unknown body type 4", b"\x04", "invalid", error="PM_MALFORMED"),
        case("receipt of 15 octets", b"\x02" + bytes(15), "invalid", error="PM_MALFORMED"),
        case("key_update with a field", b"\x03\x00", "invalid", error="PM_MALFORMED"),
        case("text that is not UTF-8", b"\x01\xc3", "invalid", error="PM_MALFORMED"),
    ]
    groups.append({"type": "PeerBody", "source": "spec/messaging.md section 4.2", "tests": body_tests})

    doc = {
        "algorithm": "parley-messaging-v1",
        "generatorVersion": "1",
        "numberOfTests": tc[0],
        "header": [
            "Test vectors for Parley end-to-end peer messages (spec/messaging.md, section 12), written by",
            "spec/tools/gen_messaging_vectors.py (Python and python3-cryptography; RSA-OAEP and RSA-PSS encoded",
            "by hand per RFC 8017 with the seed and salt from the deterministic stream). The stream is",
            "SHA-256(seed || uint64(i)) for i = 0, 1, ...; the PeerOpen group's seed is the ASCII string in its",
            "'seed' member; an initiator draws message_id, peer_secret, the OAEP seed, the PSS salt, then the",
            "follow-up's message_id. The RSA keys are test keys made for these vectors only.",
            "A PeerOpen test is applied as the responder Bob at nowMs, with an empty pin store and a look-up",
            "that answers Alice's key; an invalid one must be refused with the PeerError of its error."],
        "notes": {
            "Deterministic": "Built with the deterministic stream: an initiator given the same stream, keys and "
                             "clock sends exactly these octets [PM-KEX-1] [PM-SIG-1] [PM-MSG-2].",
            "KeySchedule": "prk, and both directions' traffic secrets with their keys, IVs and next secrets "
                           "[PM-KS-1] [PM-KS-2].",
            "Tampered": "One bit of the signed PeerOpen is changed; the signature fails [PM-SIG-1].",
            "Resigned": "The signature is replaced by one of another identity key [PM-SIG-1].",
            "CheckOrder": "Several checks fail; the first in the order of section 8.1 decides [PM-RCV-1].",
            "Forwarded": "The recipient is not the receiving user [PM-OPEN-2].",
            "Stale": "The timestamp is outside the freshness window [PM-OPEN-3].",
        },
        "testGroups": groups,
    }
    with open("spec/vectors/messaging.json", "w") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(tc[0], "tests")


if __name__ == "__main__":
    main()
