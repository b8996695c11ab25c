"""Run the kiosk appliance's systemd unit here, as far as a machine without systemd as PID 1 and
without a screen allows: the unit's own ExecStart and Environment= (paths re-rooted into a staged
``scripts/install-kiosk --root`` install), as an unprivileged user, under cage's headless backend,
with a notify socket standing where systemd's would (so READY=1 and WATCHDOG=1 are real).

Why these details:
- cage refuses to run as root, so the kiosk runs as an unprivileged user (as in the unit);
- Xwayland admits only clients of its own user *by name* (``getpwuid``), so that user must exist in
  this machine's passwd: the staged ``carekiosk`` user does not, so ``nobody`` stands in for it
  unless a real ``carekiosk`` user exists;
- XDG_RUNTIME_DIR is private (owned by that user, mode 0700), as logind makes it.
"""

from __future__ import annotations

import os
import pwd
import select
import shlex
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
UNITS = REPO / "deploy" / "linux"
PREFIX = "/opt/carekiosk"


def unit_service(path: Path) -> dict[str, list[str]]:
    """The ``[Service]`` section of a unit file: key -> every value given (in order)."""
    out: dict[str, list[str]] = {}
    section = None
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        if section == "Service" and "=" in line:
            key, value = line.split("=", 1)
            out.setdefault(key.strip(), []).append(value.strip())
    return out


def unit_environment(service: dict[str, list[str]]) -> dict[str, str]:
    env: dict[str, str] = {}
    for value in service.get("Environment", []):
        for item in shlex.split(value):
            key, _, val = item.partition("=")
            env[key] = val
    return env


def reroot(text: str, root: Path) -> str:
    return text.replace(PREFIX, f"{root}{PREFIX}").replace("/var/lib/carekiosk", f"{root}/var/lib/carekiosk")


def runas_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam("carekiosk")
    except KeyError:
        return pwd.getpwnam("nobody")


def private_dir(parent: Path, name: str, user: pwd.struct_passwd) -> Path:
    path = parent / name
    path.mkdir(mode=0o700)
    os.chown(path, user.pw_uid, user.pw_gid)
    os.chmod(path, 0o700)
    return path


@dataclass
class Kiosk:
    """One start of the kiosk unit's ExecStart (``Restart=always`` = calling :meth:`start` again)."""

    root: Path
    data: Path
    work: Path
    user: pwd.struct_passwd
    unit: Path = UNITS / "carekiosk-kiosk.service"
    watchdog_sec: float = 30.0
    proc: subprocess.Popen | None = None
    notices: list[str] = field(default_factory=list)
    log: Path | None = None
    starts: int = 0

    def argv(self) -> list[str]:
        service = unit_service(self.unit)
        (exec_start,) = service["ExecStart"]
        return shlex.split(reroot(exec_start, self.root))

    def environment(self) -> dict[str, str]:
        service = unit_service(self.unit)
        env = {key: reroot(value, self.root) for key, value in unit_environment(service).items()}
        env["CAREKIOSK_HOME"] = str(self.data)  # this test's own data folder (owner-only)
        env.update({
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": str(self.data),
            "LANG": "C.UTF-8",
            "USER": self.user.pw_name,
            "XDG_RUNTIME_DIR": str(self.runtime),
            # what systemd gives a Type=notify unit with WatchdogSec=
            "NOTIFY_SOCKET": str(self.notify_path),
            "WATCHDOG_USEC": str(int(self.watchdog_sec * 1_000_000)),
            # cage's headless backend: no screen, no input devices, software rendering
            "WLR_BACKENDS": "headless",
            "WLR_LIBINPUT_NO_DEVICES": "1",
            "WLR_RENDERER": "pixman",
        })
        return env

    def start(self) -> "Kiosk":
        self.starts += 1
        self.runtime = private_dir(self.work, f"runtime-{self.starts}", self.user)
        self.notify_path = self.runtime / "notify"
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(self.notify_path))
        os.chown(self.notify_path, self.user.pw_uid, self.user.pw_gid)
        self.notices = []
        self.log = self.work / f"kiosk-{self.starts}.log"
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(self.argv(), env=self.environment(), cwd=str(self.data), stdout=out,
                                         stderr=subprocess.STDOUT, user=self.user.pw_uid, group=self.user.pw_gid,
                                         extra_groups=[], start_new_session=True)
        return self

    def wait_for(self, state: str, timeout: float = 90.0) -> float:
        """Seconds until the kiosk sent ``state`` (e.g. ``READY=1``) on the notify socket."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if any(state in n.split("\n") for n in self.notices):
                return time.monotonic() - started
            if self.proc.poll() is not None:
                raise AssertionError(f"the kiosk unit's command ended ({self.proc.returncode}) before {state}:\n"
                                     + self.log_text()[-3000:])
            ready, _, _ = select.select([self.sock], [], [], 0.5)
            if ready:
                self.notices.append(self.sock.recv(4096).decode())
        raise AssertionError(f"no {state} within {timeout} s:\n" + self.log_text()[-3000:])

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log else ""

    def as_user(self, argv: list[str], **kwargs) -> subprocess.CompletedProcess:
        env = {"PATH": "/usr/bin:/bin", "XDG_RUNTIME_DIR": str(self.runtime), "WAYLAND_DISPLAY": self.wayland(),
               "DISPLAY": self.x_display(), "HOME": str(self.data)}
        env.update(kwargs.pop("env", {}))
        return subprocess.run(argv, env=env, user=self.user.pw_uid, group=self.user.pw_gid, extra_groups=[],
                              capture_output=True, timeout=60, **kwargs)

    def wayland(self) -> str:
        sockets = sorted(p.name for p in self.runtime.glob("wayland-*") if not p.name.endswith(".lock"))
        assert sockets, "cage made no Wayland socket"
        return sockets[0]

    def x_display(self) -> str:
        kiosk = self.kiosk_pid()
        environ = Path(f"/proc/{kiosk}/environ").read_bytes().split(b"\0")
        for item in environ:
            if item.startswith(b"DISPLAY="):
                return item.split(b"=", 1)[1].decode()
        raise AssertionError("the kiosk has no DISPLAY: cage started no Xwayland for it")

    def screenshot(self, name: str) -> Path:
        out = self.runtime / f"{name}.png"
        done = self.as_user(["grim", str(out)])
        assert done.returncode == 0, done.stderr.decode()
        kept = self.work / f"{name}.png"
        kept.write_bytes(out.read_bytes())
        return kept

    def kiosk_pid(self) -> int:
        """The kiosk's own process (cage's child), not cage."""
        for task in Path("/proc").iterdir():
            if not task.name.isdigit():
                continue
            try:
                cmdline = (task / "cmdline").read_bytes().split(b"\0")
                stat = (task / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == self.proc.pid and any(b"carekiosk" in part for part in cmdline[1:2]):
                return int(task.name)
        raise AssertionError("the kiosk's process is not running under cage")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        if getattr(self, "sock", None) is not None:
            self.sock.close()


def new_kiosk(root: Path, work: Path) -> Kiosk:
    user = runas_user()
    data = private_dir(work, "data", user)
    return Kiosk(root=root, data=data, work=work, user=user)


def work_dir(tmp_path: Path) -> Path:
    """A folder the unprivileged user can reach (pytest's tmp folders are root-only, mode 0700)."""
    path = Path(tempfile.mkdtemp(prefix="ck-appliance-", dir="/tmp"))
    os.chmod(path, 0o755)
    return path
