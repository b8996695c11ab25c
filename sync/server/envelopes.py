"""Opening a sealed story and checking that what is inside is a story, by the same rules a story must
meet before a kiosk or ``carekiosk add`` seals it (:func:`sync.story.validate_story`).

The one answer to "is this a story?": a story that arrives malformed is answered ``invalid``
(``domain.submissions``); one stored before these checks existed is shown to the moderator as
malformed and cannot be published (``queries.stories``, ``domain.lifecycle``). Reasons name the
problem, never the words.
"""

from __future__ import annotations

from typing import Any, Mapping

from sync.errors import StoryError, UserError
from sync.seal import unseal
from sync.story import validate_story

MAX_DETAIL_CHARS = 200
UNOPENABLE = "The story was not sealed to this service's key, or it is damaged."
NOT_JSON = "The sealed story is not valid JSON, or it is nested too deeply."


def problem(envelope: Any, *, uuid: str, device_id: str, seq: int, route: str) -> str | None:
    """Why this opened envelope is not a story from this device under these details (None: it is)."""
    if not isinstance(envelope, Mapping) or (envelope.get("uuid"), envelope.get("device_id"),
                                             envelope.get("seq")) != (uuid, device_id, seq):
        return "The sealed story's uuid, device or number does not match its details."
    try:
        story = validate_story(envelope.get("story"), default_route=route)
    except StoryError as exc:
        detail = str(exc).rstrip(".")  # names a field or a rule, never the words
        if len(detail) > MAX_DETAIL_CHARS:
            detail = detail[:MAX_DETAIL_CHARS].rstrip() + "…"
        return f"The sealed story is malformed: {detail}."
    if story.route != route:
        return "The sealed story's route does not match its details."
    return None


def open_story(row: Mapping[str, Any], private_key: str) -> tuple[dict[str, Any], str | None]:
    """A stored story's sealed content and, if it is malformed, why (the content is then ``{}`` unless it
    is at least a JSON object, so the moderator can see what it holds)."""
    try:
        envelope = unseal(bytes(row["sealed"]), private_key)
    except UserError:
        return {}, UNOPENABLE
    except (ValueError, UnicodeDecodeError):
        return {}, NOT_JSON
    found = problem(envelope, uuid=row["uuid"], device_id=row["device_id"], seq=row["seq"], route=row["route"])
    story = envelope.get("story") if isinstance(envelope, Mapping) else None
    story = dict(story) if isinstance(story, Mapping) else {}
    story.pop("reply_code", None)  # the author's secret: checked by domain.author_updates, shown to nobody
    return story, found


def reply_code_of(row: Mapping[str, Any], private_key: str) -> str | None:
    """The reply code sealed inside a stored story (None: it has none, or it cannot be opened)."""
    try:
        envelope = unseal(bytes(row["sealed"]), private_key)
    except (UserError, ValueError, UnicodeDecodeError):
        return None
    story = envelope.get("story") if isinstance(envelope, Mapping) else None
    code = story.get("reply_code") if isinstance(story, Mapping) else None
    return code if isinstance(code, str) else None
