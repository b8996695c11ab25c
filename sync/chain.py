"""The hash chain over a device's stories: each story commits to the one before it.

Both the device (``carekiosk verify``) and the moderation service compute it the same way, so a
story removed or altered before sync shows up as a gap or a broken link.
"""

from __future__ import annotations

import hashlib
import json

GENESIS = "0" * 64


def payload_digest(sealed: bytes) -> str:
    return hashlib.sha256(sealed).hexdigest()


def link(prev_hash: str, *, uuid: str, seq: int, device_id: str, created_hour: str, route: str,
         size: int, payload_sha256: str) -> str:
    """The chain hash of one story given the previous story's chain hash."""
    doc = [prev_hash, uuid, seq, device_id, created_hour, route, size, payload_sha256]
    return hashlib.sha256(json.dumps(doc, separators=(",", ":")).encode("ascii")).hexdigest()


def reference_code(uuid: str, digits: int = 4) -> str:
    """The short reference shown to the writer, printed on notices and used in SMS replies
    (``GO 4821``); derived from the uuid so it carries no information of its own."""
    n = int.from_bytes(hashlib.sha256(uuid.encode("ascii")).digest()[:8], "big")
    return str(n % 10**digits).zfill(digits)
