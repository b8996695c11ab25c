"""The level page and the paper self-assessment in Welsh (``--lang cy``), made from ids and figures;
the JSON report and every English output stay as they were."""

from __future__ import annotations

import importlib.util
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from print_notices.digest import build_digest, render_digest
from print_notices.content import sample_data
from sync.i18n import placeholders, read_catalogue
from sync.server.engagement import QUESTIONS, HomeHistory, words
from sync.server.engagement.assessment import ANSWERS
from print_notices.engagement.commands import level
from print_notices.engagement.pdf import build_level_pdf
from sync.server.engagement.rules import LEVELS
from sync.server.engagement.sample import sample_level_report
from sync.story import ROUTES


from tests.sync.server.engagement.test_engagement_levels import CASES, END, START, report_for  # noqa: E402

CRITERIA = [(spec["level"], c) for spec in LEVELS for c in spec["criteria"]]
ENGLISH_PAGE = ["Where we are", "What the records show", "Towards level", "Our next steps", "Not yet:",
                "needs at least", "needs at most", "published stories", "self-assessment", "not answered yet",
                "provider decisions", " days", "Stories received", "Every criterion"]
#: The Welsh catalogue as committed: (English, context) -> its entry.
CY = {(m.id, m.context): m for m in read_catalogue("cy") if m.id}


def welsh_of(english: str, context: str | None = None, *, may_equal: bool = False) -> str:
    """The committed Welsh of ``english``; fails, saying what to do, when there is none."""
    entry = CY.get((english, context))
    assert entry is not None, f"{english!r} is not in the catalogue: run `python -m sync.i18n extract`"
    assert entry.string.strip() and not entry.fuzzy, f"{english!r} has no Welsh in assets/locale/cy (or it is fuzzy)"
    assert may_equal or entry.string != english, f"{english!r}: its Welsh is still the English"
    return entry.string


def text_of(page) -> str:
    return " ".join(page.extract_text().split())


# --- every rule has its Welsh (in the catalogue: add a level or criterion and this fails until it has) ----

@pytest.mark.parametrize("spec", LEVELS, ids=lambda spec: f"level {spec['level']}")
def test_every_level_has_a_welsh_name_and_about(spec):
    assert words.level_name(spec["level"], "cy") == welsh_of(spec["name"])
    assert words.level_about(spec["level"], "cy") == welsh_of(spec["about"])


@pytest.mark.parametrize("level_number,criterion", CRITERIA, ids=[c["id"] for _, c in CRITERIA])
def test_every_criterion_has_a_welsh_says_and_step(level_number, criterion):
    cy_says = welsh_of(criterion["says"])
    assert words.says(criterion["id"], "cy") == cy_says
    assert words.step(criterion["id"], "cy") == welsh_of(criterion["step"])
    assert cy_says[0].islower(), "says completes 'Ie: ...' / 'Dim eto: ...', as in English"


def test_questions_answers_and_routes_have_welsh():
    for question_id, english in QUESTIONS.items():
        assert words.question(question_id, "cy") == welsh_of(english)
    for answer in ANSWERS:
        assert words.answer(answer, "cy") == welsh_of(answer, "self-assessment answer")
        assert words.form_box(answer, "cy") == welsh_of(answer.capitalize(), "self-assessment form box")
    for route in ROUTES:
        assert words.route(route, "cy") == welsh_of(route, "story route")


def test_page_words_have_welsh_with_the_same_placeholders():
    page = [m for m in CY.values()
            if any("engagement" in path for path, _ in m.locations) and isinstance(m.id, str)]
    assert len(page) > 60  # the level page, the form, the evidence, and every rule
    for entry in page:
        welsh_of(entry.id, entry.context, may_equal=True)  # "{n} {route}" is the same in Welsh
        assert placeholders(entry.string) == placeholders(entry.id), entry.id


# --- the evidence is made from figures, in either language ---------------------------------------------

@pytest.mark.parametrize("expected", sorted(CASES))
def test_english_evidence_is_the_same_function_of_the_figures(expected):
    h, answers = CASES[expected]
    for r in report_for(h, **answers).results:
        assert words.evidence_text(r.facts, "en") == r.evidence
        assert words.evidence_text(r.facts, "cy") != r.evidence


