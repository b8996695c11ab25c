"""``json.loads`` with a nesting limit, for JSON that comes from outside (sealed stories, bundles, files
staff hand to ``carekiosk add``).

Python's own parser recurses once per ``[`` or ``{``: a few thousand of them end in a RecursionError
(which nothing expects, so it surfaces as a crash) or, in a thread with a small stack, worse. Nothing
carekiosk reads is more than a few levels deep, so anything deeper is refused as a ``ValueError``
before the parser sees it.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: deeper than anything carekiosk writes (a bundle is 3 levels, a sealed story 3) with room to spare
MAX_DEPTH = 32

# A JSON string (skipped whole, so brackets inside text do not count) or one bracket.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)
_TOKENS_BYTES = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)


class TooDeep(ValueError):
    """The JSON nests more than the limit allows."""


def check_depth(text: str | bytes, max_depth: int = MAX_DEPTH) -> None:
    """Raise :class:`TooDeep` if ``text`` opens more than ``max_depth`` arrays/objects inside each other."""
    if isinstance(text, (bytes, bytearray)):
        if text.count(b"[") + text.count(b"{") <= max_depth:
            return  # the usual case: too few brackets to be too deep, no scan needed
        opening, closing, tokens = b"[{", b"]}", _TOKENS_BYTES
    else:
        if text.count("[") + text.count("{") <= max_depth:
            return
        opening, closing, tokens = "[{", "]}", _TOKENS
    depth = 0
    for match in tokens.finditer(text):
        first = match.group()[:1]
        if first in opening:
            depth += 1
            if depth > max_depth:
                raise TooDeep(f"nested more than {max_depth} levels deep")
        elif first in closing:
            depth -= 1


def loads(text: str | bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """Like :func:`json.loads`; raises ``ValueError`` (``json.JSONDecodeError`` or :class:`TooDeep`)."""
    check_depth(text, max_depth)
    try:
        return json.loads(text)
    except RecursionError:  # pragma: no cover - the scan above stops this first
        raise TooDeep("nested too deeply") from None
