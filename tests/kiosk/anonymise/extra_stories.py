"""Turn the marked-up hand-written stories (extra-stories.txt) into eval rows (same shape as the dev JSONL)."""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARK = re.compile(r"\[\[([A-Z_]+):(.+?)\]\]")


def parse_roster(line: str) -> tuple[str, dict]:
    home, *parts = [p.strip() for p in line[len("@home") :].split("|")]
    roster: dict = {"residents": [], "staff": []}
    for part in parts:
        key, _, names = part.partition(":")
        for n in (x.strip() for x in names.split(",") if x.strip()):
            if "=" in n:
                name, role = n.split("=")
                roster[key.strip()].append({"name": name.strip(), "role": role.strip()})
            else:
                roster[key.strip()].append(n)
    return home, roster


def rows(path: Path = HERE / "data" / "extra-stories.txt") -> list[dict]:
    out, home, roster = [], "", {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("@home"):
            home, roster = parse_roster(line)
            continue
        text, spans, pos = "", [], 0
        for m in MARK.finditer(line):
            text += line[pos : m.start()]
            spans.append({"start": len(text), "end": len(text) + len(m.group(2)), "kind": m.group(1), "text": m.group(2)})
            text += m.group(2)
            pos = m.end()
        text += line[pos:]
        out.append({"id": f"extra-{n}", "home": home, "roster": roster, "text": text, "spans": spans})
    return out


def write_jsonl(dest: Path) -> Path:
    dest.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows()), encoding="utf-8")
    return dest


if __name__ == "__main__":
    import sys

    write_jsonl(Path(sys.argv[1]))
