"""The device's profile: the demo profile until enrolled with a moderation service.

On the demo profile a *demo* moderation key pair is made locally, so everything works out of the
box (and the demo can show a story being opened by "the moderator"). The demo private key is
clearly named as such; once enrolled, stories are sealed to the real service and the device holds
no key that opens them.
"""

from __future__ import annotations

import os
import tempfile

from .errors import StoreError
from .paths import Paths
from .seal import generate_keypair
from .store import Store

DEMO_LABEL = "DEMO"


def open_store(paths: Paths | None = None, *, make_demo_key: bool = True) -> Store:
    """Open (creating if needed) this device's store, with a demo key on first use.

    ``make_demo_key=False`` leaves a demo device's *first* key to :func:`ensure_demo_key`, for a
    caller with something more urgent to do (the kiosk draws Welcome first, and makes the key before
    anything is sealed); a key missing for a device that had one is dealt with here all the same."""
    paths = (paths or Paths.from_env()).ensure()
    store = Store(paths.database)
    try:
        if make_demo_key or store.device().public_key:
            ensure_demo_key(store, paths)
    except BaseException:
        store.close()
        raise
    return store


def ensure_demo_key(store: Store, paths: Paths) -> None:
    """Make the demo key pair if a demo device has none. Decided inside the store's write
    transaction, so two processes opening a new device at once make one key, and an enrolment
    committed meanwhile is never overwritten by a demo key. Cheap when there is nothing to do."""
    device = store.device()
    if not device.is_demo or (device.public_key and paths.demo_private_key.exists()):
        return  # the common case, without taking the write lock
    with store.transaction() as c:
        profile, public_key, last_seq = c.execute(
            "SELECT profile, public_key, last_seq FROM device WHERE id = 1").fetchone()
        if profile != "demo" or (public_key and paths.demo_private_key.exists()):
            return
        if public_key and last_seq:
            raise StoreError(
                f"The demo key {paths.demo_private_key} is missing; demo stories already saved cannot be opened."
            )
        public, private = generate_keypair()
        fd, tmp = tempfile.mkstemp(prefix=".demo-key-", dir=paths.data_dir)  # mode 0600
        with os.fdopen(fd, "w") as fh:
            fh.write(private + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, paths.demo_private_key)
        c.execute("UPDATE device SET public_key = ? WHERE id = 1 AND profile = 'demo'", (public,))


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
