"""An author's update to their own published story, told at the kiosk: what it holds and the rules it
must meet, the same on the device (before it is sealed) and in the service (after it is opened).

The update names its story by uuid and reference (the device learned both from the public feed) and
carries the reply code the author typed; the service checks that code against the one sealed inside
the story (:mod:`sync.reply_code`). Messages name the problem, never the words.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Mapping

from . import reply_code
from .errors import StoryError
from .i18n import LANGS

#: an update is a few sentences added to a story, not a second story
MAX_UPDATE_CHARS = 4_000
KIND = "update"  # the sealed envelope's ``kind`` (a story's envelope has none)
_FIELDS = ("story_uuid", "story_ref", "reply_code", "text", "language", "prompts")


@dataclass
class AuthorUpdate:
    story_uuid: str
    story_ref: str
    reply_code: str
    text: str
    language: str = "en"
    prompts: dict[str, int] = field(default_factory=lambda: {"shown": 0, "accepted": 0, "declined": 0})

    def to_payload(self) -> dict[str, Any]:
        return asdict(self)


def validate_update(data: Any) -> AuthorUpdate:
    """Untrusted input (the kiosk's draft, or an opened envelope) as an :class:`AuthorUpdate`, or StoryError."""
    if not isinstance(data, Mapping):
        raise StoryError("An update must be an object with its story, reply code and text.")
    unknown = sorted(set(data) - set(_FIELDS))
    if unknown:
        raise StoryError(f"Unknown field '{unknown[0]}' in the update.")
    story_uuid, ref = data.get("story_uuid"), data.get("story_ref")
    if not isinstance(story_uuid, str) or not 8 <= len(story_uuid) <= 64 or not story_uuid.isascii():
        raise StoryError("The update does not name its story.")
    if not isinstance(ref, str) or not ref.isascii() or not ref.isdigit() or not 4 <= len(ref) <= 8:
        raise StoryError("The update's story reference is not a reference number.")
    code = data.get("reply_code")
    if not isinstance(code, str) or not reply_code.looks_right(code):
        raise StoryError("The reply code is not six digits with a correct check digit.")
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise StoryError("The update is empty.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise StoryError("The update contains characters that are not valid text.") from None
    if len(text) > MAX_UPDATE_CHARS:
        raise StoryError(f"The update is {len(text):,} characters long; the limit is {MAX_UPDATE_CHARS:,}.")
    language = data.get("language", "en")
    if language not in LANGS:
        raise StoryError(f"Unknown language; use one of: {', '.join(LANGS)}.")
    prompts = data.get("prompts") or {"shown": 0, "accepted": 0, "declined": 0}
    if (not isinstance(prompts, Mapping) or set(prompts) - {"shown", "accepted", "declined"}
            or not all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 2**31 for v in prompts.values())):
        raise StoryError("The prompt counts must be whole numbers for 'shown', 'accepted' and 'declined'.")
    return AuthorUpdate(story_uuid=story_uuid, story_ref=ref, reply_code=code, text=text, language=language,
                        prompts={k: int(prompts.get(k, 0)) for k in ("shown", "accepted", "declined")})
