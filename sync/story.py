"""What a story is, and the rules a story must meet before it is sealed.

Everything a visitor says lives in :class:`Story` only until it is sealed; validation messages
name the problem, never the words of the story.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Mapping

from . import reply_code
from .errors import StoryError
from .i18n import LANGS, N_, NP_, gettext, pgettext

MAX_TEXT_CHARS = 10_000
MAX_TITLE_CHARS = 120


@dataclass(frozen=True)
class AuthorRole:
    """Who is telling the story: one row of the one role table.

    ``label`` says who wrote it ("Written by a resident"; the service publishes it as ``authorRole``);
    ``answer`` is the kiosk's "Who are you?" button. Both are English msgids: :func:`role_label` and
    the kiosk's ``t()`` give them in Welsh."""

    id: str
    label: str
    answer: str


ROLES: tuple[AuthorRole, ...] = (
    AuthorRole("resident", NP_("author role", "a resident"), N_("I live here")),
    AuthorRole("relative", NP_("author role", "family or friend"), N_("Family or friend")),
    AuthorRole("carer", NP_("author role", "an unpaid carer"), N_("Unpaid carer")),
    AuthorRole("visitor", NP_("author role", "a visitor"), N_("Visitor")),
    AuthorRole("staff", NP_("author role", "a member of staff"), N_("Member of staff")),
)
#: id -> English label, as the service publishes it (``authorRole``).
AUTHOR_ROLES: dict[str, str] = {role.id: role.label for role in ROLES}
_BY_ID_OR_LABEL = {key: role for role in ROLES for key in (role.id, role.label)}
UNKNOWN_ROLE = NP_("author role", "someone")


def role_label(role: str | None, lang: str = "en") -> str:
    """Who wrote a story, in ``lang``: from a role id (``relative``) or the English label the service
    publishes (``family or friend``); "someone" when nobody said; any other text as it is."""
    if not role or not role.strip():
        return pgettext("author role", UNKNOWN_ROLE, lang)
    known = _BY_ID_OR_LABEL.get(role.strip().lower())
    return pgettext("author role", known.label, lang) if known else role


#: How the story reached us: typed at the lobby kiosk, typed by staff from paper / a conversation, or
#: told at the kiosk with pictures (a face for each topic: :data:`FACES`, :func:`picture_sentences`).
ROUTES = ("kiosk", "assisted", "pictures")
LANGUAGES = LANGS
TOPICS = ("care", "food", "activities", "staff", "visiting", "building", "other")
#: topic -> its words (English msgids): the kiosk's buttons and the picture route's sentences.
TOPIC_LABELS: dict[str, str] = {
    "care": N_("Care"), "food": N_("Food and drink"), "activities": N_("Activities"), "staff": N_("Staff"),
    "visiting": N_("Visiting"), "building": N_("The building"), "other": N_("Something else"),
}
FEELINGS = ("happy", "grateful", "safe", "okay", "worried", "sad", "angry", "ignored")


# -- the picture route (Talking Mats-style: one topic at a time, placed on a scale of faces) ----------

@dataclass(frozen=True)
class Face:
    """One point of the five-face scale: its label and the plain sentence it becomes (English msgids)."""

    id: str
    label: str
    sentence: str


FACES: tuple[Face, ...] = (
    Face("very_happy", N_("Very happy"), N_("I feel very happy about this.")),
    Face("happy", N_("Happy"), N_("I feel happy about this.")),
    Face("okay", N_("Okay"), N_("I feel okay about this.")),
    Face("unhappy", N_("Unhappy"), N_("I feel unhappy about this.")),
    Face("very_unhappy", N_("Very unhappy"), N_("I feel very unhappy about this.")),
)
FACE_IDS = tuple(face.id for face in FACES)
_FACES = {face.id: face for face in FACES}
#: The picture route asks about the topics in this order (food first: everyone has a view on it).
PICTURE_TOPICS = ("food", "care", "staff", "activities", "visiting", "building", "other")
#: "Anything else?": phrases to pick, each a whole sentence (English msgids).
PHRASES: dict[str, str] = {
    "happy_here": N_("I am happy living here."),
    "thank_staff": N_("Thank you to the staff."),
    "lonely": N_("I feel lonely sometimes."),
    "outside": N_("I would like to go outside more."),
    "worried": N_("I am worried about something."),
    "talk": N_("I would like someone to talk to me about this."),
}
PICTURES_TITLE = N_("Told with pictures")


def face(face_id: str) -> Face:
    return _FACES[face_id]


