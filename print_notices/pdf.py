"""Assembling one notice into an A4 PDF: clear-print page template, sample marking, repeatable bytes.

Every notice is built as a list of *blocks*; each block is wrapped in ``KeepTogether`` so a story (or
a digest entry, or a poster row) is never split across pages. ReportLab's invariant mode fixes the
creation date and document id, so the same content gives byte-identical PDFs (tests compare hashes).
"""

from __future__ import annotations

import errno
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from sync.errors import UserError
from sync.i18n import _, format_date

from . import fonts
from .fonts import markup
from .styles import MARGIN, PAGE_SIZE, Styles


class PdfWriteError(UserError):
    """The PDF could not be saved where asked; the message names the path and the reason."""

    exit_code = 1


def _reason(exc: OSError) -> str:
    if isinstance(exc, (FileExistsError, NotADirectoryError)) or exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return "part of that path is a file, not a folder"
    if isinstance(exc, FileNotFoundError):
        return "that folder does not exist and cannot be made there"
    if isinstance(exc, IsADirectoryError):
        return "that is a folder, not a file name"
    if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
        return "carekiosk is not allowed to write there"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if exc.errno == errno.ENAMETOOLONG:
        return "the name is too long"
    return (os.strerror(exc.errno) if exc.errno else type(exc).__name__).rstrip(".").lower()


def write_error(out: Path, exc: OSError) -> PdfWriteError:
    return PdfWriteError(f"The notice could not be saved as {out}: {_reason(exc)}.")


def _make_parent(folder: Path) -> list[Path]:
    """``mkdir -p`` returning the folders it created (deepest last), so a failure can remove them."""
    missing: list[Path] = []
    probe = folder
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    missing.reverse()
    made: list[Path] = []
    try:
        for item in missing:
            item.mkdir(mode=0o755)
            made.append(item)
        if not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "Not a directory", str(folder))
    except OSError:
        _remove_empty(made)
        raise
    return made


def _remove_empty(folders: list[Path]) -> None:
    for item in reversed(folders):
        try:
            item.rmdir()
        except OSError:
            break


def para(text: str, style, *, bold: bool = False) -> Paragraph:
    """A paragraph of plain text (escaped, with per-character font fallback)."""
    body = markup(text)
    return Paragraph(f"<b>{body}</b>" if bold else body, style)


def url_para(url: str, style: ParagraphStyle, *, bold: bool = False) -> Paragraph:
    """A web address for a reader to type: when it does not fit on one line it breaks after a "/"
    (ReportLab's URI splitting, ``uriWasteReduce``), never inside a word ("stories/33" + "07")."""
    return para(url, ParagraphStyle(f"{style.name}-url", parent=style, uriWasteReduce=URI_WASTE_REDUCE), bold=bold)


#: ReportLab splits a web address at a "/" when the line would otherwise waste this share of its width
URI_WASTE_REDUCE = 0.3


def sample_banner(styles: Styles, lang: str) -> Flowable:
    """A thick-bordered box at the top of a sample notice: impossible to mistake for real feedback."""
    table = Table([[para(_("SAMPLE: made-up content, to show what this notice will look like.", lang), styles.banner)]], colWidths=[styles.frame_width])
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
    """Write the PDF atomically (temp file + rename) and return its path.

    A path that cannot be written (a file where a folder should be, no permission, a full disk)
    raises :class:`PdfWriteError` - one sentence naming the path and why - and leaves nothing
    behind: no temp file, no half-written PDF, no folders made on the way."""
    fonts.register()
    out = Path(out_path)
    try:
        made = _make_parent(out.parent)
    except OSError as exc:
        raise write_error(out, exc) from None
    story: list[Flowable] = []
    for i, block in enumerate(blocks):
        if isinstance(block, PageBreak):  # a deliberate new page (e.g. the digest's level page)
            story.append(block)
            continue
        items = list(block) if isinstance(block, (list, tuple)) else [block]
        if i == 0 and is_sample and banner:  # the banner shares the first block, so it never sits alone on a page
            items = [sample_banner(styles, lang), Spacer(1, styles.body_size * 0.5)] + items
        story.append(KeepTogether(items))
    # Translators: stamped in the footer of every sample notice.
    sample_word = _("SAMPLE", lang) if is_sample else None
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

    try:
        fd, tmp = tempfile.mkstemp(prefix=".notice-", suffix=".pdf", dir=out.parent)
    except OSError as exc:
        _remove_empty(made)
        raise write_error(out, exc) from None
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
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        _remove_empty(made)
        raise write_error(out, exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        _remove_empty(made)
        raise
    return out



def _footer_text(lang: str, home: str, printed: str, page: int, extra: str | None, sample_word: str | None) -> str:
    text = _("{home} · printed {date} · page {page}", lang, home=home, date=printed, page=page)
    if extra:
        text = f"{extra} · {text}"
    if sample_word:
        text = f"{sample_word} · {text}"
    return text
