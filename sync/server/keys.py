"""The service's key pair: devices seal stories to the public key; only this service opens them.

The private key is made on first start and written owner-only (0600). If the file is readable by
anyone else the service refuses to start rather than carry on with a leaked-looking key.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from nacl.public import PrivateKey

from sync.errors import UserError
from sync.seal import b64, generate_keypair, unb64

PRIVATE_FILE = "service-private.key"
PUBLIC_FILE = "service-public.key"


@dataclass(frozen=True)
class ServiceKeys:
    public: str   # base64
    private: str  # base64; never logged, never sent


def private_key_path(data_dir: Path) -> Path:
    return Path(data_dir) / PRIVATE_FILE


def check_permissions(path: Path) -> None:
    if os.name != "posix":
        return
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise UserError(
            f"The service's private key {path} can be read by other users (mode {mode:o}); "
            f"run `chmod 600 {path}` and start again."
        )


def _write_private(path: Path, private: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(private + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)  # atomic: a second process never sees half a key
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


def load_or_create(data_dir: Path, *, create: bool = True) -> ServiceKeys:
    """The key pair in ``data_dir``, made on first use (``create``)."""
    data_dir = Path(data_dir)
    path = private_key_path(data_dir)
    if not path.exists():
        if not create:
            raise UserError(f"There is no service key in {data_dir}; start the service once with `carekiosk serve`.")
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        _public, private = generate_keypair()
        mine = path.with_name(path.name + f".{os.getpid()}")
        try:
            # link() fails if the name exists: if two processes race, the first key wins and both use it.
            _write_private(mine, private)
            os.link(mine, path)
        except FileExistsError:
            pass
        except OSError:  # a filesystem without hard links
            if not path.exists():
                os.replace(mine, path)
        finally:
            try:
                os.unlink(mine)
            except OSError:
                pass
    check_permissions(path)
    text = path.read_text().strip()
    try:
        key = PrivateKey(unb64(text))
    except Exception:
        raise UserError(f"The service's private key {path} is damaged; restore it from a backup.") from None
    public = b64(bytes(key.public_key))
    pub_path = data_dir / PUBLIC_FILE
    if not pub_path.exists() or pub_path.read_text().strip() != public:
        pub_path.write_text(public + "\n")
    return ServiceKeys(public=public, private=text)
