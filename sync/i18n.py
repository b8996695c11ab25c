"""The languages carekiosk speaks (English and Welsh), for the kiosk, the PDFs and the texts alike."""

from __future__ import annotations

LANGS = ("en", "cy")


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    return lang
