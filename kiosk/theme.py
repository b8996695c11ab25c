"""Colours and text sizes, as plain data, with the WCAG contrast check the tests run.

Every pair of colours the screens draw together is listed in :data:`PAIRS`, and every pair must
reach 7:1 (WCAG AAA) in both themes. Nothing is said by colour alone: a chosen answer also gets a
tick and the word "Chosen", a flagged phrase is also bold and bracketed.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

AAA = 7.0


@dataclass(frozen=True)
class Theme:
    name: str
    background: str    # screen
    text: str          # body text on background
    muted: str         # secondary text on background (still 7:1)
    primary_bg: str    # the main action button
    primary_text: str
    button_bg: str     # ordinary buttons
    button_text: str
    chosen_bg: str     # a chosen answer (also shows a tick and "Chosen")
    chosen_text: str
    border: str        # button outline (decorative: shape, not meaning)
    field_bg: str      # text boxes
    field_text: str
    mark_bg: str       # phrase flagged by the personal-details check (also bold + brackets)
    mark_text: str
    error_bg: str      # an error message box (also starts with "Please" and a ! sign)
    error_text: str
    key_bg: str        # on-screen keyboard keys
    key_text: str


DEFAULT = Theme(
    name="default",
    background="#FAF6EE", text="#1B1B1B", muted="#3D3D3D",
    primary_bg="#14386B", primary_text="#FFFFFF",
    button_bg="#E6DFD0", button_text="#1B1B1B",
    chosen_bg="#0E4D2F", chosen_text="#FFFFFF",
    border="#14386B",
    field_bg="#FFFFFF", field_text="#1B1B1B",
    mark_bg="#FFE38A", mark_text="#1B1B1B",
    error_bg="#FDE7E7", error_text="#7A1010",
    key_bg="#FFFFFF", key_text="#1B1B1B",
)

HIGH_CONTRAST = Theme(
    name="high-contrast",
    background="#000000", text="#FFFFFF", muted="#F2F2F2",
    primary_bg="#FFFF00", primary_text="#000000",
    button_bg="#1A1A1A", button_text="#FFFFFF",
    chosen_bg="#FFFFFF", chosen_text="#000000",
    border="#FFFF00",
    field_bg="#000000", field_text="#FFFF00",
    mark_bg="#FFFF00", mark_text="#000000",
    error_bg="#000000", error_text="#FFFF00",
    key_bg="#1A1A1A", key_text="#FFFFFF",
)

THEMES = {"default": DEFAULT, "high-contrast": HIGH_CONTRAST}

#: (foreground, background) pairs the screens actually draw.
PAIRS = (
    ("text", "background"), ("muted", "background"), ("primary_text", "primary_bg"),
    ("button_text", "button_bg"), ("chosen_text", "chosen_bg"), ("field_text", "field_bg"),
    ("mark_text", "mark_bg"), ("error_text", "error_bg"), ("key_text", "key_bg"),
    ("background", "border"),  # a button while pressed: its colours invert at the touch
)


def hex_to_rgb(value: str) -> tuple[float, float, float]:
    value = value.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"not a #RRGGBB colour: {value!r}")
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def rgba(value: str, alpha: float = 1.0) -> list[float]:
    """Kivy colour list."""
    return [*hex_to_rgb(value), alpha]


def relative_luminance(value: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in hex_to_rgb(value))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio, 1.0 to 21.0."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def weakest_pair(theme: Theme) -> tuple[str, str, float]:
    ratios = [(fg, bg, contrast_ratio(getattr(theme, fg), getattr(theme, bg))) for fg, bg in PAIRS]
    return min(ratios, key=lambda r: r[2])


def colours(theme: Theme) -> dict[str, list[float]]:
    return {f.name: rgba(getattr(theme, f.name)) for f in fields(theme) if f.name != "name"}


# -- text sizes (sp) ------------------------------------------------------------------------------
BODY_SP = 26          # the issue asks for at least 24 sp
BUTTON_SP = 28
HEADING_SP = 40
SMALL_SP = 24         # the smallest text anywhere
REFERENCE_SP = 150    # the reference code on Thank you
KEY_SP = 30
LARGE_TEXT_SCALE = 1.35
# Touch targets. Research with older users: errors and time climb at 10 mm and below (Jin et al.
# 2007; Duff et al. 2010: 20 mm is where accuracy levels off and is recommended for kiosks).
BUTTON_MIN_MM = 16    # every button (Back / Next too): at least 16 mm
CHOICE_MIN_MM = 20    # an answer to tap on a choice screen: 20 mm
KEY_MIN_MM = 13       # on-screen keyboard keys: at least 12 mm tall (13 for a margin), with gaps
FACE_ICON_MM = 28     # a face on the picture scale
TILE_ICON_MM = 40     # the picture on a tile, and the two ways to tell us
KEY_SPACING_MM = 2    # between keys and between keyboard rows (at least 8 dp)
SPACING_MM = 3        # between buttons; twice this above a screen's Back / Next row


def text_sizes(large: bool) -> dict[str, float]:
    scale = LARGE_TEXT_SCALE if large else 1.0
    return {
        "body": BODY_SP * scale, "button": BUTTON_SP * scale, "heading": HEADING_SP * scale,
        "small": SMALL_SP * scale, "reference": REFERENCE_SP * scale, "key": KEY_SP * scale,
    }
