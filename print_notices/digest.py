"""The weekly digest: what was published and replied to in the period (every voice named with its
organisation, and the changes planned and made), how many stories await the home's decision (a
count, never their words), restricted stories with their public reason and the public-interest
bodies' comments, the published stories still waiting for the home's reply, and a line of the
home's transparency figures over the last year (with any flag raised)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from reportlab.platypus import Flowable, PageBreak

from sync.i18n import _, format_date, ngettext
from sync.paths import Paths
from sync.story import role_label

from sync.conversation import kind_label

from . import content
from .content import Digest, NoticeData, digest_of
from .pdf import build, para, rule
from .styles import Styles, get_styles
from .voices import change_line, heading as voice_heading

EXCERPT_CHARS = 600


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + " …"


def transparency_lines(found: dict, lang: str) -> list[tuple[str, bool]]:
    """The transparency figures on one line (label: number, so no plural to get wrong), then one line
    per flag raised: ``(text, bold)``."""
    replied = found.get("replied_by_home") or {}
    lines = [(_("Over the last year: received {received} · published in full {published} · restricted "
                "{restricted} · sent back for review {reviews} · left to lapse {lapsed} · replied to by the home "
                "{replied} of {whole}", lang,
                received=found.get("received", 0), published=found.get("published_in_full", 0),
                restricted=found.get("restricted", 0),
                reviews=(found.get("review_requests") or {}).get("total", 0), lapsed=found.get("lapsed", 0),
                replied=replied.get("part", 0), whole=replied.get("whole", 0)), False)]
    for flag in found.get("flags") or []:
        says = str(flag.get("says") or flag.get("rule"))  # the rule's English, looked up in the catalogue
        lines.append((_("Flagged: {rule}.", lang, rule=_(says, lang)), True))
    return lines


def digest_blocks(data: NoticeData, digest: Digest, styles: Styles, lang: str,
                  transparency: dict | None = None) -> list[list[Flowable]]:
    period = _("From {start} to {end}", lang, start=format_date(digest.period.start, lang),
               end=format_date(digest.period.end, lang))
    in_period = [r for s in digest.active for r in s.responses if digest.period.contains(r.posted_at)]
    counts = [
        _("Stories published: {n}", lang, n=sum(1 for s in digest.active if digest.period.contains(s.published_at))),
        _("Replies from the home: {n}", lang, n=digest.responses_in_period),
        _("Replies from other organisations: {n}", lang,
          n=sum(1 for r in in_period if not r.from_home and r.kind != "author")),
        _("Changes planned: {planned}; changes made: {made}", lang,
          planned=sum(1 for r in in_period if r.flag == "planned"), made=sum(1 for r in in_period if r.flag == "made")),
        _("Stories waiting for the home's decision: {n}", lang, n=digest.awaiting_count),
        _("Stories not published in full: {n}", lang, n=len(digest.restricted)),
        _("Published stories still waiting for a reply: {n}", lang, n=len(digest.unanswered)),
    ]
    first: list[Flowable] = [
        para(_("Feedback at {home}", lang, home=data.home_name), styles.title),
        para(period, styles.ref),
        para(_("In short", lang), styles.heading),
        *[para(line, styles.body) for line in counts],
    ]
    if transparency:
        first += [para(text, styles.body, bold=bold) for text, bold in transparency_lines(transparency, lang)]
    blocks: list[list[Flowable]] = [first]
    heading = [rule(styles), para(_("Stories published or replied to", lang), styles.heading)]
    if not digest.active:
        blocks.append(heading + [para(_("Nothing in this period.", lang), styles.body)])
    for i, story in enumerate(digest.active):
        block: list[Flowable] = list(heading) if i == 0 else []
        block.append(para(story.title, styles.body, bold=True))
        meta = [_("Reference {ref}", lang, ref=story.ref)]
        if story.published_at:
            meta.append(_("Published {date}", lang, date=format_date(story.published_at, lang)))
        meta.append(_("Written by {role}", lang, role=role_label(story.author_role, lang)))
        block.append(para(" · ".join(meta), styles.body))
        block.append(para(excerpt(story.body), styles.quote))
        for response in story.responses:
            who, said_by = voice_heading(response, lang, data.home_name)
            block.append(para(who, styles.quote, bold=True))
            if said_by:
                block.append(para(said_by, styles.quote))
            block.append(para(excerpt(response.body, 400), styles.quote))
            change = change_line(response, lang)
            if change:
                block.append(para(change, styles.quote, bold=True))
        blocks.append(block)
    awaiting = (ngettext("{n} story has been checked by the moderator and is waiting for the home to say go ahead "
                         "or ask for a review. Its words are shown only once it is published.",
                         "{n} stories have been checked by the moderator and are waiting for the home to say go "
                         "ahead or ask for a review. Their words are shown only once they are published.",
                         digest.awaiting_count, lang)
                if digest.awaiting_count else _("No stories are waiting for the home's decision.", lang))
    blocks.append([rule(styles), para(_("Waiting for the home's decision", lang), styles.heading),
                   para(awaiting, styles.body)])
    heading_blocks = [rule(styles), para(_("Stories not published in full", lang), styles.heading)]
    if not digest.restricted:
        blocks.append(heading_blocks + [para(_("Nothing in this period.", lang), styles.body)])
    for i, item in enumerate(digest.restricted):
        entry = [para(_("Reference {ref}: {reason}", lang, ref=item.ref, reason=item.reason), styles.body)]
        if item.readable_by:
            entry.append(para(_("Public-interest bodies can read it: {bodies}", lang, bodies=", ".join(
                f"{name} ({kind_label(kind, lang)})" for name, kind in item.readable_by)), styles.quote))
        for comment in item.comments:
            who, said_by = voice_heading(comment, lang, data.home_name)
            entry.append(para(who, styles.quote, bold=True))
            if said_by:
                entry.append(para(said_by, styles.quote))
            entry.append(para(excerpt(comment.body, 400), styles.quote))
        blocks.append((heading_blocks if i == 0 else []) + entry)
    heading = [rule(styles), para(_("Stories still waiting for a reply", lang), styles.heading)]
    if not digest.unanswered:
        blocks.append(heading + [para(_("Nothing in this period.", lang), styles.body)])
    for i, story in enumerate(digest.unanswered):
        line = _("Reference {ref}, published {date}: {title}", lang, ref=story.ref,
                 date=format_date(story.published_at, lang), title=story.title)
        blocks.append((heading if i == 0 else []) + [para(line, styles.body)])
    return blocks


def render_digest(data: NoticeData, out_path: str | os.PathLike, *, since: datetime | None = None,
                  lang: str = "en", large_print: bool = False, level: dict | None = None,
                  transparency: dict | None = None) -> Path:
    """``level``: a level report (``LevelReport.to_dict()``) to add as the digest's last page;
    ``transparency``: the home's transparency figures (the service's public report) for its line."""
    styles = get_styles(large_print)
    digest = digest_of(data, since=since)
    if transparency is None and data.is_sample:
        transparency = sample_transparency()
    blocks = digest_blocks(data, digest, styles, lang, transparency)
    if level is None and data.is_sample:
        from sync.server.engagement.sample import sample_level_report

        level = sample_level_report(data.home_name, data.now)
    if level is not None:
        from .engagement.pdf import level_blocks

        level_page = level_blocks(level, styles, lang)
        blocks += [PageBreak(), *level_page]
    return build(out_path, blocks, styles=styles, lang=lang,
                 title=_("Feedback at {home}", lang, home=data.home_name), home_name=data.home_name, now=data.now,
                 is_sample=data.is_sample)


def sample_transparency() -> dict:
    """The demo profile's made-up figures for the transparency line."""
    return {"received": 14, "published_in_full": 11, "restricted": 1, "review_requests": {"total": 1}, "lapsed": 3,
            "replied_by_home": {"part": 10, "whole": 11}, "flags": []}


def build_digest(out_path: str | os.PathLike, *, since: datetime | None = None, lang: str = "en",
                 large_print: bool = False, paths: Paths | None = None, level: dict | None = None) -> Path:
    data = content.load(paths, lang=lang)
    return render_digest(data, out_path, since=since, lang=lang, large_print=large_print, level=level)
