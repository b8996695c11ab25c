"""The printable twins the notifier makes: PDFs in the notices folder, then CUPS if a printer is set.

- ``message``: a one-page notice with the text's wording (what the SMS would have said), for
  when the text cannot go (opted out, no number, SMS not set up) or for a summary;
- ``story``: the story notice of a newly published story (public record, read from the service);
- ``digest``: the weekly digest built from the home's public record and its awaiting count.
Only public material is used: published stories, their replies, restricted stories' reasons.
Each printout is in the language of the text it twins (the twin's ``lang``; English for twins recorded
before texts had a language).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from print_notices import content
from print_notices.content import NoticeData, Response, Restricted, Story, parse_time
from print_notices.pdf import build, para, rule
from print_notices.styles import get_styles
from sync.i18n import LANGS, pgettext


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")[:120] or "notice"


def pdf_name(key: str) -> str:
    return _safe(key.replace("|", "_")) + ".pdf"


def twin_language(twin: dict[str, Any]) -> str:
    lang = twin.get("lang")
    return lang if lang in LANGS else "en"


def render_message(twin: dict[str, Any], out: Path, now: datetime) -> Path:
    styles = get_styles(False)
    lang = twin_language(twin)
    title = twin.get("title") or pgettext("printout title", "carekiosk notice", lang)
    head = [para(twin["for"], styles.ref)] if twin.get("for") else []
    blocks = [[*head, para(title, styles.title), rule(styles), para(twin.get("text") or "", styles.body)]]
    for line in twin.get("lines") or []:
        blocks.append([para(line, styles.body)])
    return build(out, blocks, styles=styles, lang=lang, title=title,
                 home_name=twin.get("home_name") or "carekiosk", now=now, is_sample=False)


def response_of(r: dict[str, Any]) -> Response:
    """One public response (Care Opinion v2-like) with the organisation that spoke and its change."""
    org = r.get("responderOrganisation") if isinstance(r.get("responderOrganisation"), dict) else {}
    change = r.get("change") if r.get("change") in ("planned", "made") else None
    words = r.get("changeDescription") if "changeDescription" in r else r.get("changeMade")
    return Response(r.get("body") or "", r.get("responderName"), r.get("responderRole"), words,
                    parse_time(r.get("dateOfResponse")), org.get("name"), r.get("responderKind"),
                    change or ("made" if words else None))


def story_of(op: dict[str, Any], url_template: str | None) -> Story:
    responses = tuple(response_of(r) for r in op.get("responses") or [])
    url = url_template.format(story_id=op["id"], ref=op["ref"]) if url_template else None
    return Story(op["ref"], op.get("title") or "", op.get("body") or "", op.get("authorRole"),
                 tuple(op.get("tags") or ()), parse_time(op.get("dateOfPublication")), url, responses,
                 tuple(op.get("feelings") or ()))


def notice_data(home_name: str, opinions: list[dict[str, Any]], awaiting: int, now: datetime,
                url_template: str | None) -> NoticeData:
    stories = tuple(story_of(op, url_template) for op in opinions if op.get("status") == "published")
    restricted = tuple(Restricted(op["ref"], op.get("restrictionReason") or "",
                                  parse_time(op.get("dateOfRestriction") or op.get("dateOfPublication")),
                                  tuple(response_of(r) for r in op.get("responses") or []),
                                  tuple((str(o.get("name") or ""), str(o.get("kind") or ""))
                                        for o in op.get("readableBy") or [] if isinstance(o, dict)))
                       for op in opinions if op.get("status") == "restricted")
    return NoticeData(home_name=home_name, is_sample=False, now=now, stories=stories, restricted=restricted,
                      awaiting_count=awaiting)


def render(twin: dict[str, Any], out: Path, *, api, home_id: str | None, now: datetime,
           url_template: str | None = None) -> Path:
    kind = twin.get("type")
    if kind == "story":
        from print_notices.story_notice import render_story_notice

        op = api.opinion(str(twin["story_id"]))
        data = notice_data(twin.get("home_name") or "", [op], 0, now, url_template)
        return render_story_notice(data, op["ref"], out, lang=twin_language(twin))
    if kind == "digest":
        from print_notices.digest import render_digest

        data = notice_data(twin.get("home_name") or "", api.opinions(home_id), api.awaiting_count(home_id), now,
                           url_template)
        level = api.level(home_id) if hasattr(api, "level") else None
        figures = api.transparency(home_id) if hasattr(api, "transparency") else None
        return render_digest(data, out, since=now - timedelta(days=7), level=level, lang=twin_language(twin),
                             transparency=figures)
    return render_message(twin, out, now)


__all__ = ["render", "render_message", "notice_data", "pdf_name", "content"]
