"""The transparency page: one A4 page, for a public-interest body (or anyone), of what became of the
stories a home received over a period - published in full, restricted (with their public reasons),
sent back for review and how each review ended, decisions left to lapse, replies, changes - with a
small chart of the last twelve months and any flag the rules raised.

It is drawn from the service's public transparency report
(``GET /v1/public/homes/{id}/transparency``, :mod:`sync.server.transparency`): counts, dates,
references and public reasons only. The chart is a ReportLab graphic: black, grey and white bars
with a legend, labels no smaller than the footer's.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from sync.i18n import _, format_date, format_datetime, ngettext, plural_count
from sync.conversation import kind_label

from . import fonts
from .content import parse_time
from .fonts import markup
from .digest import excerpt
from .pdf import build, para, rule
from .styles import Styles, get_styles

#: restricted stories listed by reference and reason; more are counted, not listed (one page)
MAX_RESTRICTED = 3
REASON_CHARS = 110  # about two lines: the page stays one page; the public API has every reason in full
GREY = colors.Color(0.55, 0.55, 0.55)


def _share(part: int, whole: int, lang: str) -> str:
    if not whole:
        return _("none yet", lang)
    return _("{part} of {whole} ({share:.0%})", lang, part=part, whole=whole, share=part / whole)


def _reviews(reviews: dict[str, int], lang: str) -> str:
    """``2: 1 published, 1 restricted`` - how the reviews ended (only the outcomes there were)."""
    parts = [text for n, text in (
        (reviews["published"], _("{n} published", lang, n=reviews["published"])),
        (reviews["restricted"], _("{n} restricted", lang, n=reviews["restricted"])),
        (reviews["not_published"], _("{n} not published", lang, n=reviews["not_published"])),
        (reviews["pending"], _("{n} still under review", lang, n=reviews["pending"]))) if n]
    return f"{reviews['total']}: {', '.join(parts)}" if parts else str(reviews["total"])


def figure_rows(report: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    replied = report["replied_by_home"]
    days = report.get("median_days_to_first_reply")
    return [
        (_("Stories received", lang), str(report["received"])),
        (_("Published in full", lang), str(report["published_in_full"])),
        (_("Restricted (the reason is public)", lang), str(report["restricted"])),
        (_("Not published (rejected or withheld)", lang), str(report["not_published"])),
        (_("Still being decided", lang), str(report["in_progress"])),
        (_("Sent back for review by the home", lang), _reviews(report["review_requests"], lang)),
        (_("Decisions left to lapse (72 hours)", lang), str(report["lapsed"])),
        (_("Published stories the home replied to", lang), _share(replied["part"], replied["whole"], lang)),
        (_("Median days to the home's first reply", lang),
         "—" if days is None else ngettext("{n} day", "{n} days", plural_count(days), lang, n=format(days, "g"))),
        (_("Changes planned / made", lang), f"{report['changes']['planned']} / {report['changes']['made']}"),
        (_("Public-interest comments and replies", lang), str(report["public_interest_responses"])),
    ]


def usable_width(styles: Styles) -> float:
    """The width inside the page frame (ReportLab's frame pads each side by 6 pt)."""
    return styles.frame_width - 12


def _figures_table(report: dict[str, Any], styles: Styles, lang: str) -> Table:
    width = usable_width(styles)
    cell = styles.cell
    rows = [[para(label, cell), para(value, cell, bold=True)] for label, value in figure_rows(report, lang)]
    table = Table(rows, colWidths=[width * 0.62, width * 0.38])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -2), 0.5, GREY), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]))
    return table


