"""The self-assessment on paper: six questions with tick boxes, for managers who prefer a pen."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from ..pdf import build, para
from ..styles import get_styles
from .assessment import QUESTIONS


def build_form(out_path: str | os.PathLike, *, now: datetime, home_name: str = "____________________") -> Path:
    styles = get_styles(large_print=True)
    blocks = [[
        para("How do we use feedback? A short self-assessment", styles.title),
        para("Tick one box for each question. A field worker will type your answers in, and they show next "
             "to the figures in your engagement report.", styles.body),
        para(f"Home: {home_name}        Date: ______________", styles.body),
    ]]
    boxes = "\u00a0\u00a0\u00a0\u00a0".join(f"☐\u00a0{word}" for word in ("Yes", "Partly", "No"))
    for number, question in enumerate(QUESTIONS.values(), start=1):
        blocks.append([para(f"{number}. {question}", styles.body, bold=True), para(boxes, styles.body)])
    return build(out_path, blocks, styles=styles, lang="en", title="Feedback self-assessment",
                 home_name=home_name, now=now, is_sample=False)
