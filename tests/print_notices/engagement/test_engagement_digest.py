"""The weekly digest ends with the home's level page (a sample one on the demo profile)."""

from __future__ import annotations

from datetime import datetime, timezone

from pypdf import PdfReader

from print_notices.digest import build_digest
from sync.server.engagement.sample import sample_level_report


def test_demo_digest_ends_with_a_sample_level_page_and_no_blank_page(ck_home, tmp_path):
    out = build_digest(tmp_path / "digest.pdf")
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(out).pages]
    assert len(pages) >= 2
    assert all(len(text) > 100 for text in pages), "no page may be blank but for its footer"
    last = pages[-1]
    assert last.startswith("Where we are: level") or "Where we are: level" in last
    assert "What the records show" in last and "SAMPLE" in last
    assert not any("Where we are" in text for text in pages[:-1])


def test_a_given_level_report_is_used(ck_home, tmp_path):
    report = sample_level_report("Demo House", datetime(2026, 6, 1, tzinfo=timezone.utc))
    report["level"], report["name"] = 7, "Widening staff involvement: staff take part"
    out = build_digest(tmp_path / "digest.pdf", level=report)
    last = " ".join(PdfReader(out).pages[-1].extract_text().split())
    assert "level 7 of 9" in last
