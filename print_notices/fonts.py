"""Fonts for printed notices: Atkinson Hyperlegible, with DejaVu Sans for any character it lacks.

Atkinson Hyperlegible was designed for low-vision readers, but it has no glyph for some characters a
notice can contain (the Welsh ŵ and ŷ, arrows, ticks). ReportLab would print an empty box for those,
so :func:`markup` wraps each run of such characters in DejaVu Sans, per character, and the rest of the
text stays in Atkinson. Both fonts are embedded (subset) in every PDF.
"""

from __future__ import annotations

from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from sync.assets import asset_path

REGULAR = "Atkinson"
BOLD = "Atkinson-Bold"
ITALIC = "Atkinson-Italic"
BOLD_ITALIC = "Atkinson-BoldItalic"
FALLBACK = "DejaVu"
FALLBACK_BOLD = "DejaVu-Bold"

_FILES = {
    REGULAR: "AtkinsonHyperlegible-Regular.ttf",
    BOLD: "AtkinsonHyperlegible-Bold.ttf",
    ITALIC: "AtkinsonHyperlegible-Italic.ttf",
    BOLD_ITALIC: "AtkinsonHyperlegible-BoldItalic.ttf",
    FALLBACK: "DejaVuSans.ttf",
    FALLBACK_BOLD: "DejaVuSans-Bold.ttf",
}


@lru_cache(maxsize=1)
def register() -> None:
    """Register the fonts with ReportLab once per process (cheap to call again)."""
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(asset_path("fonts", filename))))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
    pdfmetrics.registerFontFamily(FALLBACK, normal=FALLBACK, bold=FALLBACK_BOLD, italic=FALLBACK,
                                  boldItalic=FALLBACK_BOLD)
    # <b> inside a DejaVu run must pick DejaVu Bold, not a Helvetica lookalike.
    addMapping(FALLBACK, 1, 0, FALLBACK_BOLD)
    addMapping(FALLBACK, 1, 1, FALLBACK_BOLD)


@lru_cache(maxsize=1)
def _atkinson_chars() -> frozenset[int]:
    register()
    font = pdfmetrics.getFont(REGULAR)
    return frozenset(font.face.charToGlyph)


@lru_cache(maxsize=1)
def _fallback_chars() -> frozenset[int]:
    register()
    return frozenset(pdfmetrics.getFont(FALLBACK).face.charToGlyph)


def has_glyph(char: str) -> bool:
    """Whether Atkinson Hyperlegible can draw ``char`` itself (whitespace always counts as yes)."""
    return char.isspace() or ord(char) in _atkinson_chars()


def markup(text: str) -> str:
    """``text`` escaped for a ReportLab Paragraph, with runs Atkinson cannot draw set in DejaVu Sans.

    Characters neither font has are replaced by "?" rather than drawn as an empty box.
    """
    atkinson = _atkinson_chars()
    if all(ord(ch) in atkinson or ch in "\n\t " for ch in text):
        return escape(text)  # the usual case: no fallback needed
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append(f'<font name="{FALLBACK}">{escape("".join(run))}</font>')
            run.clear()

    plain: list[str] = []
    for ch in text:
        code = ord(ch)
        if code in atkinson or ch in "\n\t ":
            if run:
                out.append(escape("".join(plain)))
                plain.clear()
                flush()
            plain.append(ch)
        else:
            if plain:
                out.append(escape("".join(plain)))
                plain.clear()
            run.append(ch if code in _fallback_chars() else "?")
    out.append(escape("".join(plain)))
    flush()
    return "".join(out)

