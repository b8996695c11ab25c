"""A Welsh digest ends with a Welsh level page; every level and criterion has its Welsh words."""

from __future__ import annotations

from datetime import datetime, timezone

from pypdf import PdfReader

from print_notices.digest import build_digest
from print_notices.engagement.pdf import build_level_pdf
from sync.server.engagement import words
from sync.server.engagement.rules import LEVELS
from sync.server.engagement.sample import sample_level_report


def test_every_level_and_criterion_has_welsh():
    for spec in LEVELS:
        assert words.level_name(spec["level"], "cy") != spec["name"]
        assert words.level_about(spec["level"], "cy") != spec["about"]
        for criterion in spec["criteria"]:
            assert words.says(criterion["id"], "cy") != criterion["says"]
            assert words.step(criterion["id"], "cy") != criterion["step"]


def test_welsh_digest_ends_with_a_welsh_level_page(ck_home, tmp_path):
    out = build_digest(tmp_path / "digest-cy.pdf", lang="cy")
    last = " ".join(PdfReader(out).pages[-1].extract_text().split())
    assert "Ble rydyn ni: lefel" in last and "Beth mae'r cofnodion yn ei ddangos" in last
    assert "Where we are" not in last and "What the records show" not in last
    for spec in LEVELS:
        assert spec["name"] not in last  # no English level names on the Welsh page


def test_welsh_level_page_fits_one_page(tmp_path):
    report = sample_level_report("Tŷ Gwyn", datetime(2026, 6, 1, tzinfo=timezone.utc))
    out = build_level_pdf(report, tmp_path / "level-cy.pdf", now=datetime(2026, 6, 1, tzinfo=timezone.utc),
                          lang="cy")
    pdf = PdfReader(out)
    assert len(pdf.pages) == 1
    assert "Tŷ Gwyn" in pdf.pages[0].extract_text()
