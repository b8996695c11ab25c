"""Who sees what of a story, and who may do what to it: the one place these rules live.

What a caller sees of a story depends on its role and the story's state (:func:`view`):

- ``TEXT``: the moderated words (title, body, who wrote it, tags, feelings) and the conversation;
- ``NOTICE``: that the story exists, its reference, state, criticality and dates, a restricted
  story's public title, reason and public comments - never a word the writer wrote;
- nothing: the caller is answered 404, exactly as for a uuid that does not exist, so a key never
  learns that another home's story is there.

| role | awaiting provider | published | restricted | any other state |
|---|---|---|---|---|
| provider (its homes) | TEXT | TEXT | NOTICE | NOTICE |
| public-interest body (its homes) | NOTICE | TEXT | TEXT + history | NOTICE |
| the public | - | TEXT | NOTICE | - |
| another home's key | - | - | - | - |

A NOTICE tells an organisation no more than its home's event feed already does (the feed carries
every story's reference and state), so it can follow each story to its end; a public-interest body
reads a story's words once it is published or restricted - never a pending, rejected or
safeguarding story's. Devices and the moderator do not use the organisation routes (the moderator
has its own; a device reads only its home's feed).

What may be done (:func:`require_action`): the provider decides (go ahead / request review) on a
story awaiting it; the provider and public-interest bodies respond to a published story; only a
public-interest body comments on a restricted one (Care Opinion: a provider cannot respond to a
story it cannot have published).
"""

from __future__ import annotations

from typing import Any, Mapping

from sqlalchemy.engine import Connection, RowMapping

from ..errors import ApiError, forbidden, not_found
from ..queries.stories import get_story
from .auth import ORGANISATION_ROLES, Principal

TEXT = "text"
NOTICE = "notice"
PUBLIC = "public"  # the role of an anonymous reader of the public API
NOT_FOUND = "There is no story with that uuid."
#: event data fields a device (the lobby kiosk) is not given: criticality is for the people who act
_HIDDEN_FROM_DEVICES = ("criticality",)


#: what each organisation role reads in full; every other state of its own homes' stories is a NOTICE
_TEXT_STATES = {"provider": ("awaiting_provider", "published"), "public_interest": ("published", "restricted")}


def view(role: str, row: Mapping[str, Any]) -> str | None:
    """``TEXT``, ``NOTICE`` or None (nothing) for a caller of ``role`` and a story row (of its homes)."""
    status = row["status"]
    if role == PUBLIC:
        return {"published": TEXT, "restricted": NOTICE}.get(status)
    if role in _TEXT_STATES:
        return TEXT if status in _TEXT_STATES[role] else NOTICE
    return None


def sees_history(role: str, row: Mapping[str, Any]) -> bool:
    """A public-interest body reads a restricted story's history (who did what, when)."""
    return role == "public_interest" and row["status"] == "restricted"


def visible(who: Principal, row: Mapping[str, Any]) -> str | None:
    """What ``who`` sees of ``row`` (its homes only)."""
    if who.role not in ORGANISATION_ROLES or row["home_id"] not in who.home_ids:
        return None
    return view(who.role, row)


def story_for(conn: Connection, who: Principal, uuid: str) -> tuple[RowMapping, str]:
    """The story and what ``who`` sees of it; 404 (the unknown-uuid answer) when it sees nothing."""
    try:
        row = get_story(conn, uuid)
    except ApiError:
        raise not_found(NOT_FOUND) from None
    seen = visible(who, row)
    if seen is None:
        raise not_found(NOT_FOUND)
    return row, seen


# -- actions ----------------------------------------------------------------------------------

ACTIONS = {
    # action: (roles that may, the state it needs, the 409 sentence otherwise)
    "decide": (("provider",), "awaiting_provider", "This story is not waiting for a provider decision."),
    "respond": (("provider", "public_interest"), "published", "Responses can be posted only on published stories."),
    "comment": (("public_interest",), "restricted",
                "Comments are for restricted stories; respond to a published story instead."),
}


def require_action(who: Principal, row: Mapping[str, Any], action: str) -> None:
    """403 if ``who``'s role may never do ``action``; 409 if the story is not in the state for it."""
    roles, status, wrong_state = ACTIONS[action]
    if who.role not in roles:
        kinds = " or ".join("a provider" if r == "provider" else "a public-interest body" for r in roles)
        raise forbidden(f"Only {kinds} may {action} here; yours is a {who.role.replace('_', '-')} key.")
    if row["status"] != status:
        raise ApiError(409, wrong_state)


# -- the event feed ---------------------------------------------------------------------------

def event_for(role: str, event: dict[str, Any]) -> dict[str, Any]:
    """An event as ``role`` reads it from the home's feed: a device does not get criticality."""
    if role != "device" or not any(k in event.get("data", {}) for k in _HIDDEN_FROM_DEVICES):
        return event
    return {**event, "data": {k: v for k, v in event["data"].items() if k not in _HIDDEN_FROM_DEVICES}}
