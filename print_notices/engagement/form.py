"""The self-assessment on paper: six questions with tick boxes, for managers who prefer a pen."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from sync.server.engagement import words
from sync.server.engagement.assessment import ANSWERS, QUESTIONS
from sync.server.engagement.words import w

from ..pdf import build, para
from ..styles import get_styles


def build_form(out_path: str | os.PathLike, *, now: datetime, home_name: str = "____________________",
               lang: str = "en") -> Path:
    """The questions on paper, in English or Welsh (``lang="cy"``); answers are typed in as yes/partly/no."""
    styles = get_styles(large_print=True)
    blocks = [[
        para(w("form_title", lang), styles.title),
        para(w("form_intro", lang), styles.body),
        para(w("form_home", lang, home=home_name), styles.body),
    ]]
    boxes = "\u00a0\u00a0\u00a0\u00a0".join(f"☐\u00a0{w(f'form_{answer}', lang)}" for answer in ANSWERS)
    for number, question_id in enumerate(QUESTIONS, start=1):
        blocks.append([para(f"{number}. {words.question(question_id, lang)}", styles.body, bold=True),
                       para(boxes, styles.body)])
    return build(out_path, blocks, styles=styles, lang=lang, title=w("form_pdf_title", lang),
                 home_name=home_name, now=now, is_sample=False)
