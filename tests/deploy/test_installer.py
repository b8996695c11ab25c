"""``scripts/install-kiosk`` into a staged root (``--root``): the user, the owner-only data folder,
the venv, the units and their enablement; a second run changes nothing; an upgrade and an
uninstall keep the data."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from .appliance import work_dir
from .conftest import needs_root_and_tools, run_installer

pytestmark = [needs_root_and_tools("useradd", "systemctl"), pytest.mark.slow]


def staged_user(root: Path, name: str = "carekiosk") -> tuple[int, int, str, str]:
    for line in (root / "etc" / "passwd").read_text().splitlines():
        fields = line.split(":")
        if fields[0] == name:
            return int(fields[2]), int(fields[3]), fields[5], fields[6]
    raise AssertionError(f"no user {name} in the staged passwd")


def manifest(root: Path) -> dict[str, tuple]:
    """Every file outside the venv: (mode, owner, content or link target)."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        if rel.startswith("opt/carekiosk/venv") or rel.startswith("var/lib/carekiosk/"):
            continue
        st = path.lstat()
        body = os.readlink(path) if path.is_symlink() else (path.read_bytes() if path.is_file() else None)
        out[rel] = (stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid, body)
    return out


def as_kiosk_user(root: Path, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
    """The installed carekiosk command, as the staged kiosk user, on the staged data folder."""
    uid, gid, _, _ = staged_user(root)
    env = {"PATH": "/usr/bin:/bin", "CAREKIOSK_HOME": str(root / "var/lib/carekiosk"),
           "HOME": str(root / "var/lib/carekiosk"), "LANG": "C.UTF-8"}
    return subprocess.run([str(root / "opt/carekiosk/venv/bin/carekiosk"), *args], env=env, user=uid, group=gid,
                          extra_groups=[], capture_output=True, text=True, timeout=120, input=input)


def test_install_makes_an_unprivileged_user_an_owner_only_folder_and_the_units(staged_root):
    root = staged_root
    uid, gid, home, shell = staged_user(root)
    assert uid != 0 and uid < 1000  # a system user
    assert home == "/var/lib/carekiosk" and shell == "/usr/sbin/nologin"
    data = root / "var/lib/carekiosk"
    st = data.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (uid, gid, 0o700)
    venv = root / "opt/carekiosk/venv"
    assert (venv / "bin/carekiosk").is_file() and os.access(venv / "bin/carekiosk", os.X_OK)
    assert venv.stat().st_uid == 0 and not venv.stat().st_mode & 0o022  # the kiosk cannot change its code
    unit = root / "etc/systemd/system/carekiosk-kiosk.service"
    assert unit.read_text() == (Path(__file__).resolve().parents[2] / "deploy/linux/carekiosk-kiosk.service").read_text()
    wants = root / "etc/systemd/system/graphical.target.wants/carekiosk-kiosk.service"
    assert wants.is_symlink() and os.readlink(wants) == "/etc/systemd/system/carekiosk-kiosk.service"
    assert os.readlink(root / "etc/systemd/system/ctrl-alt-del.target") == "/dev/null"
    assert (root / "etc/pam.d/carekiosk-kiosk").read_text().count("pam_systemd.so") == 1
    wrapper = (root / "usr/local/bin/carekiosk-device").read_text()
    assert "runuser -u carekiosk" in wrapper and "CAREKIOSK_HOME=/var/lib/carekiosk" in wrapper
    version = subprocess.run([str(venv / "bin/python"), "-c", "import kiosk.platform, sync.store; print('ok')"],
                             capture_output=True, text=True)
    assert version.stdout.strip() == "ok", version.stderr


def test_running_the_installer_again_changes_nothing(staged_root):
    before = manifest(staged_root)
    done = run_installer("--root", str(staged_root))
    assert done.returncode == 0, done.stderr
    assert "installed already" in done.stdout
    assert "made the unprivileged user" not in done.stdout and "wrote " not in done.stdout
    assert manifest(staged_root) == before


@pytest.fixture
def own_root():
    """A folder under /tmp that unprivileged users can reach (pytest's tmp folders are root-only)."""
    path = work_dir(Path("/tmp"))
    yield path / "copy"
    shutil.rmtree(path, ignore_errors=True)


def test_upgrade_keeps_the_data_and_uninstall_keeps_it_until_purge(staged_root, own_root):
    root = own_root
    copied = subprocess.run(["cp", "-a", str(staged_root), str(root)], capture_output=True, text=True)
    assert copied.returncode == 0, copied.stderr  # a root of our own to change (owners kept)
    shutil.rmtree(root / "var/lib/carekiosk")
    (root / "var/lib/carekiosk").mkdir()
    os.chown(root / "var/lib/carekiosk", *staged_user(root)[:2])
    os.chmod(root / "var/lib/carekiosk", 0o700)
    story = as_kiosk_user(root, "add", "-",
                          input='{"text": "The garden is lovely in spring.", "author_role": "relative"}\n')
    assert story.returncode == 0, story.stdout + story.stderr
    database = root / "var/lib/carekiosk/device.sqlite3"
    before = database.read_bytes()
    # An upgrade: the source differs from what was installed, so the package is reinstalled.
    (root / "opt/carekiosk/installed-source.sha256").write_text("an older release\n")
    done = run_installer("--root", str(root))
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert "installed carekiosk" in done.stdout
    assert database.read_bytes() == before
    verified = as_kiosk_user(root, "verify")
    assert verified.returncode == 0 and "OK: 1 story checked" in verified.stdout, verified.stdout + verified.stderr
    assert stat.S_IMODE((root / "var/lib/carekiosk").stat().st_mode) == 0o700

    done = run_installer("--root", str(root), "--uninstall")
    assert done.returncode == 0, done.stderr
    assert not (root / "opt/carekiosk").exists()
    assert not (root / "etc/systemd/system/carekiosk-kiosk.service").exists()
    assert not (root / "etc/systemd/system/graphical.target.wants/carekiosk-kiosk.service").exists()
    assert database.read_bytes() == before and staged_user(root)[0]

    done = run_installer("--root", str(root), "--uninstall", "--purge")
    assert done.returncode == 0, done.stderr
    assert not (root / "var/lib/carekiosk").exists()
    assert "carekiosk:" not in (root / "etc/passwd").read_text()


def test_installer_refuses_unknown_options_and_non_root_runs():
    done = run_installer("--frobnicate")
    assert done.returncode == 2 and "unknown option --frobnicate" in done.stderr
    nobody = subprocess.run(["bash", str(Path(__file__).resolve().parents[2] / "scripts/install-kiosk")],
                            user="nobody", capture_output=True, text=True)
    assert nobody.returncode == 2 and "run it as root" in nobody.stderr