def picture_sentences(pictures: Mapping[str, Any], lang: str = "en") -> list[str]:
    """The plain sentences a picture story says, in ``lang``: one per topic placed on a face
    ("Food and drink: I feel happy about this."), then each phrase picked."""
    lines = [f"{gettext(TOPIC_LABELS[a['topic']], lang)}: {gettext(_FACES[a['face']].sentence, lang)}"
             for a in pictures.get("answers", [])]
    lines += [gettext(PHRASES[p], lang) for p in pictures.get("phrases", [])]
    return lines


def picture_text(pictures: Mapping[str, Any], lang: str = "en") -> str:
    return "\n".join(picture_sentences(pictures, lang))


_EMAIL = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63})+$")


@dataclass
class Story:
    text: str
    author_role: str
    title: str = ""
    tags: list[str] = field(default_factory=list)
    feelings: list[str] = field(default_factory=list)
    rating: int | None = None
    contact: dict[str, str] | None = None
    language: str = "en"
    prompts: dict[str, int] = field(default_factory=lambda: {"shown": 0, "accepted": 0, "declined": 0})
    route: str = "kiosk"
    #: the picture route's answers: ``{"answers": [{"topic", "face"}, ...], "phrases": [...]}``
    pictures: dict[str, Any] | None = None
    #: the author's reply code (:mod:`sync.reply_code`): sealed with the story, shown once on Thank you
    reply_code: str | None = None

    def to_payload(self) -> dict[str, Any]:
        payload = asdict(self)
        for optional in ("pictures", "reply_code"):
            if payload[optional] is None:
                del payload[optional]  # older stories travel exactly as they always have
        return payload


def suggest_title(text: str, words: int = 6) -> str:
    """A title from the first few words, so nobody has to invent one."""
    first = " ".join(text.split()[:words]).strip(" ,.;:-")
    if len(text.split()) > words:
        first += "…"
    return first[:MAX_TITLE_CHARS]


def _check_unicode(value: str, what: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise StoryError(f"The {what} contains characters that are not valid text.") from None


def normalise_contact(contact: Any) -> dict[str, str] | None:
    """Accept ``None``, ``{"email": ...}`` or ``{"mobile": ...}``; phone numbers become E.164."""
    if contact in (None, "", {}):
        return None
    if not isinstance(contact, Mapping):
        raise StoryError("The contact details must be an email address or a mobile number.")
    unknown = set(contact) - {"email", "mobile"}
    if unknown:
        raise StoryError("The contact details may only hold 'email' or 'mobile'.")
    out: dict[str, str] = {}
    email = contact.get("email")
    if email:
        if not isinstance(email, str) or not _EMAIL.match(email.strip()):
            raise StoryError("The email address does not look right; check it or leave it out.")
        out["email"] = email.strip()
    mobile = contact.get("mobile")
    if mobile:
        if not isinstance(mobile, str):
            raise StoryError("The mobile number does not look right; check it or leave it out.")
        # Imported here: phonenumbers' metadata costs ~0.3 s of the kiosk's start, and only a visitor
        # who leaves a mobile number needs it (bench/kiosk_bench.py).
        import phonenumbers

        mobile_types = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
        try:
            parsed = phonenumbers.parse(mobile, "GB")
        except phonenumbers.NumberParseException:
            raise StoryError("The mobile number does not look right; check it or leave it out.") from None
        if not phonenumbers.is_valid_number(parsed):
            raise StoryError("The mobile number does not look right; check it or leave it out.")
        if phonenumbers.number_type(parsed) not in mobile_types:
            raise StoryError("That looks like a landline; updates come by text, so give a mobile number.")
        out["mobile"] = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return out or None


def validate_story(data: Mapping[str, Any], *, default_route: str = "kiosk") -> Story:
    """Turn untrusted input (kiosk session, JSON from staff) into a :class:`Story`, or raise StoryError."""
    if not isinstance(data, Mapping):
        raise StoryError("A story must be a JSON object with at least 'text' and 'author_role'.")
    known = set(Story.__dataclass_fields__)
    unknown = sorted(set(data) - known)
    if unknown:
        raise StoryError(f"Unknown field '{unknown[0]}'; allowed fields are: {', '.join(sorted(known))}.")

    text = data.get("text")
    if "text" not in data:
        raise StoryError("The story has no \"text\"; every story needs the words of the story.")
    if not isinstance(text, str):
        raise StoryError(f"The story's \"text\" must be words in quotes, not {_kind(text)}.")
    if not text.strip():
        raise StoryError("The story is empty; write what happened before sending.")
    _check_unicode(text, "story")
    if len(text) > MAX_TEXT_CHARS:
        raise StoryError(f"The story is {len(text):,} characters long; the limit is {MAX_TEXT_CHARS:,}.")

    role = data.get("author_role")
    if "author_role" not in data:
        raise StoryError(f"The story has no \"author_role\" (who wrote it); use one of: {', '.join(AUTHOR_ROLES)}.")
    if not isinstance(role, str) or role not in AUTHOR_ROLES:
        raise StoryError(f"Unknown author role; use one of: {', '.join(AUTHOR_ROLES)}.")

    title = data.get("title") or ""
    if not isinstance(title, str):
        raise StoryError("The title must be text.")
    _check_unicode(title, "title")
    title = title.strip() or suggest_title(text)
    if len(title) > MAX_TITLE_CHARS:
        raise StoryError(f"The title is too long; keep it under {MAX_TITLE_CHARS} characters.")

    tags = _string_list(data.get("tags", []), "tags", TOPICS)
    feelings = _string_list(data.get("feelings", []), "feelings", FEELINGS)

    rating = data.get("rating")
    if rating is not None and (isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5):
        raise StoryError("The rating must be a whole number from 1 to 5, or left out.")

    language = data.get("language", "en")
    if language not in LANGUAGES:
        raise StoryError(f"Unknown language; use one of: {', '.join(LANGUAGES)}.")

    route = data.get("route", default_route)
    if route not in ROUTES:
        raise StoryError(f"Unknown route; use one of: {', '.join(ROUTES)}.")

    prompts = data.get("prompts") or {"shown": 0, "accepted": 0, "declined": 0}
    if (
        not isinstance(prompts, Mapping)
        or set(prompts) - {"shown", "accepted", "declined"}
        or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in prompts.values())
    ):
        raise StoryError("The prompt counts must be whole numbers for 'shown', 'accepted' and 'declined'.")
    prompts = {k: int(prompts.get(k, 0)) for k in ("shown", "accepted", "declined")}

    pictures = data.get("pictures")
    if route == "pictures":
        pictures = validate_pictures(pictures)
        if text != picture_text(pictures, language):
            raise StoryError("A story told with pictures must say what its answers say, in its language.")
    elif pictures is not None:
        raise StoryError("Only a story told with pictures (route 'pictures') has picture answers.")

    code = data.get("reply_code")
    if code is not None and (not isinstance(code, str) or not reply_code.looks_right(code)):
        raise StoryError("The reply code must be six digits with a correct check digit, or left out.")

    return Story(
        text=text,
        author_role=role,
        title=title,
        tags=tags,
        feelings=feelings,
        rating=rating,
        contact=normalise_contact(data.get("contact")),
        language=language,
        prompts=prompts,
        route=route,
        pictures=pictures,
        reply_code=code,
    )


