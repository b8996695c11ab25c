"""Assembling one notice into an A4 PDF: clear-print page template, sample marking, repeatable bytes.

Every notice is built as a list of *blocks*; each block is wrapped in ``KeepTogether`` so a story (or
a digest entry, or a poster row) is never split across pages. ReportLab's invariant mode fixes the
creation date and document id, so the same content gives byte-identical PDFs (tests compare hashes).
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Sequence

from reportlab.lib import colors
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from . import fonts
from .fonts import markup
from .i18n import format_date, t
from .styles import MARGIN, PAGE_SIZE, Styles


def para(text: str, style, *, bold: bool = False) -> Paragraph:
    """A paragraph of plain text (escaped, with per-character font fallback)."""
    body = markup(text)
    return Paragraph(f"<b>{body}</b>" if bold else body, style)


def sample_banner(styles: Styles, lang: str) -> Flowable:
    """A thick-bordered box at the top of a sample notice: impossible to mistake for real feedback."""
    table = Table([[para(t("sample_banner", lang), styles.banner)]], colWidths=[styles.frame_width])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                   
        ("BOX", (0, 0), (-1, -1), 3, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), 10), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
    ]))
    return table


def rule(styles: Styles, weight: float = 1.5) -> Flowable:
    return HRFlowable(width="100%", thickness=weight, color=colors.black, spaceBefore=styles.body_size * 0.6,
                      spaceAfter=0)


def build(out_path: str | os.PathLike, blocks: Sequence[Sequence[Flowable] | Flowable], *, styles: Styles,
          lang: str, title: str, home_name: str, now: datetime, is_sample: bool,
          footer_extra: str | None = None, banner: bool = True) -> Path:
    """Write the PDF atomically (temp file + rename) and return its path."""
    fonts.register()
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    story: list[Flowable] = []
    for i, block in enumerate(blocks):
        if isinstance(block, PageBreak):  # a deliberate new page (e.g. the digest's level page)
            story.append(block)
            continue
        items = list(block) if isinstance(block, (list, tuple)) else [block]
        if i == 0 and is_sample and banner:  # the banner shares the first block, so it never sits alone on a page
            items = [sample_banner(styles, lang), Spacer(1, styles.body_size * 0.5)] + items
        story.append(KeepTogether(items))
    sample_word = t("sample_word", lang) if is_sample else None
    printed = format_date(now, lang)
    longest = _footer_text(lang, home_name, printed, 999, footer_extra, sample_word)
    footer_lines = len(Paragraph(markup(longest), styles.small).breakLines([styles.frame_width]).lines)

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFillColor(colors.black)
        text = _footer_text(lang, home_name, printed, doc.page, footer_extra, sample_word)
        # A paragraph, so a long home name wraps instead of running off the page (and gets DejaVu
        # for characters Atkinson lacks, e.g. a home called "Tŷ Gwyn").
        footer = Paragraph(markup(text), styles.small)
        _, height = footer.wrap(styles.frame_width, MARGIN * 2)
        footer.drawOn(canvas, MARGIN, MARGIN * 0.5 + (footer_lines * styles.small.leading - height))
        canvas.restoreState()

    fd, tmp = tempfile.mkstemp(prefix=".notice-", suffix=".pdf", dir=out.parent)
    os.close(fd)
    try:
        doc = SimpleDocTemplate(
            tmp, pagesize=PAGE_SIZE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
            bottomMargin=MARGIN * 0.8 + footer_lines * styles.small.leading, title=title, author=home_name, subject=title,
            creator="carekiosk", producer="carekiosk (ReportLab)", lang="cy-GB" if lang == "cy" else "en-GB",
            invariant=1, initialFontName=fonts.REGULAR, initialFontSize=styles.body_size,
        )  # initialFontName: no unembedded Helvetica is referenced by the PDF
        doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out



def _footer_text(lang: str, home: str, printed: str, page: int, extra: str | None, sample_word: str | None) -> str:
    text = t("footer", lang, home=home, date=printed, page=page)
    if extra:
        text = f"{extra} · {text}"
    if sample_word:
        text = f"{sample_word} · {text}"
    return text
