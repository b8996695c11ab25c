"""Settings and data live in CAREKIOSK_HOME when set, else in the platform's folders."""

from __future__ import annotations

import pytest

from sync.config import Config
from sync.errors import UserError
from sync.paths import Paths


def test_carekiosk_home_holds_config_and_data(ck_home):
    paths = Paths.from_env()
    assert paths.config_dir == ck_home.resolve() and paths.data_dir == ck_home.resolve()
    assert paths.database.parent == ck_home.resolve()


def test_platform_folders_without_carekiosk_home(monkeypatch, tmp_path):
    monkeypatch.delenv("CAREKIOSK_HOME", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    paths = Paths.from_env()
    assert paths.config_dir == tmp_path / "cfg" / "carekiosk"
    assert paths.data_dir == tmp_path / "data" / "carekiosk"


def test_sections_merge_over_defaults_and_save_round_trips(ck_home):
    paths = Paths.from_env()
    config = Config.load(paths)
    assert config.section("kiosk", {"idle_timeout": 90}) == {"idle_timeout": 90}
    config.set("kiosk", "idle_timeout", 120)
    config.save()
    assert Config.load(paths).section("kiosk", {"idle_timeout": 90, "language": "en"}) == {
        "idle_timeout": 120, "language": "en"}


def test_broken_settings_file_is_one_clear_sentence(ck_home):
    Paths.from_env().config_file.write_text("[kiosk\nidle_timeout = ")
    with pytest.raises(UserError, match="is not valid TOML"):
        Config.load()
