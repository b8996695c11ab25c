"""The staff PIN: stored only as a salted scrypt hash, with failed attempts rate-limited.

The hash lives in the settings file's ``[kiosk]`` section as ``pin_hash``. On the demo profile with
no PIN set, the demo PIN is ``1234`` (the PIN screen says so). An enrolled kiosk with no PIN set
cannot open the staff panel until one is set with ``carekiosk run --set-pin``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import time
from dataclasses import dataclass, field
from typing import Callable

DEMO_PIN = "1234"
MIN_PIN_LENGTH = 4
MAX_PIN_LENGTH = 12
# scrypt cost: ~50 ms on a small tablet, 16 MB of memory. Enough for a lobby PIN behind a rate limit.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def valid_pin(pin: str) -> bool:
    return pin.isdigit() and pin.isascii() and MIN_PIN_LENGTH <= len(pin) <= MAX_PIN_LENGTH


def hash_pin(pin: str, *, salt: bytes | None = None, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """``scrypt$n$r$p$salt$hash`` (base64 parts)."""
    if not valid_pin(pin):
        raise ValueError(f"a PIN is {MIN_PIN_LENGTH} to {MAX_PIN_LENGTH} digits")
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(pin.encode("ascii"), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def check_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(pin.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


@dataclass
class PinGuard:
    """Checks PINs; after ``free_attempts`` failures each further try waits longer (30 s, 60 s, … 15 min)."""

    stored_hash: str | None
    demo: bool = False
    free_attempts: int = 3
    base_delay: float = 30.0
    max_delay: float = 900.0
    clock: Callable[[], float] = field(default=time.monotonic)

    def __post_init__(self) -> None:
        self.failures = 0
        self.locked_until = 0.0
        self._demo_hash = hash_pin(DEMO_PIN, n=2**10) if self.demo and not self.stored_hash else None

    @property
    def has_pin(self) -> bool:
        return bool(self.stored_hash or self._demo_hash)

    @property
    def uses_demo_pin(self) -> bool:
        return self._demo_hash is not None

    def wait_seconds(self) -> int:
        return max(0, int(self.locked_until - self.clock() + 0.999))

    def attempt(self, pin: str) -> bool:
        """True if the PIN is right. While locked out every attempt fails without being checked."""
        if self.wait_seconds() > 0 or not self.has_pin:
            return False
        if check_pin(pin, self.stored_hash or self._demo_hash or ""):
            self.failures = 0
            self.locked_until = 0.0
            return True
        self.failures += 1
        if self.failures >= self.free_attempts:
            extra = self.failures - self.free_attempts
            self.locked_until = self.clock() + min(self.max_delay, self.base_delay * 2**extra)
        return False
