"""The device's profile: the demo profile until enrolled with a moderation service.

On the demo profile a *demo* moderation key pair is made locally, so everything works out of the
box (and the demo can show a story being opened by "the moderator"). The demo private key is
clearly named as such; once enrolled, stories are sealed to the real service and the device holds
no key that opens them.
"""

from __future__ import annotations

import os

from .errors import StoreError
from .paths import Paths
from .seal import generate_keypair
from .store import Store

DEMO_LABEL = "DEMO"


def open_store(paths: Paths | None = None) -> Store:
    """Open (creating if needed) this device's store, with a demo key on first use."""
    paths = (paths or Paths.from_env()).ensure()
    store = Store(paths.database)
    try:
        os.chmod(paths.database, 0o600)
    except OSError:
        pass
    device = store.device()
    if device.is_demo and (not device.public_key or not paths.demo_private_key.exists()):
        if device.public_key and not paths.demo_private_key.exists() and device.last_seq:
            store.close()
            raise StoreError(
                f"The demo key {paths.demo_private_key} is missing; demo stories already saved cannot be opened."
            )
        public, private = generate_keypair()
        tmp = paths.demo_private_key.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(private + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, paths.demo_private_key)
        store.set_public_key(public)
    return store


def demo_private_key(paths: Paths | None = None) -> str:
    """The demo profile's private key (for demos and tests only)."""
    paths = paths or Paths.from_env()
    return paths.demo_private_key.read_text().strip()


def retire_demo_key(paths: Paths | None = None) -> bool:
    """On leaving the demo profile: destroy the demo private key, so stories written during the demo
    (kept as ``not_sent``) can no longer be opened by anyone holding the tablet. ``verify`` needs only
    their sealed bytes, not the key. Returns whether there was a key to destroy."""
    path = (paths or Paths.from_env()).demo_private_key
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return False
    with open(path, "r+b") as fh:  # overwrite before unlinking: the file system may keep the blocks
        fh.write(os.urandom(max(size, 64)))
        fh.flush()
        os.fsync(fh.fileno())
    path.unlink()
    return True
