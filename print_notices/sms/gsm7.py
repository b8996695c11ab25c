"""The GSM 03.38 7-bit alphabet: encoding, and counting septets and segments.

A single SMS holds 160 septets. Characters from the extension table (``{ } [ ] ~ \\ | ^ €`` and form
feed) take two septets (escape + character). One character outside the alphabet makes the whole
message UCS-2, where a single segment holds only 70 characters; :func:`fold` replaces common
look-alikes (curly quotes, dashes, Welsh circumflexes) so messages stay GSM-7.
"""

from __future__ import annotations

import unicodedata

SINGLE_SEGMENT = 160
MULTI_SEGMENT = 153
UCS2_SINGLE = 70
UCS2_MULTI = 67
ESCAPE = 0x1B

# Index = septet value (0x1B is the escape to the extension table).
BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
EXTENSION = {"\f": 0x0A, "^": 0x14, "{": 0x28, "}": 0x29, "\\": 0x2F, "[": 0x3C, "~": 0x3D, "]": 0x3E,
             "|": 0x40, "€": 0x65}
assert len(BASIC) == 128

_BASIC_INDEX = {ch: i for i, ch in enumerate(BASIC) if i != ESCAPE}
_EXT_REVERSE = {v: k for k, v in EXTENSION.items()}

_FOLD = {
    "‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"',
    "–": "-", "—": "-", "‑": "-", "−": "-", "…": "...", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    "•": "-", "·": "-", "\t": " ",
}


class NotGsm7(ValueError):
    """The text has a character outside the GSM-7 alphabet and extension table."""


def is_gsm7(text: str) -> bool:
    return all(ch in _BASIC_INDEX or ch in EXTENSION for ch in text)


def encode(text: str) -> list[int]:
    """The septets for ``text`` (extension characters become escape + code)."""
    out: list[int] = []
    for ch in text:
        if ch in _BASIC_INDEX:
            out.append(_BASIC_INDEX[ch])
        elif ch in EXTENSION:
            out += [ESCAPE, EXTENSION[ch]]
        else:
            raise NotGsm7(f"{ch!r} (U+{ord(ch):04X}) is not in the GSM-7 alphabet")
    return out


def decode(septets: list[int]) -> str:
    out: list[str] = []
    escaped = False
    for value in septets:
        if not 0 <= value < 128:
            raise ValueError(f"septet out of range: {value}")
        if escaped:
            out.append(_EXT_REVERSE.get(value, " "))  # unknown escapes read as a space (03.38 advice)
            escaped = False
        elif value == ESCAPE:
            escaped = True
        else:
            out.append(BASIC[value])
    return "".join(out)


def pack(septets: list[int]) -> bytes:
    """Septets packed into octets as sent on the air (8 septets -> 7 bytes)."""
    out = bytearray()
    acc = bits = 0
    for value in septets:
        acc |= value << bits
        bits += 7
        while bits >= 8:
            out.append(acc & 0xFF)
            acc >>= 8
            bits -= 8
    if bits:
        out.append(acc & 0xFF)
    return bytes(out)


def septet_count(text: str) -> int:
    return len(encode(text))


def segments(text: str) -> int:
    """How many SMS segments ``text`` needs (GSM-7 if possible, else UCS-2)."""
    if is_gsm7(text):
        n = septet_count(text)
        return 1 if n <= SINGLE_SEGMENT else -(-n // MULTI_SEGMENT)
    units = len(text.encode("utf-16-le")) // 2
    return 1 if units <= UCS2_SINGLE else -(-units // UCS2_MULTI)


def fits_one_segment(text: str) -> bool:
    return is_gsm7(text) and septet_count(text) <= SINGLE_SEGMENT


def fold(text: str) -> str:
    """``text`` with every character GSM-7 can carry kept, look-alikes substituted (Tŷ -> Ty, ’ -> '),
    accents dropped where the alphabet lacks them, and anything else replaced by "?"."""
    out: list[str] = []
    for ch in text:
        if ch in _BASIC_INDEX or ch in EXTENSION:
            out.append(ch)
        elif ch in _FOLD:
            out.append(_FOLD[ch])
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            out.append(base if base and is_gsm7(base) else "?")
    return "".join(out)


def truncate(text: str, max_septets: int, ellipsis: str = "...") -> str:
    """``text`` cut (at a word boundary if one is near) so it takes at most ``max_septets``."""
    if septet_count(text) <= max_septets:
        return text
    budget = max_septets - septet_count(ellipsis)
    if budget <= 0:
        return ""
    used, cut = 0, 0
    for i, ch in enumerate(text):
        cost = 2 if ch in EXTENSION else 1
        if used + cost > budget:
            break
        used += cost
        cut = i + 1
    head = text[:cut]
    space = head.rfind(" ")
    if space >= max(1, cut - 12):
        head = head[:space]
    return head.rstrip(" ,;:.-") + ellipsis
