"""`carekiosk print ...` on the demo profile, and the "no printer" path."""

from __future__ import annotations

import os
import subprocess

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from kiosk.cli import main


@pytest.mark.parametrize("args", [["digest"], ["notice", "4821"], ["poster"], ["leaflet"],
                                  ["digest", "--since", "2025-01-01", "--large-print", "--lang", "cy"]])
def test_print_to_file_on_demo_profile(ck_home, tmp_path, args):
    out = tmp_path / "out.pdf"
    result = CliRunner().invoke(main, ["print", *args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Saved {out}" in result.output and "SAMPLE" in result.output
    assert len(PdfReader(out).pages) >= 1


def test_bad_since_date(ck_home, tmp_path):
    result = CliRunner().invoke(main, ["print", "digest", "--since", "last week", "--out", str(tmp_path / "d.pdf")])
    assert result.exit_code == 2 and "2025-03-01" in result.output


def test_unknown_reference_is_one_plain_sentence(ck_home, ck_env, carekiosk_cmd):
    done = subprocess.run(carekiosk_cmd + ["print", "notice", "0000"], env=ck_env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip() == ("carekiosk: No published story has the reference 0000; check the number and "
                                   "sync the device.")


def test_no_printer_gives_clear_message_and_pdf_path(ck_home, ck_env, carekiosk_cmd, tmp_path):
    env = dict(ck_env)
    env.pop("PRINTER", None)
    env.pop("LPDEST", None)
    env["CUPS_SERVER"] = str(tmp_path / "no-cups.sock")  # no scheduler there: no printer at all
    done = subprocess.run(carekiosk_cmd + ["print", "leaflet"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 4
    pdf = ck_home / "notices" / "leaflet-en.pdf"
    assert "No printer is set up" in done.stderr and str(pdf) in done.stderr
    assert f"PDF: {pdf}" in done.stdout and pdf.exists()


def test_without_cups_at_all(ck_home, tmp_path, monkeypatch):
    from print_notices.printing import NoPrinter, print_pdf

    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(NoPrinter, match="no CUPS") as caught:
        print_pdf(pdf, "any", env={"PATH": str(tmp_path)})
    assert str(pdf) in str(caught.value)


def test_notify_refuses_plain_http_to_another_machine(ck_env, carekiosk_cmd):
    import subprocess

    result = subprocess.run([*carekiosk_cmd, "notify", "--once", "--server", "http://192.0.2.2:8091",
                             "--key", "ckp_secret"], env=ck_env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "Refusing plain http:// to 192.0.2.2" in result.stderr and "ckp_secret" not in result.stderr
