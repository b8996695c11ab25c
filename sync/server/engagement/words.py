"""The level page's words, in English or Welsh, and the evidence in words.

Everything printed is made from ids and numbers: level names, criteria and next steps are the English
of :mod:`.rules` and :data:`.assessment.QUESTIONS`, looked up in the catalogue (:mod:`sync.i18n`) by
that English; the evidence line of a criterion ("20% (2 of 10 published stories); needs at least 50%")
is made from its figures by :func:`evidence_text`, so the Welsh page never translates an English
sentence. The JSON report keeps the English ``evidence`` made by the same function.
"""

from __future__ import annotations

from typing import Any

from sync.i18n import NP_, N_, _, ngettext, pgettext, plural_count

from .assessment import QUESTIONS
from .rules import LEVELS

_CRITERIA = {c["id"]: c for spec in LEVELS for c in spec["criteria"]}

#: a self-assessment answer as stored (English) -> its words, looked up with this context.
#: (Contexts are written out in the calls: Babel reads only literals.)
ANSWER_CONTEXT = "self-assessment answer"
ANSWER_WORDS = {"yes": NP_("self-assessment answer", "yes"), "partly": NP_("self-assessment answer", "partly"),
                "no": NP_("self-assessment answer", "no")}
#: a story's route (``sync.story.ROUTES``) -> how it came, after a number ("9 kiosk" / "9 drwy'r ciosg").
ROUTE_CONTEXT = "story route"
ROUTE_WORDS = {"kiosk": NP_("story route", "kiosk"), "assisted": NP_("story route", "assisted"),
               "pictures": NP_("story route", "pictures")}
#: metric -> the counts behind it, ``{part}`` of ``{whole}`` (see :func:`basis_text`).
_BASIS = {
    "share_published": N_("{part} of {whole} moderated stories"),
    "share_request_review": N_("{part} of {whole} provider decisions"),
    "share_lapsed": N_("{part} of {whole} provider decisions"),
    "share_published_with_response": N_("{part} of {whole} published stories"),
    "share_responses_named": N_("{part} of {whole} responses"),
    "share_responses_local": N_("{part} of {whole} responses"),
    "share_with_follow_up": N_("{part} of {whole} stories with a response"),
}


def level_name(number: int, lang: str = "en") -> str:
    return _(LEVELS[number - 1]["name"], lang)


def level_about(number: int, lang: str = "en") -> str:
    return _(LEVELS[number - 1]["about"], lang)


def says(criterion_id: str, lang: str = "en") -> str:
    return _(_CRITERIA[criterion_id]["says"], lang)


def step(criterion_id: str, lang: str = "en") -> str:
    return _(_CRITERIA[criterion_id]["step"], lang)


def question(question_id: str, lang: str = "en") -> str:
    return _(QUESTIONS[question_id], lang)


def answer(value: str, lang: str = "en") -> str:
    return pgettext(ANSWER_CONTEXT, ANSWER_WORDS[value], lang) if value in ANSWER_WORDS else value


def form_box(value: str, lang: str = "en") -> str:
    """The label of a tick box on the paper form: ``Yes`` / ``Partly`` / ``No``."""
    boxes = {"yes": pgettext("self-assessment form box", "Yes", lang),
             "partly": pgettext("self-assessment form box", "Partly", lang),
             "no": pgettext("self-assessment form box", "No", lang)}
    return boxes[value]


def route(name: str, lang: str = "en") -> str:
    return pgettext(ROUTE_CONTEXT, ROUTE_WORDS[name], lang) if name in ROUTE_WORDS else name


def share(value: float | None, lang: str = "en") -> str:
    return _("none yet", lang) if value is None else f"{value:.0%}"


def routes(by_route: dict[str, int], lang: str = "en", *, basis: bool = False) -> str:
    """``9 kiosk, 5 assisted`` (the figures) / ``9 by kiosk, 5 by assisted`` (``basis=True``)."""
    parts = []
    for name, n in sorted(by_route.items()):
        if basis:
            parts.append(_("{n} by {route}", lang, n=n, route=route(name, lang)))
        else:
            # Translators: a number of stories and how they came, e.g. "9 kiosk".
            parts.append(pgettext("stories by route", "{n} {route}", lang, n=n, route=route(name, lang)))
    return ", ".join(parts) or _("none", lang)


def figure(value: float | int, unit: str, lang: str = "en") -> str:
    """A measured figure or a mark: ``20%``, ``5 days`` / ``5 diwrnod``, ``3``."""
    if unit == "share":
        return f"{value:.0%}"
    if unit == "days":
        shown = f"{value:g}" if float(value).is_integer() else f"{value:.1f}"
        return ngettext("{n} day", "{n} days", plural_count(value), lang, n=shown)
    return str(value)


def basis_text(metric: str, counts: dict[str, Any] | None, lang: str = "en") -> str | None:
    """The counts behind a figure in words: ``5 of 8 published stories`` / ``5 o'r 8 stori a gyhoeddwyd``;
    ``None`` where the figure has none. ``counts`` is ``{"part", "whole"}``, ``{"n"}`` or ``{"by_route"}``."""
    if counts is None:
        return None
    if "by_route" in counts:
        return routes(counts["by_route"], lang, basis=True)
    if "n" in counts:  # median_days_to_first_response: how many stories the median is over
        return ngettext("over {n} story with a response", "over {n} stories with a response", counts["n"], lang)
    return _(_BASIS[metric], lang, **counts)


def evidence_text(facts: dict[str, Any], lang: str = "en") -> str:
    """One criterion's evidence in words, from its figures (``CriterionResult.facts``)."""
    if "answer" in facts:
        given = facts["answer"]
        return (_("self-assessment answer: {answer}", lang, answer=answer(given, lang)) if given
                else _("self-assessment: not answered yet", lang))
    unit = facts["unit"]
    mark = figure(facts["mark"], unit, lang)
    wanted = _("at least {mark}", lang, mark=mark) if facts["op"] == ">=" else _("at most {mark}", lang, mark=mark)
    basis = basis_text(facts["metric"], facts.get("counts"), lang)
    if facts["value"] is None:
        return _("nothing to measure yet ({basis}); needs {wanted}", lang, basis=basis or _("no data", lang),
                 wanted=wanted)
    value = figure(facts["value"], unit, lang)
    if basis:
        return _("{value} ({basis}); needs {wanted}", lang, value=value, basis=basis, wanted=wanted)
    return _("{value}; needs {wanted}", lang, value=value, wanted=wanted)
