"""Which font can draw a piece of text (plain Python, no Kivy).

Atkinson Hyperlegible is the kiosk's font, but it has no ŵ or ŷ (Welsh needs both) and no symbols
such as ✓. Text that Atkinson cannot draw is shown in DejaVu Sans instead, so no letter ever
turns into an empty box.
"""

from __future__ import annotations

import re
import struct
from functools import lru_cache
from pathlib import Path

from sync.assets import asset_path

PRIMARY = "Atkinson"
FALLBACK = "DejaVuSans"
_MARKUP_FONT = re.compile(r"\[font=[^\]]*\].*?\[/font\]", re.S)
_MARKUP_TAG = re.compile(r"\[/?[a-z]+(?:=[^\]]*)?\]")


def cmap(path: Path) -> frozenset[int]:
    """The code points a TrueType font maps (cmap format 4 subtables: the Basic Multilingual Plane)."""
    data = path.read_bytes()
    count = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(count):
        tag, _checksum, offset, length = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tables[tag] = offset
    base = tables[b"cmap"]
    _version, subtables = struct.unpack(">HH", data[base:base + 4])
    points: set[int] = set()
    for i in range(subtables):
        _pid, _eid, sub = struct.unpack(">HHI", data[base + 4 + 8 * i:base + 12 + 8 * i])
        start = base + sub
        if struct.unpack(">H", data[start:start + 2])[0] != 4:
            continue
        segx2 = struct.unpack(">H", data[start + 6:start + 8])[0]
        n = segx2 // 2
        ends = struct.unpack(f">{n}H", data[start + 14:start + 14 + segx2])
        starts = struct.unpack(f">{n}H", data[start + 16 + segx2:start + 16 + 2 * segx2])
        for s, e in zip(starts, ends):
            if s != 0xFFFF:
                points.update(range(s, e + 1))
    return frozenset(points)


@lru_cache(maxsize=1)
def primary_cmap() -> frozenset[int]:
    return cmap(asset_path("fonts", "AtkinsonHyperlegible-Regular.ttf"))


def font_for(text: str) -> str:
    """``Atkinson`` if it can draw every letter of ``text`` (markup font spans aside), else DejaVu Sans."""
    if not text or text.isascii():
        return PRIMARY
    plain = _MARKUP_TAG.sub("", _MARKUP_FONT.sub("", text))
    known = primary_cmap()
    return PRIMARY if all(ord(ch) in known or ch in "\n\r\t" for ch in plain) else FALLBACK
