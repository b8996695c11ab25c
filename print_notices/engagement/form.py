"""The self-assessment on paper: six questions with tick boxes, for managers who prefer a pen."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from sync.i18n import _
from sync.server.engagement import words
from sync.server.engagement.assessment import ANSWERS, QUESTIONS

from ..pdf import build, para
from ..styles import get_styles


def build_form(out_path: str | os.PathLike, *, now: datetime, home_name: str = "____________________",
               lang: str = "en") -> Path:
    """The questions on paper, in English or Welsh (``lang="cy"``); answers are typed in as yes/partly/no."""
    styles = get_styles(large_print=True)
    blocks = [[
        para(_("How do we use feedback? A short self-assessment", lang), styles.title),
        para(_("Tick one box for each question. A field worker will type your answers in, and they show next to "
               "the figures in your engagement report.", lang), styles.body),
        para(_("Home: {home}        Date: ______________", lang, home=home_name), styles.body),
    ]]
    boxes = "\u00a0\u00a0\u00a0\u00a0".join(f"☐\u00a0{words.form_box(answer, lang)}" for answer in ANSWERS)
    for number, question_id in enumerate(QUESTIONS, start=1):
        blocks.append([para(f"{number}. {words.question(question_id, lang)}", styles.body, bold=True),
                       para(boxes, styles.body)])
    return build(out_path, blocks, styles=styles, lang=lang, title=_("Feedback self-assessment", lang),
                 home_name=home_name, now=now, is_sample=False)
