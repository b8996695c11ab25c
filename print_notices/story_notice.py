"""The story notice: one published story, its conversation (the home's replies and any other
organisation's, each named with its kind, and the changes they flag), its reference and a QR code
to it online."""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from sync.i18n import _, format_date
from sync.paths import Paths
from sync.story import role_label

from . import content, fonts
from .content import NoticeData, Story
from .voices import change_line, heading
from .pdf import build, para, rule, sample_banner, url_para
from .qr import qr_drawing
from .styles import Styles, get_styles


def story_blocks(story: Story, styles: Styles, lang: str, home_name: str) -> list[list[Flowable]]:
    """The story and each reply as separate blocks (each kept whole on a page)."""
    head: list[Flowable] = [para(_("A story about {home}", lang, home=home_name), styles.title)]
    head.append(para(story.title, styles.heading))
    meta = [_("Reference {ref}", lang, ref=story.ref)]
    if story.published_at:
        meta.append(_("Published {date}", lang, date=format_date(story.published_at, lang)))
    head.append(para(" · ".join(meta), styles.ref))
    head.append(para(_("Written by {role}", lang, role=role_label(story.author_role, lang)), styles.body))
    head.append(para(_("What they said", lang), styles.heading))
    for chunk in _paragraphs(story.body):
        head.append(para(chunk, styles.quote))
    if story.url:
        size = (50 if styles.body_size > 14 else 40) * mm
        text_width = styles.frame_width - size - 6 * mm
        table = Table([[qr_drawing(story.url, size),
                        [para(_("Scan this code with a phone camera to read the story online.", lang), styles.body),
                         url_para(story.url, styles.small)]]],
                      colWidths=[size + 6 * mm, text_width])
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        head += [Spacer(1, styles.body_size * 0.5), table]
    blocks = [head]
    replies: list[Flowable] = [rule(styles), para(_("Replies", lang), styles.heading)]
    if not story.responses:
        blocks.append(replies + [para(_("The home has not responded yet.", lang), styles.body)])
        blocks.append(reply_box(story.ref, styles, lang))
        return blocks
    for i, response in enumerate(story.responses):
        block: list[Flowable] = list(replies) if i == 0 else [Spacer(1, styles.body_size * 0.4)]
        who, said_by = heading(response, lang, home_name)
        block.append(para(who, styles.item, bold=True))
        if said_by:
            block.append(para(said_by, styles.body))
        for chunk in _paragraphs(response.body):
            block.append(para(chunk, styles.quote))
        change = change_line(response, lang)
        if change:
            block.append(para(change, styles.quote, bold=True))
        blocks.append(block)
    if not any(r.from_home for r in story.responses):
        blocks.append(reply_box(story.ref, styles, lang))
    return blocks


def reply_box(ref: str, styles: Styles, lang: str) -> list[Flowable]:
    """Where the home's answer is wanted: an empty box to write it in, the reference, and the two
    ways it reaches the story without email - a text, or an office helper or field worker typing it
    in with ``carekiosk stories respond``."""
    box = Table([[para(_("The home's reply to story {ref}:", lang, ref=ref), styles.small)]],
                colWidths=[styles.frame_width], rowHeights=[(80 if styles.body_size > 14 else 60) * mm])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                             ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR)]))
    return [rule(styles), para(_("Answer this story", lang), styles.heading),
            para(_("Write the home's reply in the box, with your name and role.", lang), styles.body),
            Spacer(1, styles.body_size * 0.3), box, Spacer(1, styles.body_size * 0.4),
            para(_("Then text it to carekiosk: REPLY {ref} and your words.", lang, ref=ref), styles.body),
            para(_("Or give this sheet to an office helper or field worker, who types it in with:", lang),
                 styles.body),
            para(f'carekiosk stories respond {ref} --text "…" --name "…" --role "…"', styles.small)]


def _paragraphs(text: str) -> list[str]:
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return [" ".join(p.split()) for p in parts if p.strip()] or [""]


def render_story_notice(data: NoticeData, ref: str, out_path: str | os.PathLike, *, lang: str = "en",
                        large_print: bool = False) -> Path:
    story = data.story(ref)
    styles = get_styles(large_print)
    blocks = story_blocks(story, styles, lang, data.home_name)
    if data.is_sample:
        blocks[0][:0] = [sample_banner(styles, lang), Spacer(1, styles.body_size * 0.5)]
    # One notice is one unit: story and replies are kept on one page when they fit there together;
    # when they cannot (a long story in large print), the story and each reply are each kept whole.
    merged = [KeepTogether(block) for block in blocks]
    ref_text = _("Reference {ref}", lang, ref=story.ref)
    # A story too long for one page (large print, long replies) continues overleaf; every page's
    # footer carries the reference so the pages stay together on the noticeboard.
    return build(out_path, [merged], styles=styles, lang=lang, title=ref_text, home_name=data.home_name,
                 now=data.now, is_sample=data.is_sample, footer_extra=ref_text, banner=False)


def build_story_notice(out_path: str | os.PathLike, ref: str, *, lang: str = "en", large_print: bool = False,
                       paths: Paths | None = None) -> Path:
    data = content.load(paths, lang=lang)
    return render_story_notice(data, ref, out_path, lang=lang, large_print=large_print)
