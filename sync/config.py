"""The settings file (TOML). Each part of carekiosk reads its own section with its own defaults."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Mapping

from .errors import UserError
from .paths import Paths


class Config:
    """The parsed settings file; a missing file means every default applies."""

    def __init__(self, data: Mapping[str, Any] | None = None, path: Path | None = None):
        self.data: dict[str, Any] = dict(data or {})
        self.path = path

    @classmethod
    def load(cls, paths: Paths | None = None) -> "Config":
        paths = paths or Paths.from_env()
        path = paths.config_file
        if not path.exists():
            return cls({}, path)
        try:
            with path.open("rb") as fh:
                return cls(tomllib.load(fh), path)
        except tomllib.TOMLDecodeError as exc:
            raise UserError(f"The settings file {path} is not valid TOML ({exc}); fix or remove it.") from None
        except OSError as exc:
            raise UserError(f"The settings file {path} cannot be read ({exc.strerror}).") from None

    def section(self, name: str, defaults: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """One section merged over its defaults, e.g. ``config.section("kiosk", {"idle_timeout": 90})``."""
        merged = dict(defaults or {})
        found = self.data.get(name, {})
        if not isinstance(found, dict):
            raise UserError(f"The settings file {self.path} has '{name}' that is not a [section].")
        merged.update(found)
        return merged

    def set(self, section: str, key: str, value: Any) -> None:
        self.data.setdefault(section, {})[key] = value

    def save(self) -> None:
        """Write atomically (temp file + rename) so a power cut never leaves half a settings file."""
        if self.path is None:
            raise ValueError("this Config was not loaded from a file")
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = self.path.with_suffix(".toml.tmp")
        import tomli_w  # only when writing: the kiosk reads its settings at start and seldom writes

        with tmp.open("wb") as fh:
            tomli_w.dump(self.data, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)
