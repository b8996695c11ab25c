"""Where carekiosk keeps its settings and its data.

By default the platform's own folders (platformdirs); if ``CAREKIOSK_HOME`` names a folder, settings
and data both live there, so tests and several kiosks on one machine never share a database.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "carekiosk"
HOME_ENV = "CAREKIOSK_HOME"


@dataclass(frozen=True)
class Paths:
    config_dir: Path
    data_dir: Path

    @classmethod
    def from_env(cls, home: str | os.PathLike | None = None) -> "Paths":
        home = home or os.environ.get(HOME_ENV)
        if home:
            root = Path(home).expanduser().resolve()
            return cls(config_dir=root, data_dir=root)
        return cls(
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        )

    @property
    def config_file(self) -> Path:
        return self.config_dir / "carekiosk.toml"

    @property
    def database(self) -> Path:
        return self.data_dir / "device.sqlite3"

    @property
    def demo_private_key(self) -> Path:
        """The demo moderation key: only ever used on the demo profile, never for real stories."""
        return self.data_dir / "DEMO-moderation-private.key"

    def ensure(self) -> "Paths":
        """Create the folders, readable by this user only (they hold a database and keys)."""
        for folder in {self.config_dir, self.data_dir}:
            private_folder(folder)
        return self


def private_folder(folder: Path) -> Path:
    """Make ``folder`` (and its parents) if missing, readable by this user only. One that already exists
    open to others (``mkdir`` leaves an existing folder's mode alone: a ``CAREKIOSK_HOME`` made by hand
    is often 0755) is tightened to 0700 when it is ours; otherwise a warning says so. The user's own
    home folder is never changed, only warned about."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    info = folder.stat()
    if not info.st_mode & 0o077:
        return folder
    ours = info.st_uid == os.getuid() if hasattr(os, "getuid") else False
    if ours and folder.resolve() != Path.home().resolve():
        try:
            os.chmod(folder, 0o700)
            return folder
        except OSError:
            pass
    logging.getLogger("carekiosk").warning(
        "carekiosk: %s can be read by other users of this machine (mode %o); it holds the story database and "
        "keys: run `chmod 700 %s`.", folder, info.st_mode & 0o777, folder)
    return folder
