"""Where carekiosk keeps its settings and its data.

By default the platform's own folders (platformdirs); if ``CAREKIOSK_HOME`` names a folder, settings
and data both live there, so tests and several kiosks on one machine never share a database.
"""

from __future__ import annotations

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
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self
