"""Primitives shared by the independent vector generators (gen_chat_vectors.py, gen_messaging_vectors.py):
SHA-256, HMAC-SHA256, HKDF (RFC 5869), MGF1 (RFC 8017) and the traffic keys. Python standard library only."""

import hashlib
import hmac
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


def mgf1(seed, length):
    out, c = b"", 0
    while len(out) < length:
        out += sha256(seed, struct.pack(">I", c))
        c += 1
    return out[:length]


def xor(a, b):
    return bytes(x ^ y for x, y in zip(a, b))


def traffic(ts):
    return {"trafficSecret": ts.hex(), "key": hkdf_expand(ts, b"parley/1 key", 32).hex(),
            "iv": hkdf_expand(ts, b"parley/1 iv", 12).hex(), "next": hkdf_expand(ts, b"parley/1 next", 32).hex()}
