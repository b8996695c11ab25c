"""Printing through CUPS: a private cupsd on loopback whose queue writes to a ``file:`` device."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from print_notices import leaflet
from print_notices.printing import NoPrinter, default_printer, print_pdf


from tests.support import cups  # noqa: E402


@pytest.fixture(scope="module")
def private_cups():
    reason = cups.available()
    if reason and os.environ.get("CI"):
        pytest.fail(f"no private CUPS scheduler in CI: {reason}")
    if reason:
        pytest.skip(f"no private CUPS scheduler: {reason}")
    base = Path(tempfile.mkdtemp(prefix="ck-cups-"))
    os.chmod(base, 0o755)  # the filter runs as the unprivileged "lp" user and must reach the spool
    try:
        try:
            server = cups.start(base)
        except (RuntimeError, subprocess.CalledProcessError) as exc:
            if os.environ.get("CI"):  # scripts/setup-machine installs CUPS: in CI this must work
                raise
            pytest.skip(f"a private cupsd could not be started here: {exc}")
        yield server
        server.stop()
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_leaflet_prints_to_the_file_device(private_cups, ck_home, tmp_path):
    cups.reset_output(private_cups)
    pdf = leaflet.build_leaflet(tmp_path / "leaflet.pdf")
    job = print_pdf(pdf, private_cups.queue, env=private_cups.env)
    assert job.printer == "test" and job.job_id and job.job_id.startswith("test-")
    assert cups.wait_for_output(private_cups) == pdf.read_bytes()


def test_cli_print_with_printer_option(private_cups, ck_home, ck_env, carekiosk_cmd):
    cups.reset_output(private_cups)
    env = {**ck_env, **{k: v for k, v in private_cups.env.items() if k.startswith("CUPS_")}}
    done = subprocess.run(carekiosk_cmd + ["print", "poster", "--printer", "test"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Sent to printer test (job test-" in done.stdout
    printed = cups.wait_for_output(private_cups)
    assert printed.startswith(b"%PDF") and printed == (ck_home / "notices" / "poster-en.pdf").read_bytes()


def test_unknown_queue_is_a_clear_no_printer(private_cups, tmp_path):
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(NoPrinter, match="There is no printer called nope") as caught:
        print_pdf(pdf, "nope", env=private_cups.env)
    assert str(pdf.resolve()) in str(caught.value)


def test_no_default_printer_on_the_private_scheduler(private_cups, tmp_path):
    assert default_printer(private_cups.env) is None
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(NoPrinter, match="No printer is set up"):
        print_pdf(pdf, None, env=private_cups.env)


def test_the_private_scheduler_prints_as_a_normal_user():
    """In CI the suite runs as root; the same private scheduler must work for a normal user (uid != 0).
    The probe (stdlib only) is copied into a folder of that user's own, so the checkout's folder modes
    (a fresh clone may sit in a 0700 folder) do not matter."""
    reason = cups.available()
    if reason:
        pytest.skip(reason)
    python = shutil.which("python3", path="/usr/bin:/bin")
    if python is None:
        pytest.skip("no system python3 to run the probe as another user")
    base = Path(tempfile.mkdtemp(prefix="ck-cups-user-"))
    try:
        probe = base / "cups_probe.py"
        shutil.copy(cups.__file__, probe)
        shutil.copy(cups.PPD, base / cups.PPD.name)
        if os.geteuid() == 0:
            for path in (base, probe, base / cups.PPD.name):
                os.chown(path, 65534, 65534)  # nobody
            cmd = ["runuser", "-u", "nobody", "--", python, str(probe), str(base / "run")]
        else:
            cmd = [python, str(probe), str(base / "run")]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd="/")
        assert done.returncode == 0, done.stdout + done.stderr
        assert "printed 33 bytes as uid" in done.stdout and " as uid 0" not in done.stdout
    finally:
        shutil.rmtree(base, ignore_errors=True)