def test_welsh_evidence_lines():
    report = report_for(CASES[2][0])
    why = {r.id: words.evidence_text(r.facts, "cy") for r in report.results}
    assert why["replies_to_half"] == "20% (2 o'r 10 stori a gyhoeddwyd); angen o leiaf 50%"
    assert why["lets_stories_go"] == "70% (7 o'r 10 penderfyniad gan y darparwr); angen dim mwy na 50%"
    assert why["replies_within_fortnight"] == "5 diwrnod (dros 2 stori a gafodd ateb); angen dim mwy na 14 diwrnod"
    assert why["stories_arrive"] == "10 (10 drwy'r ciosg); angen o leiaf 1"
    assert why["invites_feedback"] == "hunanasesiad: heb ei ateb eto"
    assert why["several_responders"] == "1; angen o leiaf 3"
    h, answers = CASES[7]
    report = report_for(h, **answers)
    why = {r.id: words.evidence_text(r.facts, "cy") for r in report.results}
    assert why["team_meetings"] == "ateb yr hunanasesiad: ie" and why["training"] == "ateb yr hunanasesiad: na"
    empty = report_for(HomeHistory("home-1", "Rosewood House", START, END, [], 0))
    why = {r.id: words.evidence_text(r.facts, "cy") for r in empty.results}
    assert why["replies_to_half"] == "dim i'w fesur eto (0 o'r 0 stori a gyhoeddwyd); angen o leiaf 50%"
    assert why["stories_arrive"] == "0 (dim); angen o leiaf 1"


def test_json_report_stays_english_with_stable_ids_and_the_figures_added():
    h, answers = CASES[4]
    doc = json.loads(json.dumps(report_for(h, **answers).to_dict()))
    assert doc["name"] == "Engagement"
    first = {r["id"]: r for r in doc["results"]}
    assert first["replies_to_half"]["says"] == "published stories get a public reply"
    assert first["replies_to_half"]["evidence"].startswith("70% (7 of 10 published stories); needs at least")
    assert first["replies_to_half"]["facts"] == {
        "metric": "share_published_with_response", "value": 0.7, "op": ">=", "mark": 0.5, "unit": "share",
        "counts": {"part": 7, "whole": 10}}
    assert first["invites_feedback"]["facts"] == {"answer": "yes"}
    assert all(words.says(i, "en") == r["says"] and words.step(i, "en") == r["step"] for i, r in first.items())


# --- the pages ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("expected", [2, 7, 9])
def test_standalone_welsh_pdf_is_one_a4_page_in_welsh(expected, tmp_path):
    h, answers = CASES[expected]
    report = report_for(h, **answers)
    out = build_level_pdf(report.to_dict(), tmp_path / "lefel.pdf", now=END, lang="cy")
    pdf = PdfReader(out)
    assert len(pdf.pages) == 1
    width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)
    text = text_of(pdf.pages[0])
    assert f"Ble rydyn ni: lefel {expected} o 9 — {welsh_of(LEVELS[expected - 1]['name'])}" in text
    assert welsh_of(LEVELS[expected - 1]["about"]) in text
    assert f"Straeon a ddaeth i law: {report.figures['stories_received']}" in text
    assert "Beth mae'r cofnodion yn ei ddangos" in text
    for r in report.holding_back:
        assert f"Dim eto: {welsh_of(r.says)} — {words.evidence_text(r.facts, 'cy')}." in text
    for r in report.met_for_next:
        assert f"Ie: {welsh_of(r.says)}" in text
    for i, step_text in enumerate(report.next_steps, 1):
        assert f"{i}. {welsh_of(step_text)}" in text
    for english in ENGLISH_PAGE + [spec["name"] for spec in LEVELS]:
        assert english not in text
    assert pdf.metadata.title.endswith("lefel ymgysylltu ag adborth")


