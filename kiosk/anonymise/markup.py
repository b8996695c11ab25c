"""Read hand-annotated stories written as marked-up text, the easy way to write evaluation sets.

One story a line; ``[[KIND:text]]`` marks a gold span; ``@home NAME | residents: A, B | staff: C,
D=nurse`` sets the home and roster for the stories below it (``@home NAME`` alone: no roster);
lines starting with ``#`` are comments. Each story becomes a row of the same shape as the shared
dev JSONL (``id``, ``home``, ``roster``, ``text``, ``spans``), so one scorer reads both.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

MARK = re.compile(r"\[\[([A-Z_]+):(.+?)\]\]")


def parse_roster(line: str) -> tuple[str, dict[str, list[Any]]]:
    home, *parts = [p.strip() for p in line[len("@home") :].split("|")]
    roster: dict[str, list[Any]] = {"residents": [], "staff": []}
    for part in parts:
        key, _, names = part.partition(":")
        for n in (x.strip() for x in names.split(",") if x.strip()):
            if "=" in n:
                name, role = n.split("=", 1)
                roster[key.strip()].append({"name": name.strip(), "role": role.strip()})
            else:
                roster[key.strip()].append(n)
    return home, roster


def parse_line(line: str) -> tuple[str, list[dict[str, Any]]]:
    """The plain story text and its gold spans (offsets into the plain text)."""
    text, spans, pos = "", [], 0
    for m in MARK.finditer(line):
        text += line[pos : m.start()]
        spans.append({"start": len(text), "end": len(text) + len(m.group(2)), "kind": m.group(1), "text": m.group(2)})
        text += m.group(2)
        pos = m.end()
    return text + line[pos:], spans


def rows(path: str | Path) -> list[dict[str, Any]]:
    path = Path(path)
    out: list[dict[str, Any]] = []
    home, roster = "", {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("@home"):
            home, roster = parse_roster(line)
            continue
        text, spans = parse_line(line)
        out.append({"id": f"{path.stem}:{n}", "home": home, "roster": roster, "text": text, "spans": spans})
    return out
