"""Sealing a story to the moderation service's public key (libsodium sealed boxes via PyNaCl).

A sealed box can be opened only with the service's private key; the device that sealed it cannot
read it back, which is what keeps pending stories private from the care home itself.

PyNaCl is imported when a key is made or a story sealed or opened, not with this module: the kiosk
imports the store (and so this) before Welcome is drawn, and seals only at Send.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from . import bounded_json
from .errors import UserError

PAYLOAD_VERSION = 1


def generate_keypair() -> tuple[str, str]:
    """A new (public, private) key pair, each base64 text."""
    from nacl.public import PrivateKey

    key = PrivateKey.generate()
    return b64(bytes(key.public_key)), b64(bytes(key))


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def envelope(story: dict[str, Any], *, uuid: str, device_id: str, seq: int) -> bytes:
    """The plaintext that gets sealed: the story bound to its uuid, device and sequence number,
    so a sealed blob cannot be replayed under another story's identity."""
    doc = {"v": PAYLOAD_VERSION, "uuid": uuid, "device_id": device_id, "seq": seq, "story": story}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def update_envelope(update: dict[str, Any], *, uuid: str, device_id: str) -> bytes:
    """The plaintext of an author's update (``sync.author_update``): ``kind`` tells it from a story,
    and it is bound to its own uuid and device like a story is."""
    doc = {"v": PAYLOAD_VERSION, "kind": "update", "uuid": uuid, "device_id": device_id, "update": update}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def seal(plaintext: bytes, public_key_b64: str) -> bytes:
    from nacl.public import PublicKey, SealedBox

    return SealedBox(PublicKey(unb64(public_key_b64))).encrypt(plaintext)


def unseal(sealed: bytes, private_key_b64: str) -> dict[str, Any]:
    """Open a sealed story (moderation service, or the demo profile's local demo key)."""
    from nacl.exceptions import CryptoError
    from nacl.public import PrivateKey, SealedBox

    try:
        raw = SealedBox(PrivateKey(unb64(private_key_b64))).decrypt(sealed)
    except CryptoError:
        raise UserError("This story cannot be opened with this key (wrong key or damaged data).") from None
    # Bounded: whoever sealed it chose its shape (a thousand nested lists would crash the parser).
    return bounded_json.loads(raw.decode("utf-8"))
