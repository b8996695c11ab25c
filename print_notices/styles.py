"""Clear-print styles: A4, sans-serif, body 14 pt (18 pt large print), left-aligned, black on white,
headings bold and in sentence case (never capitals), generous line spacing and margins."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from . import fonts

PAGE_SIZE = A4
MARGIN = 15 * mm
BODY_PT = 14
LARGE_BODY_PT = 18


@dataclass(frozen=True)
class Styles:
    body_size: float
    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    quote: ParagraphStyle
    item: ParagraphStyle
    small: ParagraphStyle
    banner: ParagraphStyle
    ref: ParagraphStyle
    cell: ParagraphStyle  # a table cell: the body size, no space after (a table's rows have padding)

    @property
    def frame_width(self) -> float:
        return PAGE_SIZE[0] - 2 * MARGIN

    @property
    def frame_height(self) -> float:
        return PAGE_SIZE[1] - 2 * MARGIN


def _style(name: str, size: float, *, bold: bool = False, space_before: float = 0, space_after: float = 0,
           left: float = 0, leading: float = 1.35) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=fonts.BOLD if bold else fonts.REGULAR,
        fontSize=size,
        leading=round(size * leading, 1),
        alignment=TA_LEFT,
        textColor=colors.black,
        backColor=None,
        spaceBefore=space_before,
        spaceAfter=space_after,
        leftIndent=left,
        wordWrap=None,
        allowWidows=0,
        allowOrphans=0,
    )


def get_styles(large_print: bool = False) -> Styles:
    """The styles for one notice; ``large_print`` scales everything from a 14 pt to an 18 pt body."""
    fonts.register()
    body = LARGE_BODY_PT if large_print else BODY_PT
    # Never smaller than the body for anything a reader needs; "small" is only for the page footer.
    return Styles(
        body_size=body,
        title=_style("title", body * 1.85, bold=True, space_after=body * 0.5, leading=1.2),
        heading=_style("heading", body * 1.3, bold=True, space_before=body * 0.55, space_after=body * 0.35,
                       leading=1.25),
        body=_style("body", body, space_after=body * 0.45),
        quote=_style("quote", body, space_after=body * 0.45, left=body * 0.9),
        item=_style("item", body, space_after=body * 0.15),
        small=_style("small", max(12, body - 2)),
        banner=_style("banner", body * 1.15, bold=True, leading=1.3),
        ref=_style("ref", body * 1.15, bold=True, space_after=body * 0.3),
        cell=_style("cell", body, leading=1.25),
    )
