"""One home's engagement report, from the service's records and the manager's saved answers.

The service's ``GET /v1/homes/{id}/level`` and ``carekiosk level`` both come here, so the web
answer and the terminal's never differ.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from typing import TYPE_CHECKING

from .assessment import Answers
from .evidence import measure
from .report import LevelReport, build_report

if TYPE_CHECKING:  # the database parts come with the server extra; the answers file needs none of it
    from sqlalchemy.engine import Connection


def answers_path(root: Path, home_id: str) -> Path:
    """The manager's self-assessment answers for a home, kept in the service's data folder."""
    return Path(root) / "assessments" / f"{home_id}.json"


def report_from(conn: "Connection", root: Path, home_id: str, *, since: datetime | None = None,
                until: datetime | None = None) -> LevelReport:
    """The report for one home from an open service database connection and its data folder."""
    from .history import load_history

    until = until or datetime.now(timezone.utc)
    history = load_history(conn, home_id, since=since, until=until)
    answers = Answers.load(answers_path(root, home_id))
    return build_report(measure(history), answers, home_id=history.home_id, home_name=history.home_name,
                        since=history.since.date().isoformat(), until=history.until.date().isoformat())


def level_report(root: Path, home_id: str, *, since: datetime | None = None,
                 until: datetime | None = None, database_url: str | None = None) -> LevelReport:
    """The report for one home from the service's data folder and database (the CLI and tests)."""
    from ..db import Database, database_target

    with Database(database_target(root, database_url)) as db, db.read() as conn:
        return report_from(conn, root, home_id, since=since, until=until)
