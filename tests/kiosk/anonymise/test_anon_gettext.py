"""Every reason and suggestion shown to the writer is a literal that Babel extracts (msgid = English)."""

from __future__ import annotations

import json
from pathlib import Path

from babel.messages.extract import extract_from_dir

import kiosk.anonymise as anon
from kiosk.anonymise import find_identifiers

PKG = Path(anon.__file__).resolve().parent
DEV = Path(__file__).resolve().parents[3].parent / "shared/data/anonymiser-dev.jsonl"


def msgids() -> set[str]:
    return {
        m[2]
        for m in extract_from_dir(str(PKG), method_map=[("**.py", "python")], keywords={"N_": None})
        if isinstance(m[2], str)
    }


def test_shown_strings_are_extractable():
    ids = msgids()
    assert 20 <= len(ids) <= 80  # a small, fixed set
    texts = [
        "Thanks to Nurse Joy and Dr Amin. Mum (Edna, 97) in room 14 was born 02/11/1936.",
        "On 12/03/2024 call 07700 900417 or a@b.co; NHS 999 526 0182; 27 Lowther Street, M14 7QN.",
        "He is the only man on the ground floor. Turning 103! At 94 she sings. Many thanks, Kath",
        "Flat 3 and bed 2 and the Iona room. Pat Hughes the manager. Olu cooks.",
    ]
    roster = {"residents": ["Edna Whitworth"], "staff": ["Nurse Joy", {"name": "Pat Hughes", "role": "manager"}, {"name": "Olu Ade", "role": "chef"}]}
    if DEV.exists():
        texts += [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    seen = 0
    for t in texts:
        for f in find_identifiers(t, roster):
            assert f.reason in ids, f.reason
            assert f.suggestion == "" or f.suggestion in ids, f.suggestion
            seen += 1
    assert seen > 20
