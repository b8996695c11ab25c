"""apply: rewrite the story with the replacements the writer accepted.

``accepted`` may be any mix of
* ``Finding`` objects (accept that finding's own suggestion),
* integers (indices into ``findings``),
* or a mapping from either of those to a replacement string (the writer typed their own).
Overlapping accepted findings keep the first by position. Replacements are applied from the end
of the text backwards, so earlier offsets stay right however many are applied.
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping, Sequence, Union

from .finding import Finding

Accepted = Union[Iterable[Union[Finding, int]], Mapping[Union[Finding, int], str]]

_SENTENCE_END = re.compile(r"(?:^|[.!?\n]\s*|[.!?]['\")\]]\s+)$")


def _at_sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 4) : pos]
    return pos == 0 or bool(_SENTENCE_END.search(before)) or text[:pos].strip() == ""


def _resolve(findings: Sequence[Finding], accepted: Accepted) -> list[tuple[Finding, str]]:
    pairs: list[tuple[Finding, str]] = []
    items = accepted.items() if isinstance(accepted, Mapping) else ((a, None) for a in accepted)
    for key, repl in items:
        if isinstance(key, bool):
            raise TypeError("accepted items must be Finding objects or indices, not bools")
        if isinstance(key, int):
            f = findings[key]  # IndexError for a bad index is the caller's bug; let it show
        elif isinstance(key, Finding):
            f = key
        else:
            raise TypeError(f"accepted items must be Finding objects or indices, not {type(key).__name__}")
        pairs.append((f, f.suggestion if repl is None else str(repl)))
    return pairs


def apply(text: str, findings: Sequence[Finding], accepted: Accepted) -> str:
    """Return ``text`` with the accepted replacements made and the surrounding spacing tidied."""
    pairs = _resolve(findings, accepted)
    seen: set[tuple[int, int]] = set()
    chosen: list[tuple[Finding, str]] = []
    last_end = -1
    for f, repl in sorted(pairs, key=lambda p: (p[0].start, p[0].end)):
        if (f.start, f.end) in seen or f.start < last_end or not (0 <= f.start <= f.end <= len(text)):
            continue
        seen.add((f.start, f.end))
        chosen.append((f, repl))
        last_end = f.end
    out = text
    removed_any = False
    for f, repl in reversed(chosen):
        start, end = f.start, f.end
        if repl and _at_sentence_start(out, start) and out[start : start + 1].isupper():
            repl = repl[:1].upper() + repl[1:]
        if out[end : end + 2] in ("'n", "’n") and not out[end + 2 : end + 3].isalpha():
            end += 2  # Welsh "Sandra'n garedig": the short 'n only follows a vowel, so write "yn" in full
            repl = repl + " yn" if repl else "yn"
        if repl:
            start, repl = _welsh_yn(out, start, repl)
        if not repl:
            removed_any = True
            start, end = _widen_removal(out, start, end)
        out = out[:start] + repl + out[end:]
    if removed_any and out != text:
        # "Karen & Steve" both removed from a sign-off leaves a lone "&"
        out = _DANGLING.sub(r"\1", out)
        out = _DANGLING_DASH.sub(lambda m: m.group(1) or m.group(2), out)
    return out


_DANGLING = re.compile(r"((?:^|[.!?\n])[ \t]*)(?:&|\+|and|,|-|–)[ \t]*(?=$|\n)")
_DANGLING_DASH = re.compile(r"([.!?])?[ \t]+[-–][ \t]*([.!]?)(?=[ \t]*(?:$|\n))")


_YNG = re.compile(r"(?<!\w)([Yy])(ng|m)[ \t]+$")


def _welsh_yn(text: str, start: int, repl: str) -> tuple[int, str]:
    """Welsh "yng ngwely 3" / "ym Mangor": "yng"/"ym" only stand before the mutated word they
    belong to, so before a replacement they go back to "yn" ("yn their bed" -> "yn ei wely")."""
    if start < 3 or text[start - 1] not in " \t":
        return start, repl
    m = _YNG.search(text, max(0, start - 8), start)
    if m is None or repl.lower().startswith(m.group(2)):
        return start, repl
    return m.start(), m.group(1) + "n " + repl


def _widen_removal(text: str, start: int, end: int) -> tuple[int, int]:
    """Removing a detail should not leave "Dad ()" or double spaces behind."""
    # empty brackets: "Dad (Harold Pilling)" -> "Dad"
    lb = start
    while lb > 0 and text[lb - 1] in " \t":
        lb -= 1
    rb = end
    while rb < len(text) and text[rb] in " \t":
        rb += 1
    if lb > 0 and text[lb - 1] in "([" and rb < len(text) and text[rb] in ")]":
        start, end = lb - 1, rb + 1
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        return start, end
    # drop one neighbouring space so words don't end up two spaces apart
    if start > 0 and text[start - 1] in " \t" and (end >= len(text) or text[end] in " \t.,;:!?)\n"):
        start -= 1
    elif end < len(text) and text[end] in " \t" and (start == 0 or text[start - 1] in "(\n"):
        end += 1
    return start, end
