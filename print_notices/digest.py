"""The weekly digest: what was published and replied to in the period, how many stories await the
home's decision (a count, never their words), restricted stories with their public reason, and the
published stories still waiting for a reply."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from reportlab.platypus import Flowable, PageBreak

from sync.i18n import _, format_date, ngettext
from sync.paths import Paths
from sync.story import role_label

from . import content
from .content import Digest, NoticeData, digest_of
from .pdf import build, para, rule
from .styles import Styles, get_styles

EXCERPT_CHARS = 600


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + " …"


def digest_blocks(data: NoticeData, digest: Digest, styles: Styles, lang: str) -> list[list[Flowable]]:
    period = _("From {start} to {end}", lang, start=format_date(digest.period.start, lang),
               end=format_date(digest.period.end, lang))
    counts = [
        _("Stories published: {n}", lang, n=sum(1 for s in digest.active if digest.period.contains(s.published_at))),
        _("Replies from the home: {n}", lang, n=digest.responses_in_period),
        _("Stories waiting for the home's decision: {n}", lang, n=digest.awaiting_count),
        _("Stories not published in full: {n}", lang, n=len(digest.restricted)),
        _("Published stories still waiting for a reply: {n}", lang, n=len(digest.unanswered)),
    ]
    blocks: list[list[Flowable]] = [[
        para(_("Feedback at {home}", lang, home=data.home_name), styles.title),
        para(period, styles.ref),
        para(_("In short", lang), styles.heading),
        *[para(line, styles.body) for line in counts],
    ]]
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
            by = _("{name}, {role}, {date}", lang, name=response.responder_name or "",
                   role=response.responder_role or "", date=format_date(response.posted_at, lang)).strip(", ")
            block.append(para(f"{_('What the home said', lang)} ({by}):", styles.quote, bold=True))
            block.append(para(excerpt(response.body, 400), styles.quote))
            if response.change_made:
                block.append(para(_("What we changed: {change}", lang, change=response.change_made), styles.quote,
                                  bold=True))
        blocks.append(block)
    awaiting = (ngettext("{n} story has been checked by the moderator and is waiting for the home to say go ahead "
                         "or ask for a review. Its words are shown only once it is published.",
                         "{n} stories have been checked by the moderator and are waiting for the home to say go "
                         "ahead or ask for a review. Their words are shown only once they are published.",
                         digest.awaiting_count, lang)
                if digest.awaiting_count else _("No stories are waiting for the home's decision.", lang))
    blocks.append([rule(styles), para(_("Waiting for the home's decision", lang), styles.heading),
                   para(awaiting, styles.body)])
    heading = [rule(styles), para(_("Stories not published in full", lang), styles.heading)]
    if not digest.restricted:
        blocks.append(heading + [para(_("Nothing in this period.", lang), styles.body)])
    for i, item in enumerate(digest.restricted):
        blocks.append((heading if i == 0 else []) +
                      [para(_("Reference {ref}: {reason}", lang, ref=item.ref, reason=item.reason), styles.body)])
    heading = [rule(styles), para(_("Stories still waiting for a reply", lang), styles.heading)]
    if not digest.unanswered:
        blocks.append(heading + [para(_("Nothing in this period.", lang), styles.body)])
    for i, story in enumerate(digest.unanswered):
        line = _("Reference {ref}, published {date}: {title}", lang, ref=story.ref,
                 date=format_date(story.published_at, lang), title=story.title)
        blocks.append((heading if i == 0 else []) + [para(line, styles.body)])
    return blocks


def render_digest(data: NoticeData, out_path: str | os.PathLike, *, since: datetime | None = None,
                  lang: str = "en", large_print: bool = False, level: dict | None = None) -> Path:
    """``level``: a level report (``LevelReport.to_dict()``) to add as the digest's last page."""
    styles = get_styles(large_print)
    digest = digest_of(data, since=since)
    blocks = digest_blocks(data, digest, styles, lang)
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


def build_digest(out_path: str | os.PathLike, *, since: datetime | None = None, lang: str = "en",
                 large_print: bool = False, paths: Paths | None = None, level: dict | None = None) -> Path:
    data = content.load(paths, lang=lang)
    return render_digest(data, out_path, since=since, lang=lang, large_print=large_print, level=level)
