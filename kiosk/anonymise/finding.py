"""The Finding record and the fixed English strings the kiosk shows (translated later via gettext)."""

from __future__ import annotations

from dataclasses import dataclass


def N_(s: str) -> str:
    """Mark a literal for gettext extraction without translating it now (the kiosk translates at display)."""
    return s


KINDS = (
    "NAME",
    "ROOM",
    "PHONE",
    "EMAIL",
    "NHS_NUMBER",
    "POSTCODE",
    "ADDRESS",
    "DATE",
    "AGE",
    "QUASI",
)

# One plain sentence per kind, readable by a resident; fixed strings so translators see each once.
REASONS = {
    "NAME": N_("A name can show who this story is about or who wrote it."),
    "ROOM": N_("A room or bed number can show which resident this is about."),
    "PHONE": N_("A phone number can identify you or someone else."),
    "EMAIL": N_("An email address can identify you or someone else."),
    "NHS_NUMBER": N_("An NHS number identifies one person exactly."),
    "POSTCODE": N_("A postcode can show where someone lives."),
    "ADDRESS": N_("A street address can show where someone lives."),
    "DATE": N_("An exact date can help people work out who this is about."),
    "AGE": N_("An exact age can help people work out who this is about."),
    "QUASI": N_("This might single someone out. You could describe them more generally."),
}
STAFF_REASON = N_("Naming a member of staff can identify them. Their role keeps your point clear.")


@dataclass(frozen=True, order=True)
class Finding:
    """One identifying detail: ``text[start:end]`` is the detail, ``suggestion`` replaces it ("" removes it)."""

    start: int
    end: int
    kind: str
    suggestion: str = ""
    reason: str = ""

    def detail(self, text: str) -> str:
        """The identifying text itself."""
        return text[self.start : self.end]
