"""What the kiosk shows of the home's published conversation, read from what the device already syncs
(``published`` and ``responses`` in the device store, filled by ``sync.outcomes`` from the home's
public event feed): nothing here can read a sealed story, and nothing restricted is ever shown.

- :func:`board` - the "you said, we did" board on an idle Welcome screen: published stories the
  home has answered, newest answer first, each as a short excerpt of what was said, the home's reply
  and any change made or planned.
- :func:`find` - "Read the reply to my story": the published story with a reference, with every
  response (the organisation named) and the changes; or, for a story this kiosk sent that is not
  public yet, only its state.
- :class:`Rotation` - one board item at a time, the next after a fixed number of seconds (no
  animation: the words are simply replaced).

Kivy-free, so it is tested on its own with a real device store.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable

#: how long each board item shows before the next (seconds)
BOARD_SECONDS = 20.0
#: Welcome must have been untouched this long before the board shows (seconds)
BOARD_AFTER = 45.0
EXCERPT = 200


@dataclass(frozen=True)
class Voice:
    """One response under a story: who spoke (an organisation's name, or the author), what, and any change."""

    body: str
    organisation: str | None
    kind: str | None  # provider, commissioner, regulator, healthwatch, author (None: the home, older records)
    change: str | None  # planned or made
    change_words: str | None

    @property
    def from_home(self) -> bool:
        return self.kind in (None, "", "provider")


@dataclass(frozen=True)
class PublicStory:
    ref: str
    title: str
    body: str
    voices: tuple[Voice, ...] = ()
    uuid: str | None = None

    @property
    def home_reply(self) -> Voice | None:
        return next((v for v in reversed(self.voices) if v.from_home), None)

    @property
    def change(self) -> Voice | None:
        """The latest voice that flags a change (made before planned)."""
        made = [v for v in self.voices if v.change == "made" and v.change_words]
        planned = [v for v in self.voices if v.change == "planned" and v.change_words]
        return (made or planned or [None])[-1]


@dataclass(frozen=True)
class Lookup:
    """What a reference finds: a public story, or only a state (``waiting`` / ``not_public`` / ``unknown``)."""

    state: str  # "public", "waiting", "not_public", "unknown"
    story: PublicStory | None = None


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """The first ``limit`` characters, cut at a word, with an ellipsis when cut."""
    words = " ".join((text or "").split())
    if len(words) <= limit:
        return words
    cut = words[:limit].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


def _voices(store: Any, story_ids: list[str]) -> dict[str, list[Voice]]:
    if not story_ids:
        return {}
    marks = ",".join("?" * len(story_ids))
    out: dict[str, list[Voice]] = {}
    for r in store.query(
            f"SELECT story_id, body, organisation, responder_kind, change, change_made FROM responses"
            f" WHERE story_id IN ({marks}) ORDER BY posted_at, length(response_id), response_id", story_ids):
        out.setdefault(r["story_id"], []).append(
            Voice(r["body"] or "", r["organisation"], r["responder_kind"], r["change"], r["change_made"]))
    return out


_PUBLIC = ("SELECT story_id, uuid, ref, title, body FROM published"
           " WHERE status = 'published' AND body <> ''")


def any_public(store: Any) -> bool:
    """Has the home a published story at all (else there is nothing to read at the kiosk)?"""
    return bool(store.query("SELECT 1 FROM published WHERE status = 'published' AND body <> '' LIMIT 1"))


def board(store: Any, limit: int = 12) -> list[PublicStory]:
    """Published stories the home has answered, the most recently answered first."""
    rows = store.query(_PUBLIC + " AND story_id IN (SELECT story_id FROM responses WHERE"
                       " responder_kind IS NULL OR responder_kind IN ('', 'provider'))")
    voices = _voices(store, [r["story_id"] for r in rows])
    found = [PublicStory(r["ref"] or "", r["title"] or "", r["body"] or "", tuple(voices.get(r["story_id"], ())),
                         r["uuid"]) for r in rows]
    found = [s for s in found if s.home_reply is not None]
    # the latest answer first (by its time, then by the order the device learned of it)
    latest = {r["story_id"]: (r["at"] or "", r["n"]) for r in store.query(
        "SELECT story_id, MAX(posted_at) AS at, MAX(rowid) AS n FROM responses GROUP BY story_id")}
    ids = {r["ref"]: r["story_id"] for r in rows}
    found.sort(key=lambda s: latest.get(ids.get(s.ref), ("", 0)), reverse=True)
    return found[:limit]


def find(store: Any, ref: str) -> Lookup:
    """The story a reference names, as the author may read it at the kiosk."""
    ref = "".join(ch for ch in ref if ch.isascii() and ch.isdigit())
    if not ref:
        return Lookup("unknown")
    rows = store.query(_PUBLIC + " AND ref = ? ORDER BY published_at DESC", [ref])
    if rows:
        r = rows[0]
        voices = _voices(store, [r["story_id"]]).get(r["story_id"], [])
        return Lookup("public", PublicStory(r["ref"], r["title"] or "", r["body"] or "", tuple(voices), r["uuid"]))
    sent = store.query("SELECT o.status FROM stories s LEFT JOIN outcomes o USING (uuid) WHERE s.ref = ?", [ref])
    if sent:
        status = sent[0]["status"]
        return Lookup("not_public" if status in ("restricted", "rejected", "withheld") else "waiting")
    return Lookup("unknown")


@dataclass
class Rotation:
    """One item at a time; :meth:`current` moves on every ``seconds`` (a steady clock, no animation)."""

    items: list[Any] = field(default_factory=list)
    seconds: float = BOARD_SECONDS
    clock: Callable[[], float] = time.monotonic
    _index: int = 0
    _since: float | None = None

    def restart(self, items: list[Any]) -> None:
        self.items, self._index, self._since = list(items), 0, self.clock()

    def current(self) -> Any | None:
        if not self.items:
            return None
        now = self.clock()
        if self._since is None:
            self._since = now
        steps = int((now - self._since) // self.seconds) if self.seconds > 0 else 0
        if steps:
            self._index = (self._index + steps) % len(self.items)
            self._since += steps * self.seconds
        return self.items[self._index]
