"""Who spoke in a story's conversation, and the change they flagged, as a notice prints it: the
organisation's name and kind ("Rose House Care (care provider)", "Powys County Council
(commissioner, local authority)", "Healthwatch Powys (Healthwatch)") on one line, the person's name,
role and the date on the next; the author as "the person who told the story". Shared by the story
notice and the digest."""

from __future__ import annotations

from sync.conversation import change_label, kind_label
from sync.i18n import _, format_date

from .content import Response


def speaker(response: Response, lang: str, home_name: str) -> str:
    """``Rose House (care provider)`` - a reply from before organisations were named is the home's."""
    if response.kind == "author":
        return kind_label("author", lang)[:1].upper() + kind_label("author", lang)[1:]
    name = response.organisation or home_name
    # Translators: who replied: an organisation and its kind, e.g. "Powys Council (commissioner)".
    return _("{organisation} ({kind})", lang, organisation=name, kind=kind_label(response.kind or "provider", lang))


def person(response: Response, lang: str) -> str:
    """``Sam Jones, Home manager, 3 March 2025`` (the parts there are)."""
    # Translators: who replied: their name, their role in the home, the date.
    return _("{name}, {role}, {date}", lang, name=response.responder_name or "", role=response.responder_role or "",
             date=format_date(response.posted_at, lang) if response.posted_at else "").strip(", ").replace(", , ", ", ")


def heading(response: Response, lang: str, home_name: str) -> tuple[str, str]:
    """(who spoke, the person and date) - two lines, so neither breaks in the middle of a date."""
    return speaker(response, lang, home_name), person(response, lang)


def change_line(response: Response, lang: str) -> str | None:
    """``Change made: a second night carer`` / ``Change planned: …`` (None when no change is flagged)."""
    if not response.flag:
        return None
    # Translators: a change flagged in a reply, e.g. "Change made: a second night carer".
    return _("{flag}: {change}", lang, flag=change_label(response.flag, lang), change=response.change_made or "")
