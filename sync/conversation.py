"""The words of a story's conversation, shared by the service, the notices, the texts and the
organisation commands: how critical a story is, who may speak, and what a change flag says.

- **Criticality** is Care Opinion's scale: the moderator's view of the most negative things a story
  says (not the writer's rating, not a verdict on the home), 0 not critical … 5 severely critical.
  It helps the people who must act see what needs attention first, so the provider and the
  public-interest bodies see it; the public never does.
- **Voices** (responder kinds): the provider, the commissioner (the local authority), the regulator,
  Healthwatch, and the author (posted for them by the moderator).
- **Change flags** on a response: a change *planned* or *made*, always with a few words saying what.

Every label is an English msgid; ``criticality_label`` and friends give it in ``lang``.
"""

from __future__ import annotations

from sync.i18n import NP_, pgettext

#: 0..5, index = score
CRITICALITY: tuple[str, ...] = (
    NP_("criticality", "not critical"),
    NP_("criticality", "minimally critical"),
    NP_("criticality", "mildly critical"),
    NP_("criticality", "moderately critical"),
    NP_("criticality", "strongly critical"),
    NP_("criticality", "severely critical"),
)
MIN_CRITICALITY, MAX_CRITICALITY = 0, len(CRITICALITY) - 1
#: from this score up a story alerts the home's public-interest bodies (strongly, severely critical)
ALERT_CRITICALITY = 4

PROVIDER = "provider"
PUBLIC_INTEREST_KINDS = ("commissioner", "regulator", "healthwatch")
ORGANISATION_KINDS = (PROVIDER, *PUBLIC_INTEREST_KINDS)
AUTHOR = "author"
RESPONDER_KINDS = (*ORGANISATION_KINDS, AUTHOR)
#: a voice's kind as a reader should see it beside the organisation's name
KIND_LABELS = {
    "provider": NP_("responder kind", "care provider"),
    "commissioner": NP_("responder kind", "commissioner, local authority"),
    "regulator": NP_("responder kind", "regulator"),
    "healthwatch": NP_("responder kind", "Healthwatch"),
    "author": NP_("responder kind", "the person who told the story"),
}

CHANGES = ("planned", "made")
CHANGE_LABELS = {"planned": NP_("change flag", "Change planned"), "made": NP_("change flag", "Change made")}


def check_criticality(value: object) -> int:
    """``value`` as a score 0..5, or ValueError (the message names the scale)."""
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_CRITICALITY <= value <= MAX_CRITICALITY:
        raise ValueError(f"criticality is a whole number from {MIN_CRITICALITY} (not critical) to "
                         f"{MAX_CRITICALITY} (severely critical)")
    return value


def criticality_label(value: int | None, lang: str = "en") -> str:
    """``strongly critical`` / ``beirniadol iawn``; an empty string for a story without a score."""
    if value is None or not MIN_CRITICALITY <= int(value) <= MAX_CRITICALITY:
        return ""
    return pgettext("criticality", CRITICALITY[int(value)], lang)


def alerts_public_interest(criticality: int | None) -> bool:
    return criticality is not None and criticality >= ALERT_CRITICALITY


def kind_label(kind: str | None, lang: str = "en") -> str:
    return pgettext("responder kind", KIND_LABELS[kind], lang) if kind in KIND_LABELS else ""


def change_label(change: str | None, lang: str = "en") -> str:
    return pgettext("change flag", CHANGE_LABELS[change], lang) if change in CHANGE_LABELS else ""
