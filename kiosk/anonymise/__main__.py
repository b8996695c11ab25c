"""`python -m kiosk.anonymise --eval FILE` prints recall/precision per kind, latency and import time.

Without --eval, reads a story on stdin and prints the findings (handy for trying phrases).
"""

from __future__ import annotations

import argparse
import json
import sys

from . import apply, find_identifiers
from .evaluate import evaluate, format_report, import_time_ms


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m kiosk.anonymise", description=__doc__)
    ap.add_argument("--eval", metavar="FILE", help="annotated JSONL (text, roster, spans)")
    ap.add_argument("--verbose", "-v", action="store_true", help="list missed spans and false prompts")
    ap.add_argument("--no-import-time", action="store_true", help="skip timing the import in a subprocess")
    ap.add_argument("--roster", metavar="JSON", help="roster as JSON when reading a story from stdin")
    args = ap.parse_args(argv)
    if args.eval:
        rep = evaluate(args.eval)
        print(format_report(rep, None if args.no_import_time else import_time_ms(), args.verbose))
        return 0
    text = sys.stdin.read()
    roster = json.loads(args.roster) if args.roster else None
    found = find_identifiers(text, roster)
    for f in found:
        print(f"{f.kind:<11} {text[f.start:f.end]!r:<30} -> {f.suggestion!r}  ({f.reason})")
    print("---")
    print(apply(text, found, found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