def chart(report: dict[str, Any], styles: Styles, lang: str) -> Drawing:
    """Grouped bars per month (received, published in full, restricted) with a legend above them."""
    months = report["months"]
    label_pt = max(12, styles.body_size - 2)
    width, height = usable_width(styles), styles.body_size * 7.5
    legend_h = label_pt * 2
    drawing = Drawing(width, height)
    bars = VerticalBarChart()
    bars.x, bars.y = label_pt * 2.6, label_pt * 2
    bars.width, bars.height = width - bars.x - 4, height - bars.y - legend_h - 6
    data = [[m["received"] for m in months], [m["published"] for m in months], [m["restricted"] for m in months]]
    bars.data = data
    top = max([1] + [v for series in data for v in series])
    step = max(1, -(-top // 2))  # three labels (0, the middle, the top): room for a large-print label
    bars.valueAxis.valueMin, bars.valueAxis.valueMax, bars.valueAxis.valueStep = 0, step * 2, step
    bars.valueAxis.labels.fontName, bars.valueAxis.labels.fontSize = fonts.REGULAR, label_pt
    bars.valueAxis.labelTextFormat = "%d"
    bars.categoryAxis.categoryNames = [format_datetime(datetime(int(m["month"][:4]), int(m["month"][5:]), 15),
                                                       "MMM", lang) for m in months]
    bars.categoryAxis.labels.fontName, bars.categoryAxis.labels.fontSize = fonts.REGULAR, label_pt
    bars.categoryAxis.labels.dy = -2
    bars.groupSpacing, bars.barSpacing = 4, 0.5
    for i, fill in enumerate((colors.black, GREY, colors.white)):
        bars.bars[i].fillColor = fill
        bars.bars[i].strokeColor = colors.black
        bars.bars[i].strokeWidth = 0.6
    drawing.add(bars)
    x = bars.x
    for fill, label in ((colors.black, _("received", lang)), (GREY, _("published in full", lang)),
                        (colors.white, _("restricted", lang))):
        drawing.add(Rect(x, height - legend_h + 2, label_pt, label_pt, fillColor=fill, strokeColor=colors.black,
                         strokeWidth=0.6))
        text = String(x + label_pt * 1.4, height - legend_h + 3, label, fontName=fonts.REGULAR, fontSize=label_pt)
        drawing.add(text)
        from reportlab.pdfbase.pdfmetrics import stringWidth

        x += label_pt * 1.4 + stringWidth(label, fonts.REGULAR, label_pt) + label_pt * 1.5
    return drawing


def transparency_blocks(report: dict[str, Any], styles: Styles, lang: str) -> list[list[Flowable]]:
    home = report["home"]["name"]
    start, end = parse_time(report["since"]), parse_time(report["until"])
    head: list[Flowable] = [
        para(_("Transparency at {home}", lang, home=home), styles.title),
        para(_("Stories received from {start} to {end}", lang,
               start=format_date(start, lang), end=format_date(end, lang)), styles.body, bold=True),
        _figures_table(report, styles, lang),
    ]
    blocks: list[list[Flowable]] = [head]
    blocks.append([para(_("The last 12 months", lang), styles.heading), chart(report, styles, lang)])
    # The flags first: they are what a public-interest body must not miss.
    flags = report.get("flags") or []
    verdict: list[Flowable] = [para(_("Flags", lang), styles.heading)]
    if not flags:
        verdict.append(para(_("No transparency rule flags this home for this period.", lang), styles.body))
    for flag in flags:
        typical = (_("; across the service's other homes: {typical:.0%}", lang, typical=flag["typical"])
                   if flag.get("typical") is not None else "")
        figures = _("{value:.0%} ({part} of {whole}); flagged from {mark:.0%}", lang, value=flag["value"],
                    part=flag["part"], whole=flag["whole"], mark=flag["at_least"]) + typical
        # the rule in bold, its figures after it in the same paragraph
        verdict.append(Paragraph(f"<b>{markup(_(flag['says'], lang) + '.')}</b> {markup(figures)}", styles.item))
    blocks.append(verdict)
    # Then as many restricted stories as the page has room for; the rest are counted.
    restricted = report.get("restricted_stories") or []
    entry: list[Flowable] = [para(_("Restricted stories and why", lang), styles.heading)]
    if not restricted:
        entry.append(para(_("No story was restricted in this period.", lang), styles.body))
    room = _page_room(styles) - sum(_height(b, styles) for b in blocks) - _height(entry, styles)
    shown = 0
    for item in restricted[:MAX_RESTRICTED]:
        line = para(_("Reference {ref}, {date}: {reason}", lang, ref=item["ref"],
                      date=format_date(parse_time(item["date"]), lang),
                      reason=excerpt(item["reason"], REASON_CHARS)), styles.item)
        more = _more(len(restricted) - shown - 1, styles, lang)
        if _height([line], styles) + (_height([more], styles) if more else 0) > room:
            break
        entry.append(line)
        room -= _height([line], styles)
        shown += 1
    more = _more(len(restricted) - shown, styles, lang)
    if more is not None:
        entry.append(more)
        room -= _height([more], styles)
    blocks.append(entry)
    bodies = report.get("public_interest_bodies") or []
    if bodies:  # who follows the home, where there is room for it (the public API always says)
        follow = [Spacer(1, styles.body_size * 0.4), para(_("Followed by: {bodies}", lang, bodies=", ".join(
            f"{b['name']} ({kind_label(b['kind'], lang)})" for b in bodies)), styles.body)]
        if _height(follow, styles) <= room or styles.body_size > 14:
            blocks.append(follow)
    return blocks


def _more(n: int, styles: Styles, lang: str) -> Flowable | None:
    if n <= 0:
        return None
    return para(ngettext("… and {n} more restricted story (the service's public pages list them all).",
                         "… and {n} more restricted stories (the service's public pages list them all).", n, lang),
                styles.item)


def _page_room(styles: Styles) -> float:
    """The height a page's frame holds (as :func:`.pdf.build` lays it out), less a little for safety."""
    from .styles import MARGIN, PAGE_SIZE

    footer = 2 * styles.small.leading  # a footer of up to two lines
    return PAGE_SIZE[1] - MARGIN - (MARGIN * 0.8 + footer) - 12 - styles.body_size


def _height(flowables: list[Flowable], styles: Styles) -> float:
    total = 0.0
    for item in flowables:
        _w, h = item.wrap(usable_width(styles), 10_000)
        total += h + item.getSpaceBefore() + item.getSpaceAfter()
    return total


def render_transparency(report: dict[str, Any], out_path: str | os.PathLike, *, now: datetime, lang: str = "en",
                        large_print: bool = False) -> Path:
    styles = get_styles(large_print)
    home = report["home"]["name"]
    blocks = transparency_blocks(report, styles, lang)
    return build(out_path, [[*b, Spacer(1, 2)] for b in blocks], styles=styles, lang=lang,
                 title=_("Transparency at {home}", lang, home=home), home_name=home, now=now, is_sample=False)
