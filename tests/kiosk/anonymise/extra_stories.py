"""Turn the marked-up hand-written stories (data/*.txt) into eval rows (same shape as the dev JSONL).

The parser itself lives in ``kiosk.anonymise.markup`` so ``python -m kiosk.anonymise --eval`` reads
these files directly.
"""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.anonymise.markup import parse_roster, rows as _rows

HERE = Path(__file__).resolve().parent

__all__ = ["parse_roster", "rows", "write_jsonl"]


def rows(path: Path = HERE / "data" / "extra-stories.txt") -> list[dict]:
    return _rows(path)


def write_jsonl(dest: Path, path: Path = HERE / "data" / "extra-stories.txt") -> Path:
    dest.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows(path)), encoding="utf-8")
    return dest


if __name__ == "__main__":
    import sys

    write_jsonl(Path(sys.argv[1]))
