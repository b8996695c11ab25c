"""The "You said, we did" poster: changes the home logged when replying to published stories."""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import Flowable, Table, TableStyle

from sync.i18n import _
from sync.paths import Paths

from . import content, fonts
from .content import NoticeData
from .digest import excerpt
from .pdf import build, para
from .styles import get_styles

MAX_ROWS = 6  # a poster is read from across a room; more than this becomes a digest


def render_poster(data: NoticeData, out_path: str | os.PathLike, *, lang: str = "en",
                  large_print: bool = False) -> Path:
    styles = get_styles(large_print)
    blocks: list[list[Flowable]] = [[
        para(_("You said, we did", lang), styles.title),
        para(_("People told us about life at {home}. Here is what we changed.", lang, home=data.home_name),
             styles.body),
    ]]
    changes = data.changes()[:MAX_ROWS]
    if not changes:
        blocks.append([para(_("No changes have been written down yet. When the home replies to a story and makes a "
                                "change, it will appear here.", lang), styles.body)])
    half = styles.frame_width / 2
    for story, response in changes:
        row = Table([[para(_("You said", lang), styles.heading), para(_("We did", lang), styles.heading)],
                     [para(excerpt(story.title, 160), styles.body), para(excerpt(response.change_made or "", 300),
                                                                         styles.body)]],
                    colWidths=[half, half])
        row.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                   
            ("BOX", (0, 0), (-1, -1), 2, colors.black),
            ("LINEBEFORE", (1, 0), (1, -1), 1, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, 0), 0), ("BOTTOMPADDING", (0, 1), (-1, 1), 8),
        ]))
        blocks.append([row, _gap(styles)])
    blocks.append([para(_("Tell us your story on the tablet in the entrance.", lang), styles.heading)])
    return build(out_path, blocks, styles=styles, lang=lang, title=_("You said, we did", lang),
                 home_name=data.home_name, now=data.now, is_sample=data.is_sample)


def _gap(styles) -> Flowable:
    from reportlab.platypus import Spacer

    return Spacer(1, styles.body_size * 0.6)


def build_poster(out_path: str | os.PathLike, *, lang: str = "en", large_print: bool = False,
                 paths: Paths | None = None) -> Path:
    data = content.load(paths, lang=lang)
    return render_poster(data, out_path, lang=lang, large_print=large_print)
