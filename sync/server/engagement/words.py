"""The level page's and the paper form's own words, in English and Welsh, and the evidence in words.

Everything printed is made here from ids and numbers: level names, criteria and next steps come from
:mod:`.rules` (English) or :mod:`.welsh` (Welsh) by level number or id; the evidence line of a
criterion ("20% (2 of 10 published stories); needs at least 50%") is made from its figures by
:func:`evidence_text`, so the Welsh page never translates an English sentence. The JSON report keeps
the English ``evidence`` made by the same function.
"""

from __future__ import annotations

from typing import Any

from sync.i18n import check_lang
from . import welsh
from .assessment import QUESTIONS
from .rules import LEVELS

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        # the level page
        "pdf_title": "{home}: feedback engagement level",
        "where_we_are": "Where we are: level {level} of 9 — {name}",
        "indication": "An indication from our feedback records ({since} to {until}) and our own answers, "
                      "not a score.",
        "records_heading": "What the records show",
        "towards": "Towards level {level}: {name}",
        "met": "Yes: {says} — {evidence}.",
        "not_met": "Not yet: {says} — {evidence}.",
        "steps_heading": "Our next steps",
        "every_criterion": "Every criterion and figure: carekiosk level {home_id}",
        # the figures behind the page
        "fig_received": "Stories received: {n} ({routes}).",
        "fig_replies": "Published stories with a reply: {share}; first reply after {days} days (median).",
        "fig_decisions": "Provider decisions: {go_ahead} go ahead, {request_review} review requested, "
                         "{lapsed} left to lapse after 72 hours.",
        "fig_responders": "Replies signed by a named person: {named}; from staff in the home: {local}; "
                          "different people replying: {n}.",
        "fig_changes": "Changes made because of a story: {changes}; notices and digests printed: {printed}.",
        "route_figure": "{n} {route}",
        "none": "none",
        "none_yet": "none yet",
        # evidence for one criterion
        "measured": "{value} ({basis}); needs {wanted}",
        "measured_bare": "{value}; needs {wanted}",
        "nothing_yet": "nothing to measure yet ({basis}); needs {wanted}",
        "no_data": "no data",
        "at_least": "at least {mark}",
        "at_most": "at most {mark}",
        "days": "{n} days",
        "answered": "self-assessment answer: {answer}",
        "not_answered": "self-assessment: not answered yet",
        # the counts behind a figure (see evidence.measure)
        "basis_share_published": "{part} of {whole} moderated stories",
        "basis_share_request_review": "{part} of {whole} provider decisions",
        "basis_share_lapsed": "{part} of {whole} provider decisions",
        "basis_share_published_with_response": "{part} of {whole} published stories",
        "basis_median_days_to_first_response": "over {n} stories with a response",
        "basis_share_responses_named": "{part} of {whole} responses",
        "basis_share_responses_local": "{part} of {whole} responses",
        "basis_share_with_follow_up": "{part} of {whole} stories with a response",
        "route_basis": "{n} by {route}",
        # the paper self-assessment
        "form_pdf_title": "Feedback self-assessment",
        "form_title": "How do we use feedback? A short self-assessment",
        "form_intro": "Tick one box for each question. A field worker will type your answers in, and they "
                      "show next to the figures in your engagement report.",
        "form_home": "Home: {home}        Date: ______________",
        "form_yes": "Yes",
        "form_partly": "Partly",
        "form_no": "No",
    },
    "cy": {
        "pdf_title": "{home}: lefel ymgysylltu ag adborth",
        "where_we_are": "Ble rydyn ni: lefel {level} o 9 — {name}",
        "indication": "Arwydd yw hyn o'n cofnodion adborth ({since} i {until}) a'n hatebion ein hunain. "
                      "Nid sgôr yw e.",
        "records_heading": "Beth mae'r cofnodion yn ei ddangos",
        "towards": "Tuag at lefel {level}: {name}",
        "met": "Ie: {says} — {evidence}.",
        "not_met": "Dim eto: {says} — {evidence}.",
        "steps_heading": "Ein camau nesaf",
        "every_criterion": "Pob maen prawf a ffigur: carekiosk level {home_id}",
        "fig_received": "Straeon a ddaeth i law: {n} ({routes}).",
        "fig_replies": "Straeon a gyhoeddwyd sydd wedi cael ateb: {share}; yr ateb cyntaf ar ôl {days} "
                       "diwrnod (canolrif).",
        "fig_decisions": "Penderfyniadau'r darparwr: {go_ahead} mynd ymlaen, {request_review} gofyn am "
                         "adolygiad, {lapsed} heb benderfyniad ar ôl 72 awr.",
        "fig_responders": "Atebion ag enw person arnyn nhw: {named}; gan staff yn y cartref: {local}; "
                          "nifer y bobl wahanol sy'n ateb: {n}.",
        "fig_changes": "Newidiadau oherwydd stori: {changes}; hysbysiadau a chrynodebau a argraffwyd: "
                       "{printed}.",
        "route_figure": "{n} {route}",
        "none": "dim",
        "none_yet": "dim eto",
        "measured": "{value} ({basis}); angen {wanted}",
        "measured_bare": "{value}; angen {wanted}",
        "nothing_yet": "dim i'w fesur eto ({basis}); angen {wanted}",
        "no_data": "dim data",
        "at_least": "o leiaf {mark}",
        "at_most": "dim mwy na {mark}",
        "days": "{n} diwrnod",
        "answered": "ateb yr hunanasesiad: {answer}",
        "not_answered": "hunanasesiad: heb ei ateb eto",
        "basis_share_published": "{part} o'r {whole} stori a gymedrolwyd",
        "basis_share_request_review": "{part} o'r {whole} penderfyniad gan y darparwr",
        "basis_share_lapsed": "{part} o'r {whole} penderfyniad gan y darparwr",
        "basis_share_published_with_response": "{part} o'r {whole} stori a gyhoeddwyd",
        "basis_median_days_to_first_response": "dros {n} stori a gafodd ateb",
        "basis_share_responses_named": "{part} o'r {whole} ateb",
        "basis_share_responses_local": "{part} o'r {whole} ateb",
        "basis_share_with_follow_up": "{part} o'r {whole} stori a gafodd ateb",
        "route_basis": "{n} {route}",
        "form_pdf_title": "Hunanasesiad adborth",
        "form_title": "Sut ydyn ni'n defnyddio adborth? Hunanasesiad byr",
        "form_intro": "Ticiwch un blwch ar gyfer pob cwestiwn. Bydd gweithiwr maes yn teipio eich atebion. "
                      "Byddan nhw'n ymddangos wrth ymyl y ffigurau yn eich adroddiad ymgysylltu.",
        "form_home": "Cartref: {home}        Dyddiad: ______________",
        "form_yes": "Ie",
        "form_partly": "Yn rhannol",
        "form_no": "Na",
    },
}