def _kind(value: Any) -> str:
    """What a JSON value is, in words ("a number"), for messages that must not quote it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return "that"


def validate_pictures(value: Any) -> dict[str, Any]:
    """The picture route's answers, checked: each topic at most once on one of the five faces, and
    phrases from :data:`PHRASES`; at least one of either."""
    if not isinstance(value, Mapping) or set(value) - {"answers", "phrases"}:
        raise StoryError("The picture answers must be an object with 'answers' and 'phrases'.")
    answers = value.get("answers", [])
    if not isinstance(answers, list):
        raise StoryError("The picture answers must be a list of topics, each with a face.")
    seen: set[str] = set()
    out: list[dict[str, str]] = []
    for answer in answers:
        if not isinstance(answer, Mapping) or set(answer) != {"topic", "face"}:
            raise StoryError("Each picture answer must have exactly a 'topic' and a 'face'.")
        topic, face_id = answer["topic"], answer["face"]
        if topic not in PICTURE_TOPICS:
            raise StoryError(f"Unknown picture topic; use any of: {', '.join(PICTURE_TOPICS)}.")
        if face_id not in _FACES:
            raise StoryError(f"Unknown face; use one of: {', '.join(FACE_IDS)}.")
        if topic in seen:
            raise StoryError(f"The topic '{topic}' is answered twice.")
        seen.add(topic)
        out.append({"topic": topic, "face": face_id})
    phrases = _string_list(value.get("phrases", []), "phrases", tuple(PHRASES))
    if not out and not phrases:
        raise StoryError("A story told with pictures needs at least one answer.")
    return {"answers": out, "phrases": phrases}


def _string_list(value: Any, name: str, allowed: tuple[str, ...]) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise StoryError(f"The {name} must be a list of words.")
    bad = [v for v in value if v not in allowed]
    if bad:
        raise StoryError(f"Unknown {name} '{bad[0]}'; use any of: {', '.join(allowed)}.")
    return list(dict.fromkeys(value))
