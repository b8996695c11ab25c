"""Sending a PDF to a printer through CUPS (the ``lp`` command).

The printer is ``--printer QUEUE``, else ``[printing] printer`` in the settings file, else the CUPS
default destination. With none of those, or no CUPS at all, nothing is lost: the person is told
plainly and given the PDF's path to print by hand.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from sync.errors import UserError

LP_TIMEOUT = 30


class NoPrinter(UserError):
    """No printer is set up; the message names the PDF so it can be printed another way."""

    exit_code = 4


class PrintFailed(UserError):
    exit_code = 5


@dataclass(frozen=True)
class PrintJob:
    printer: str
    job_id: str | None
    pdf: Path


def default_printer(env: Mapping[str, str] | None = None) -> str | None:
    """The CUPS default destination, or None (``LPDEST``/``PRINTER`` are honoured like ``lp`` does)."""
    env = dict(env if env is not None else os.environ)
    for name in ("LPDEST", "PRINTER"):
        if env.get(name):
            return env[name]
    if not shutil.which("lpstat"):
        return None
    try:
        out = subprocess.run(["lpstat", "-d"], capture_output=True, text=True, timeout=LP_TIMEOUT, env=env)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r"system default destination:\s*(\S+)", out.stdout)
    return match.group(1) if match else None


def print_pdf(pdf: str | os.PathLike, printer: str | None = None, *, env: Mapping[str, str] | None = None,
              copies: int = 1) -> PrintJob:
    """Queue ``pdf`` on ``printer`` (or the default) with ``lp``; raise NoPrinter/PrintFailed plainly."""
    pdf = Path(pdf).resolve()
    env = dict(env if env is not None else os.environ)
    if not shutil.which("lp", path=env.get("PATH")):
        raise NoPrinter(f"Printing is not set up on this computer (no CUPS), so the notice was saved as {pdf}; "
                        "print that file from another computer.")
    queue = printer or default_printer(env)
    if not queue:
        raise NoPrinter(f"No printer is set up, so the notice was saved as {pdf}; add a printer "
                        "(or use --printer NAME) and print that file.")
    cmd = ["lp", "-d", queue, "-n", str(copies), "-t", pdf.stem, "--", str(pdf)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=LP_TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        raise PrintFailed(f"The printer {queue} did not answer, so the notice was saved as {pdf}.") from None
    except OSError as exc:  # lp there but not runnable, too many open files...
        why = os.strerror(exc.errno).lower() if exc.errno else type(exc).__name__
        raise PrintFailed(f"The print command could not be run ({why}), so the notice was saved as {pdf}.") from None
    if done.returncode != 0:
        reason = (done.stderr or done.stdout).strip().splitlines()
        why = reason[-1].removeprefix("lp: ").rstrip(".") if reason else f"lp exit status {done.returncode}"
        if "does not exist" in why or "not exist" in why or "Unknown destination" in why:
            raise NoPrinter(f"There is no printer called {queue}, so the notice was saved as {pdf}; "
                            "check the name with `lpstat -p`.")
        raise PrintFailed(f"The printer {queue} refused the notice ({why}), so it was saved as {pdf}.")
    match = re.search(r"request id is (\S+)", done.stdout)
    return PrintJob(queue, match.group(1) if match else None, pdf)