def test_welsh_digest_ends_with_a_welsh_level_page(ck_home, tmp_path):
    out = build_digest(tmp_path / "crynodeb.pdf", lang="cy")
    pages = [text_of(p) for p in PdfReader(out).pages]
    last = pages[-1]
    for phrase in ("Ble rydyn ni: lefel", "Beth mae'r cofnodion yn ei ddangos", "Tuag at lefel", "Dim eto:",
                   "Ein camau nesaf", "angen o leiaf", "o'r 14 stori a gyhoeddwyd", "diwrnod (canolrif)",
                   "Penderfyniadau'r darparwr", "drwy'r ciosg", "SAMPL"):
        assert phrase in last, phrase
    for english in ENGLISH_PAGE + [spec["name"] for spec in LEVELS] + ["SAMPLE"]:
        assert english not in last, english
    assert not any("Ble rydyn ni" in text for text in pages[:-1])


def test_a_given_report_renders_in_the_digests_language(tmp_path):
    now = datetime(2026, 6, 1, tzinfo=timezone.utc)
    h, answers = CASES[7]
    report = report_for(h, **answers).to_dict()
    out = render_digest(sample_data(now=now, lang="cy", home_name="Tŷ Gwyn"), tmp_path / "d.pdf", lang="cy",
                        level=report)
    last = text_of(PdfReader(out).pages[-1])
    assert f"lefel 7 o 9 — {welsh_of(LEVELS[6]['name'])}" in last and "Tŷ Gwyn" in last
    assert f"Tuag at lefel 8: {welsh_of(LEVELS[7]['name'])}" in last
    out = render_digest(sample_data(now=now), tmp_path / "e.pdf", lang="en", level=report)
    last = text_of(PdfReader(out).pages[-1])
    assert "level 7 of 9 — Widening staff involvement: staff take part" in last and "Towards level 8" in last


def test_a_report_without_figures_from_an_older_service_still_prints(tmp_path):
    report = sample_level_report("Demo House", datetime(2026, 6, 1, tzinfo=timezone.utc))
    for key in ("results", "met_for_next", "holding_back"):
        for r in report[key]:
            r.pop("facts")
    out = build_level_pdf(report, tmp_path / "old.pdf", now=END, lang="cy")
    text = text_of(PdfReader(out).pages[0])
    assert "Ble rydyn ni: lefel" in text and "Dim eto:" in text


# --- the paper self-assessment --------------------------------------------------------------------------

def test_form_in_welsh_and_english_from_the_command(tmp_path):
    runner = CliRunner()
    result = runner.invoke(level, ["form", "--lang", "cy", "--out", str(tmp_path / "holiadur.pdf")])
    assert result.exit_code == 0, result.output
    text = text_of(PdfReader(tmp_path / "holiadur.pdf").pages[0])
    assert "Sut ydyn ni'n defnyddio adborth? Hunanasesiad byr" in text
    for number, question_id in enumerate(QUESTIONS, 1):
        assert f"{number}. {welsh_of(QUESTIONS[question_id])}" in text
    assert text.count("☐ Yn rhannol") == len(QUESTIONS) and "Partly" not in text and "Tick one box" not in text
    result = runner.invoke(level, ["form", "--out", str(tmp_path / "questions.pdf")])
    assert result.exit_code == 0, result.output
    text = text_of(PdfReader(tmp_path / "questions.pdf").pages[0])
    assert "How do we use feedback?" in text and text.count("☐ Partly") == len(QUESTIONS)
    bad = runner.invoke(level, ["form", "--lang", "fr"])
    assert bad.exit_code != 0 and "fr" in bad.output


def test_level_page_prints_the_conversation_figures_in_either_language(tmp_path):
    """The evidence issue 13 adds (changes planned, organisations, public-interest replies, flags) is on the page."""
    h, answers = CASES[7]
    report = report_for(h, **answers).to_dict()
    report["figures"].update(changes_planned=2, distinct_organisations=3, public_interest_responses=4,
                             transparency_flags=1)
    text = text_of(PdfReader(build_level_pdf(report, tmp_path / "en.pdf", now=END, lang="en")).pages[0])
    assert ("Changes planned: 2; organisations in the conversation: 3; replies and comments from public-interest "
            "bodies: 4; transparency flags: 1.") in text
    text = text_of(PdfReader(build_level_pdf(report, tmp_path / "cy.pdf", now=END, lang="cy")).pages[0])
    assert "Newidiadau wedi'u cynllunio: 2; sefydliadau yn y sgwrs: 3" in text and "rhybuddion tryloywder: 1." in text
