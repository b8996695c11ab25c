"""The manager's short self-assessment: what the records cannot show (meetings, training, leaders)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sync.errors import UserError
from sync.i18n import N_

#: id -> the question, as it is printed on paper and asked at the terminal (English; the Welsh is in the
#: catalogue, see :func:`.words.question`).
QUESTIONS: dict[str, str] = {
    "invites_feedback": N_("Do staff invite residents and families to share their stories (the kiosk, the leaflet, "
                           "a chat)?"),
    "staff_alerts": N_("Do staff, not only the manager, see new stories when they arrive?"),
    "team_meetings": N_("Are stories talked about in team meetings?"),
    "staff_respond": N_("Can staff who work with residents reply to stories themselves?"),
    "training": N_("Is giving and receiving feedback part of staff induction or training?"),
    "leaders_public": N_("Do leaders speak openly about feedback, including critical stories, outside the home?"),
}
ANSWERS = ("yes", "partly", "no")


@dataclass
class Answers:
    values: dict[str, str] = field(default_factory=dict)
    answered_on: str | None = None

    def get(self, question: str) -> str | None:
        return self.values.get(question)

    @classmethod
    def load(cls, path: Path) -> "Answers":
        if not path.exists():
            return cls()
        try:
            doc = json.loads(path.read_text())
        except (OSError, json.JSONDecodeError):
            raise UserError(f"The self-assessment file {path} cannot be read; answer it again.") from None
        values = {k: v for k, v in doc.get("answers", {}).items() if k in QUESTIONS and v in ANSWERS}
        return cls(values, doc.get("answered_on"))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"answers": self.values, "answered_on": self.answered_on or date.today().isoformat()},
                                  indent=2, sort_keys=True))
        tmp.replace(path)
