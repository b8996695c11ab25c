"""The "Tell us your story" leaflet: how to use the lobby kiosk, a QR code to give feedback online,
what happens to a story, and privacy in plain words. The kiosk's staff panel prints this through
:func:`build_leaflet`."""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, ListFlowable, ListItem, Table, TableStyle

from sync.paths import Paths

from . import content, fonts
from .content import NoticeData
from .i18n import t
from .pdf import build, para
from .qr import QrCode
from .styles import Styles, get_styles


def _list(lines: list[str], styles: Styles, *, numbered: bool) -> ListFlowable:
    items = [ListItem(para(line, styles.item), leftIndent=styles.body_size * 1.6) for line in lines]
    return ListFlowable(items, bulletType="1" if numbered else "bullet", start="1" if numbered else "•",
                        bulletFontName="Atkinson-Bold", bulletFontSize=styles.body_size,
                        leftIndent=styles.body_size * 1.6)


def render_leaflet(data: NoticeData, out_path: str | os.PathLike, *, lang: str = "en",
                   large_print: bool = False) -> Path:
    styles = get_styles(large_print)
    blocks: list[list[Flowable]] = [
        [para(t("leaflet_title", lang), styles.title), para(t("leaflet_intro", lang, home=data.home_name), styles.body)],
        [para(t("how_heading", lang), styles.heading),
         _list([t(f"step_{i}", lang) for i in range(1, 5)], styles, numbered=True)],
    ]
    online: list[Flowable]
    if data.feedback_url:
        # Heading and text beside the code: the leaflet fits one A4 side at 14 pt.
        size = (40 if large_print else 30) * mm
        table = Table([[QrCode(data.feedback_url, size),
                        [para(t("online_heading", lang), styles.heading), para(t("scan_online", lang), styles.body),
                         para(data.feedback_url, styles.body, bold=True)]]],
                      colWidths=[size + 5 * mm, styles.frame_width - size - 5 * mm])
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), styles.body_size * 0.6)]))
        online = [table]
    else:
        online = [para(t("online_heading", lang), styles.heading), para(t("online_missing", lang), styles.body)]
    blocks.append(online)
    blocks.append([para(t("happens_heading", lang), styles.heading),
                   _list([t(f"happens_{i}", lang) for i in range(1, 6)], styles, numbered=False)])
    blocks.append([para(t("privacy_heading", lang), styles.heading),
                   _list([t(f"privacy_{i}", lang) for i in range(1, 4)], styles, numbered=False)])
    return build(out_path, blocks, styles=styles, lang=lang, title=t("leaflet_title", lang),
                 home_name=data.home_name, now=data.now, is_sample=data.is_sample)


def build_leaflet(out_path: str | os.PathLike, *, lang: str = "en", large_print: bool = False,
                  paths: Paths | None = None) -> Path:
    """Write the leaflet PDF for this device (sample-marked on the demo profile) and return its path."""
    data = content.load(paths, lang=lang)
    return render_leaflet(data, out_path, lang=lang, large_print=large_print)
