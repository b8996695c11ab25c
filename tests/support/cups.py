"""A private CUPS scheduler for tests: its own config, spool and logs in a temp folder, listening on
a loopback port, with one queue whose device is a ``file:`` URI.

The output file must exist before a job prints. Since the CUPS security fixes of 2026 (upstream, and
Debian's 2.4.2-3+deb12u10), the scheduler opens a ``file:`` device with ``open(path, O_WRONLY | O_EXCL)``
and no ``O_CREAT`` (``scheduler/job.c``), so a missing file stops the job with "the scheduler could
not open the output file" — older versions created it. :func:`reset_output` makes an empty file owned
by whoever runs the tests, which is also who runs this private scheduler (root in CI, or a normal user).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

PPD = Path(__file__).with_name("passthrough.ppd")


@dataclass
class PrivateCups:
    root: Path
    port: int
    process: subprocess.Popen
    output: Path
    queue: str

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("PRINTER", None)
        env.pop("LPDEST", None)
        env["CUPS_SERVER"] = f"127.0.0.1:{self.port}"
        env["CUPS_USER"] = "carekiosk-test"
        return env

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def available() -> str | None:
    """None if a private cupsd can be started here, else the reason it cannot."""
    for tool in ("cupsd", "lpadmin", "lp", "lpstat"):
        if not shutil.which(tool):
            return f"{tool} is not installed (apt-get install cups)"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(base: Path, queue: str = "test") -> PrivateCups:
    root = base / "cups"
    for sub in ("etc", "spool", "tmp", "cache", "state", "log", "out"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    os.chmod(root / "out", 0o777)
    os.chmod(root / "tmp", 0o1777)
    port = _free_port()
    (root / "etc" / "cupsd.conf").write_text(f"""
Listen 127.0.0.1:{port}
LogLevel info
ErrorPolicy abort-job
Browsing No
DefaultAuthType None
WebInterface No
<Location />
  Order allow,deny
  Allow from 127.0.0.1
</Location>
<Location /admin>
  Order allow,deny
  Allow from 127.0.0.1
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
""")
    (root / "etc" / "cups-files.conf").write_text(f"""
FileDevice Yes
ServerRoot {root / 'etc'}
RequestRoot {root / 'spool'}
TempDir {root / 'tmp'}
CacheDir {root / 'cache'}
StateDir {root / 'state'}
ErrorLog {root / 'log' / 'error_log'}
AccessLog {root / 'log' / 'access_log'}
PageLog {root / 'log' / 'page_log'}
ServerBin /usr/lib/cups
DataDir /usr/share/cups
Sandboxing Relaxed
Printcap {root / "printcap"}
""")
    process = subprocess.Popen(["cupsd", "-f", "-c", str(root / "etc" / "cupsd.conf"),
                                "-s", str(root / "etc" / "cups-files.conf")],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = root / "out" / "printed.prn"
    cups = PrivateCups(root, port, process, output, queue)
    deadline = time.monotonic() + 15
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                cups.stop()
                log = (root / "log" / "error_log")
                raise RuntimeError(f"private cupsd did not start: {log.read_text() if log.exists() else ''}"
                                   f"{process.stdout.read().decode(errors='replace') if process.stdout else ''}")
            time.sleep(0.1)
    reset_output(cups)
    subprocess.run(["lpadmin", "-p", queue, "-E", "-v", f"file://{output}", "-P", str(PPD)], env=cups.env, check=True,
                   capture_output=True, timeout=30)
    return cups


def reset_output(cups: PrivateCups) -> None:
    """An empty output file for the next job (the scheduler will not create it: see the module docstring)."""
    cups.output.unlink(missing_ok=True)
    fd = os.open(cups.output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def wait_for_output(cups: PrivateCups, timeout: float = 30) -> bytes:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = subprocess.run(["lpstat", "-o", cups.queue], env=cups.env, capture_output=True, text=True, timeout=30)
        if cups.output.exists() and cups.output.stat().st_size and not done.stdout.strip():
            return cups.output.read_bytes()
        time.sleep(0.2)
    log = cups.root / "log" / "error_log"
    raise AssertionError(f"nothing printed; error_log: {log.read_text() if log.exists() else '(none)'}")


def main(argv: list[str]) -> int:
    """Print one small PDF through a private scheduler in folder ``argv[1]`` and check it arrived.

    Standard library only, so a test can run it with the system's Python as another user
    (``runuser -u nobody -- /usr/bin/python3 tests/support/cups.py DIR``)."""
    base = Path(argv[1])
    server = start(base)
    try:
        pdf = base / "probe.pdf"
        pdf.write_bytes(b"%PDF-1.4\n% carekiosk print probe\n")
        subprocess.run(["lp", "-d", server.queue, str(pdf)], env=server.env, check=True, capture_output=True,
                       timeout=30)
        printed = wait_for_output(server)
        print("printed", len(printed), "bytes as uid", os.getuid())
        return 0 if printed == pdf.read_bytes() else 1
    finally:
        server.stop()


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv))
