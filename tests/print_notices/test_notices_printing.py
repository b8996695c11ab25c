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
    if reason:
        pytest.skip(f"no private CUPS scheduler: {reason}")
    base = Path(tempfile.mkdtemp(prefix="ck-cups-"))
    os.chmod(base, 0o755)  # the filter runs as the unprivileged "lp" user and must reach the spool
    try:
        try:
            server = cups.start(base)
        except (RuntimeError, subprocess.CalledProcessError) as exc:
            pytest.skip(f"a private cupsd could not be started here: {exc}")
        yield server
        server.stop()
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_leaflet_prints_to_the_file_device(private_cups, ck_home, tmp_path):
    pdf = leaflet.build_leaflet(tmp_path / "leaflet.pdf")
    job = print_pdf(pdf, private_cups.queue, env=private_cups.env)
    assert job.printer == "test" and job.job_id and job.job_id.startswith("test-")
    assert cups.wait_for_output(private_cups) == pdf.read_bytes()


def test_cli_print_with_printer_option(private_cups, ck_home, ck_env, carekiosk_cmd):
    private_cups.output.unlink(missing_ok=True)
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
