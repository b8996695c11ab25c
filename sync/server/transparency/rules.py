"""The transparency rules, as data: the one place to read or change what flags a home.

A rule looks at one share - part of whole - over the period (see :class:`.figures.Figures`) and is
**raised** when all of these hold:

- there is enough to judge: ``whole >= min_whole`` and ``part >= min_part`` (one restricted story of
  three is not a pattern);
- the share is high in itself: ``share >= at_least``;
- and, where ``times_typical`` is set and the service's other homes give a typical share (from at
  least ``min_whole`` stories), the share is at least that many times the typical one: "unusually
  high" means high beside the other homes, not only high.

A raised flag is shown on the public transparency page and the digest, alerts the home's
public-interest bodies (once a month while it stays raised), and counts against the level report's
"absence of fear". ``says`` is English marked for the catalogue (the Welsh is looked up by it).
"""

from __future__ import annotations

from typing import Any

from sync.i18n import N_

RULES: list[dict[str, Any]] = [
    {"id": "many_restricted", "says": N_("An unusually high share of this home's stories is restricted"),
     "part": "restricted", "whole": "moderated", "at_least": 0.25, "min_part": 2, "min_whole": 4,
     "times_typical": 2.0},
    {"id": "many_reviews", "says": N_("The home asks for an unusually high share of stories to be reviewed"),
     "part": "review_requested", "whole": "provider_decisions", "at_least": 0.3, "min_part": 2, "min_whole": 4,
     "times_typical": 2.0},
    {"id": "lets_decisions_lapse", "says": N_("The home lets decisions lapse instead of deciding within 72 hours"),
     "part": "lapsed", "whole": "provider_decisions", "at_least": 0.3, "min_part": 2, "min_whole": 3,
     "times_typical": None},
]

BY_ID = {rule["id"]: rule for rule in RULES}


def share(part: int, whole: int) -> float | None:
    return None if whole <= 0 else part / whole


def judge(rule: dict[str, Any], counts: dict[str, int], typical: dict[str, int] | None) -> dict[str, Any]:
    """The rule's verdict on one home's ``counts`` (and the other homes' summed ``typical`` counts)."""
    part, whole = counts.get(rule["part"], 0), counts.get(rule["whole"], 0)
    value = share(part, whole)
    typical_value = None
    if typical is not None and typical.get(rule["whole"], 0) >= rule["min_whole"]:
        typical_value = share(typical.get(rule["part"], 0), typical[rule["whole"]])
    raised = (whole >= rule["min_whole"] and part >= rule["min_part"] and value is not None
              and value >= rule["at_least"])
    if raised and rule["times_typical"] and typical_value is not None:
        raised = value >= rule["times_typical"] * typical_value
    return {"rule": rule["id"], "says": rule["says"], "raised": raised, "part": part, "whole": whole,
            "value": value, "at_least": rule["at_least"], "typical": typical_value,
            "times_typical": rule["times_typical"]}


def flags(counts: dict[str, int], typical: dict[str, int] | None) -> list[dict[str, Any]]:
    """Every rule's verdict, in the order of :data:`RULES`."""
    return [judge(rule, counts, typical) for rule in RULES]
