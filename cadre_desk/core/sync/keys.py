"""Each install's signing key (Ed25519) and the fingerprints people compare by phone."""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy.orm import Session

from ..models import Meta

META_KEY = "signing_key"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


class SigningKey:
    """This install's private key; never leaves the data dir (kept in the local ``meta`` table)."""

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private
        self.public_key = _b64(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))

    def sign(self, data: bytes) -> bytes:
        return self._private.sign(data)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)


def load_or_create(session: Session) -> SigningKey:
    """The install's key, made on first use (call inside a write transaction)."""
    row = session.get(Meta, META_KEY)
    if row is not None:
        return SigningKey(Ed25519PrivateKey.from_private_bytes(_unb64(row.value)))
    private = Ed25519PrivateKey.generate()
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    session.add(Meta(key=META_KEY, value=_b64(raw)))
    session.flush()
    return SigningKey(private)


def load(session: Session) -> SigningKey | None:
    """The install's key, or None when it has none yet (read-only)."""
    row = session.get(Meta, META_KEY)
    return SigningKey(Ed25519PrivateKey.from_private_bytes(_unb64(row.value))) if row else None


def verify(public_key: str, signature: bytes, data: bytes) -> bool:
    """Whether ``signature`` over ``data`` was made by the holder of ``public_key``."""
    try:
        Ed25519PublicKey.from_public_bytes(_unb64(public_key)).verify(signature, data)
    except (InvalidSignature, ValueError, TypeError, AttributeError):  # a key from a file: anything
        return False
    return True


def fingerprint(public_key: str) -> str:
    """A key's fingerprint to read out by phone: 8 groups of 4 hex digits (128 bits)."""
    digest = hashlib.sha256(_unb64(public_key)).hexdigest()[:32].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def new_secret() -> str:
    """A random enrolment secret (32 bytes, base64)."""
    import os

    return _b64(os.urandom(32))


def enrol_proof(secret: str, public_key: str, install_id: str) -> str:
    """Proof that a station holds its enrolment file: binds its key and install to the secret."""
    mac = hmac.new(_unb64(secret), f"{public_key}|{install_id}".encode(), hashlib.sha256)
    return mac.hexdigest()


def check_proof(secret: str, public_key: str, install_id: str, proof: str) -> bool:
    """Whether ``proof`` (from a bundle: any text) is the station's proof of its setup file."""
    if not isinstance(proof, str) or not proof.isascii():
        return False  # (compare_digest refuses non-ASCII text)
    return hmac.compare_digest(enrol_proof(secret, public_key, install_id), proof)
