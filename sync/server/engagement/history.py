"""Read one home's history from the moderation service's own database (where ``carekiosk level`` runs)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sync.errors import UserError

from .evidence import HomeHistory, ResponseRecord, StoryRecord

DECISIONS = {
    "go_ahead": "go_ahead",
    "request_review": "request_review",
    "go_ahead (no decision in 72 h)": "lapsed",
}
DEFAULT_PERIOD = timedelta(days=365)


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def load_history(conn, home_id: str, *, since: datetime | None, until: datetime) -> HomeHistory:
    """Every story the home received in the period, with its decisions, responses and updates."""
    home = conn.execute("SELECT id, name FROM homes WHERE id = ?", (home_id,)).fetchone()
    if home is None:
        raise UserError(f"There is no home with id {home_id}; `carekiosk admin list-homes` shows them.")
    since = since or until - DEFAULT_PERIOD
    responses: dict[str, list[ResponseRecord]] = {}
    for row in conn.execute(
        "SELECT r.story_uuid, r.posted_at, r.responder_name, r.responder_role, r.change_made FROM responses r"
        " JOIN stories s ON s.uuid = r.story_uuid WHERE s.home_id = ? ORDER BY r.posted_at", (home_id,)
    ):
        responses.setdefault(row[0], []).append(ResponseRecord(_dt(row[1]), row[2], row[3], row[4]))
    updates = dict(conn.execute(
        "SELECT u.story_uuid, COUNT(*) FROM updates u JOIN stories s ON s.uuid = u.story_uuid"
        " WHERE s.home_id = ? GROUP BY u.story_uuid", (home_id,)).fetchall())
    stories = []
    for row in conn.execute(
        "SELECT uuid, received_at, route, status, published_at, provider_decision FROM stories"
        " WHERE home_id = ? AND received_at >= ? AND received_at <= ?",
        (home_id, since.isoformat(timespec="seconds"), until.isoformat(timespec="seconds")),
    ):
        status = "withheld" if row[3] == "withheld_safeguarding" else row[3]
        stories.append(StoryRecord(_dt(row[1]), row[2], status, _dt(row[4]), DECISIONS.get(row[5]),
                                   tuple(responses.get(row[0], ())), updates.get(row[0], 0)))
    printed = 0
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'shares'").fetchone():
        printed = conn.execute("SELECT COUNT(*) FROM shares WHERE home_id = ? AND at >= ? AND at <= ?",
                               (home_id, since.isoformat(timespec="seconds"),
                                until.isoformat(timespec="seconds"))).fetchone()[0]
    return HomeHistory(home[0], home[1], since, until, stories, printed)
