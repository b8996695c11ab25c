"""The "Tell us your story" leaflet: how to use the lobby kiosk, a QR code to give feedback online,
what happens to a story, and privacy in plain words. The kiosk's staff panel prints this through
:func:`build_leaflet`."""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, ListFlowable, ListItem, Table, TableStyle

from sync.i18n import _
from sync.paths import Paths

from . import content, fonts
from .content import NoticeData
from .pdf import build, para, url_para
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
    steps = [
        _("Touch the screen to start.", lang),
        _("Say who you are: a resident, relative, friend, visitor or member of staff. "
          "You do not need to give your name.", lang),
        _("Write your story. Take as long as you like.", lang),
        _("Touch Send. You will see a short reference number. Keep it to find your story later.", lang),
    ]
    blocks: list[list[Flowable]] = [
        [para(_("Tell us your story", lang), styles.title),
         para(_("We want to hear what it is like to live at, visit or work at {home}: good or bad, big or small.",
                lang, home=data.home_name), styles.body)],
        [para(_("How to use the tablet in the entrance", lang), styles.heading), _list(steps, styles, numbered=True)],
    ]
    online: list[Flowable]
    if data.feedback_url:
        # Heading and text beside the code: the leaflet fits one A4 side at 14 pt.
        size = (40 if large_print else 30) * mm
        table = Table([[QrCode(data.feedback_url, size),
                        [para(_("Or tell us online", lang), styles.heading),
                         para(_("Scan this code with a phone camera, or type the address:", lang), styles.body),
                         url_para(data.feedback_url, styles.body, bold=True)]]],
                      colWidths=[size + 5 * mm, styles.frame_width - size - 5 * mm])
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), styles.body_size * 0.6)]))
        online = [table]
    else:
        online = [para(_("Or tell us online", lang), styles.heading),
                  para(_("Ask a member of staff for the web address.", lang), styles.body)]
    blocks.append(online)
    happens = [
        _("An independent moderator reads it first, not the care home.", lang),
        _("They take out anything that could show who someone is.", lang),
        _("The home sees it before it goes online. It can ask for a second check, but it cannot stop your story.",
          lang),
        _("Then it is published online, and the home can reply. Replies go on the noticeboard too.", lang),
        _("If you tell us you are worried about someone's safety, the moderator passes it to people who can help.",
          lang),
    ]
    privacy = [
        _("When you touch Send, your story is locked. Staff here cannot read it on the tablet: only the moderator "
          "can unlock it.", lang),
        _("We never publish your name.", lang),
        _("If the tablet suggests changing a name or a detail, you choose whether to accept.", lang),
    ]
    blocks.append([para(_("What happens to your story", lang), styles.heading),
                   _list(happens, styles, numbered=False)])
    blocks.append([para(_("Your privacy", lang), styles.heading), _list(privacy, styles, numbered=False)])
    return build(out_path, blocks, styles=styles, lang=lang, title=_("Tell us your story", lang),
                 home_name=data.home_name, now=data.now, is_sample=data.is_sample)


def build_leaflet(out_path: str | os.PathLike, *, lang: str = "en", large_print: bool = False,
                  paths: Paths | None = None) -> Path:
    """Write the leaflet PDF for this device (sample-marked on the demo profile) and return its path."""
    data = content.load(paths, lang=lang)
    return render_leaflet(data, out_path, lang=lang, large_print=large_print)


def print_for_staff(paths: Paths, lang: str = "en") -> str:
    """The kiosk staff panel's "Print leaflet": build it in the data folder and send it to the default
    printer. Returns one sentence; with no printer, :class:`~.printing.NoPrinter` says where the PDF is."""
    from .printing import print_pdf

    pdf = build_leaflet(Path(paths.data_dir) / f"leaflet-{lang}.pdf", lang=lang, paths=paths)
    job = print_pdf(pdf)
    return f"Leaflet sent to the printer {job.printer} ({pdf.name})."