def w(key: str, lang: str = "en", **values: object) -> str:
    """The page's own words for ``key`` in ``lang``, with placeholders filled."""
    text = STRINGS[check_lang(lang)][key]
    return text.format(**values) if values else text


_CRITERIA_EN = {c["id"]: c for spec in LEVELS for c in spec["criteria"]}


def level_name(number: int, lang: str = "en") -> str:
    return LEVELS[number - 1]["name"] if check_lang(lang) == "en" else welsh.LEVELS[number]["name"]


def level_about(number: int, lang: str = "en") -> str:
    return LEVELS[number - 1]["about"] if check_lang(lang) == "en" else welsh.LEVELS[number]["about"]


def says(criterion_id: str, lang: str = "en") -> str:
    return _CRITERIA_EN[criterion_id]["says"] if check_lang(lang) == "en" else welsh.CRITERIA[criterion_id]["says"]


def step(criterion_id: str, lang: str = "en") -> str:
    return _CRITERIA_EN[criterion_id]["step"] if check_lang(lang) == "en" else welsh.CRITERIA[criterion_id]["step"]


def question(question_id: str, lang: str = "en") -> str:
    return QUESTIONS[question_id] if check_lang(lang) == "en" else welsh.QUESTIONS[question_id]


def answer(value: str, lang: str = "en") -> str:
    return value if check_lang(lang) == "en" else welsh.ANSWERS.get(value, value)


def route(name: str, lang: str = "en") -> str:
    return name if check_lang(lang) == "en" else welsh.ROUTES.get(name, name)


def share(value: float | None, lang: str = "en") -> str:
    return w("none_yet", lang) if value is None else f"{value:.0%}"


def routes(by_route: dict[str, int], lang: str = "en", *, template: str = "route_figure") -> str:
    """``9 kiosk, 5 assisted`` (the figures) / ``9 by kiosk, 5 by assisted`` (``template="route_basis"``)."""
    return ", ".join(w(template, lang, n=n, route=route(name, lang))
                     for name, n in sorted(by_route.items())) or w("none", lang)


def figure(value: float | int, unit: str, lang: str = "en") -> str:
    """A measured figure or a mark: ``20%``, ``5 days`` / ``5 diwrnod``, ``3``."""
    if unit == "share":
        return f"{value:.0%}"
    if unit == "days":
        return w("days", lang, n=f"{value:g}" if float(value).is_integer() else f"{value:.1f}")
    return str(value)


def basis_text(metric: str, counts: dict[str, Any] | None, lang: str = "en") -> str | None:
    """The counts behind a figure in words: ``5 of 8 published stories`` / ``5 o'r 8 stori a gyhoeddwyd``;
    ``None`` where the figure has none. ``counts`` is ``{"part", "whole"}``, ``{"n"}`` or ``{"by_route"}``."""
    if counts is None:
        return None
    if "by_route" in counts:
        return routes(counts["by_route"], lang, template="route_basis")
    return w(f"basis_{metric}", lang, **counts)


def evidence_text(facts: dict[str, Any], lang: str = "en") -> str:
    """One criterion's evidence in words, from its figures (``CriterionResult.facts``)."""
    if "answer" in facts:
        given = facts["answer"]
        return w("answered", lang, answer=answer(given, lang)) if given else w("not_answered", lang)
    unit = facts["unit"]
    wanted = w("at_least" if facts["op"] == ">=" else "at_most", lang, mark=figure(facts["mark"], unit, lang))
    basis = basis_text(facts["metric"], facts.get("counts"), lang)
    if facts["value"] is None:
        return w("nothing_yet", lang, basis=basis or w("no_data", lang), wanted=wanted)
    value = figure(facts["value"], unit, lang)
    return w("measured", lang, value=value, basis=basis, wanted=wanted) if basis else \
        w("measured_bare", lang, value=value, wanted=wanted)
