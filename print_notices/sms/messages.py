"""The text of every SMS kind, in English or Welsh, always within ONE GSM-7 segment (160 septets).

Rules (from DESIGN.md): no person is named; no story text is quoted unless the story is published
(only then its public title); a decision request carries the reference and the reply keywords
(``GO 4821`` / ``REVIEW 4821``). The keywords are the same in both languages: the service's webhook
reads ``GO`` and ``REVIEW``, whatever language the text was in.

Every text is GSM-7. The wording comes from the catalogue (context ``sms``); a Welsh translation may
use ŵ, ŷ, â and the other circumflexes, which GSM-7 lacks (one such letter would make the whole text
UCS-2, 70 characters a segment), so the fixed wording is folded (:func:`.gsm7.fold`: ŷ -> y, â -> a)
like the variable parts (the home's name, a published title), which are also shortened to fit, so
the fixed wording and the reference always survive. A translation must leave room for them: the
tests fill every kind in both languages with the longest names and titles.
"""

from __future__ import annotations

from datetime import datetime

from sync.conversation import criticality_label
from sync.i18n import NP_, format_datetime, pgettext, translator

from . import gsm7

LIMIT = gsm7.SINGLE_SEGMENT

KINDS = ("awaiting_decision", "published", "reply_posted", "author_published", "author_answered", "no_response", "digest_ready", "not_synced", "integrity_problem",
         "public_interest_critical", "public_interest_review", "public_interest_restricted", "transparency_flag")
#: the texts to a home's public-interest bodies (commissioner, regulator, Healthwatch)
PUBLIC_INTEREST_KINDS = ("public_interest_critical", "public_interest_review", "public_interest_restricted",
                         "transparency_flag", "integrity_problem")
#: a transparency rule (``sync.server.transparency.rules``) in a few words, for a text
FLAG_WORDS = {
    "many_restricted": NP_("transparency flag", "many of its stories are restricted"),
    "many_reviews": NP_("transparency flag", "it asks for many reviews"),
    "lets_decisions_lapse": NP_("transparency flag", "it lets decisions lapse"),
}
OTHER_FLAG = NP_("transparency flag", "an unusual pattern")


class MessageTooLong(ValueError):
    """The fixed wording alone does not fit one segment (a programming error, caught by tests)."""


def when(moment: datetime, lang: str = "en") -> str:
    """``Thu 13 Mar 17:00`` / ``Iau 13 Mawrth 17:00`` in UK time: short, unambiguous on a basic phone."""
    # Translators: a CLDR date pattern for a deadline in a text (EEE weekday, d day, MMM short month,
    # MMMM full month, HH:mm time). Welsh short months clash with weekdays (Maw = Mawrth), hence MMMM.
    return format_datetime(moment, pgettext("sms", "EEE d MMM HH:mm", lang), lang)


def _fit(template: str, lang: str, *, home: str = "", extra: str = "", **fixed: object) -> str:
    """Fill ``template`` (folded to GSM-7): fixed parts verbatim, then ``extra`` (a title) and ``home``
    shortened to fit."""
    template = gsm7.fold(template)
    values = {k: gsm7.fold(str(v)) for k, v in fixed.items()}
    home = " ".join(gsm7.fold(home).split()) or gsm7.fold(pgettext("sms", "your home", lang))
    extra = " ".join(gsm7.fold(extra).split())
    bare = template.format(home="", extra="", **values)
    room = LIMIT - gsm7.septet_count(bare)
    if room < 4:
        raise MessageTooLong(template)
    if extra:
        # The title gets what the home's name leaves over, but never less than 20 septets.
        home_room = min(gsm7.septet_count(home), max(room - 20, room // 3))
        home = gsm7.truncate(home, home_room)
        extra = gsm7.truncate(extra, room - gsm7.septet_count(home))
    else:
        home = gsm7.truncate(home, room)
    text = template.format(home=home, extra=extra, **values)
    assert gsm7.fits_one_segment(text), text
    return text


def level(criticality: int | None, lang: str = "en") -> str:
    """How critical a story is, in a few words ("strongly critical"); never its words."""
    return criticality_label(criticality, lang) or pgettext("criticality", "criticality not recorded", lang)


def awaiting_decision(*, home: str, ref: str, deadline: datetime, criticality: int | None = None,
                      lang: str = "en") -> str:
    """The manager's decision text: the reference, how critical the story is (the moderator's score,
    when it has one), the keywords and the deadline."""
    if criticality is None:  # a story moderated before criticality was recorded
        template = pgettext("sms", "{home}: story {ref} is ready to publish. Reply GO {ref} to go ahead, or REVIEW "
                                   "{ref} for a second check, by {deadline}. No reply = go ahead.", lang)
        return _fit(template, lang, home=home, ref=ref, deadline=when(deadline, lang))
    template = pgettext("sms", "{home}: story {ref} ({level}) is ready to publish. Reply GO {ref} or REVIEW {ref} "
                               "by {deadline}. No reply = go ahead.", lang)
    return _fit(template, lang, home=home, ref=ref, deadline=when(deadline, lang), level=level(criticality, lang))


def published(*, home: str, ref: str, title: str, lang: str = "en") -> str:
    # The reply keyword is the home's language's (the service reads REPLY and ATEB alike).
    template = pgettext("sms", "{home}: story {ref} is now public: \"{extra}\". To answer it, text {keyword} {ref} "
                               "and your words, or reply online.", lang)
    keyword = pgettext("sms", "REPLY", lang)
    return _fit(template, lang, home=home, extra=title, ref=ref, keyword=keyword)


def reply_posted(*, home: str, ref: str, lang: str = "en") -> str:
    """To the manager: the reply they sent by text (REPLY 4821 ...) has been checked and is public."""
    template = pgettext("sms", "{home}: your reply to story {ref} has been checked and is now public. Thank you for "
                               "answering.", lang)
    return _fit(template, lang, home=home, ref=ref)


def author_published(*, home: str, ref: str, lang: str = "en") -> str:
    """To the author who left a mobile number: their story is public (no words of it, no name)."""
    template = pgettext("sms", "carekiosk: your story {ref} about {home} is now public. To read it and any reply, "
                               "touch Read the reply to my story on the kiosk. Reply STOP for no more.", lang)
    return _fit(template, lang, home=home, ref=ref)


def author_answered(*, home: str, ref: str, lang: str = "en") -> str:
    """To the author who left a mobile number: the home has answered their story."""
    template = pgettext("sms", "carekiosk: {home} has replied to your story {ref}. To read it, touch Read the reply "
                               "to my story on the kiosk. Reply STOP for no more.", lang)
    return _fit(template, lang, home=home, ref=ref)


def no_response(*, home: str, ref: str, days: int = 7, lang: str = "en") -> str:
    template = translator().npgettext(
        "sms",
        "{home}: story {ref} has been public for {days} day with no reply from the home. A reply shows people "
        "you listen.",
        "{home}: story {ref} has been public for {days} days with no reply from the home. A reply shows people "
        "you listen.", days, lang)
    return _fit(template, lang, home=home, ref=ref, days=days)


def digest_ready(*, home: str, published_count: int, awaiting_count: int = 0, lang: str = "en") -> str:
    template = pgettext("sms", "{home}: this week's feedback digest is ready to print. New public stories: {n}. "
                               "Awaiting your decision: {w}.", lang)
    return _fit(template, lang, home=home, n=published_count, w=awaiting_count)


def not_synced(*, home: str, days: int, last_sync: datetime | None, lang: str = "en") -> str:
    last = (pgettext("sms", "last {when}", lang, when=when(last_sync, lang)) if last_sync
            else pgettext("sms", "never synced", lang))
    template = translator().npgettext(
        "sms",
        "carekiosk: the kiosk at {home} has not synced for {days} day ({last}). Stories may be waiting. "
        "Please check it.",
        "carekiosk: the kiosk at {home} has not synced for {days} days ({last}). Stories may be waiting. "
        "Please check it.", days, lang)
    return _fit(template, lang, home=home, days=days, last=last)


def integrity_problem(*, home: str, missing: int, case: str, lang: str = "en") -> str:
    template = translator().npgettext(
        "sms",
        "carekiosk alert {case}: the kiosk at {home} may have had {n} story deleted before it was sent. "
        "The moderator has been told.",
        "carekiosk alert {case}: the kiosk at {home} may have had {n} stories deleted before they were sent. "
        "The moderator has been told.", missing, lang)
    return _fit(template, lang, home=home, case=case, n=missing)


def public_interest_critical(*, home: str, ref: str, deadline: datetime, criticality: int | None,
                             lang: str = "en") -> str:
    """To a public-interest body: a strongly or severely critical story is with the provider to decide."""
    template = pgettext("sms", "carekiosk: story {ref} about {home} is {level}. It goes public on {deadline} unless "
                               "the provider asks for a review.", lang)
    return _fit(template, lang, home=home, ref=ref, deadline=when(deadline, lang), level=level(criticality, lang))


def public_interest_review(*, home: str, ref: str, criticality: int | None, lang: str = "en") -> str:
    """To a public-interest body: the provider asked for a review (a story cannot be buried quietly)."""
    template = pgettext("sms", "carekiosk: the provider of {home} asked for a review of story {ref} ({level}). A "
                               "moderator will check it again.", lang)
    return _fit(template, lang, home=home, ref=ref, level=level(criticality, lang))


def public_interest_restricted(*, home: str, ref: str, criticality: int | None, lang: str = "en") -> str:
    """To a public-interest body: a story is restricted; they can read it and comment."""
    template = pgettext("sms", "carekiosk: story {ref} about {home} ({level}) is restricted. Read it and add a public "
                               "comment: carekiosk stories show {ref}", lang)
    return _fit(template, lang, home=home, ref=ref, level=level(criticality, lang))


def transparency_flag(*, home: str, rule: str, home_id: str, lang: str = "en") -> str:
    """To a public-interest body: a transparency rule flags the home (no story, no names)."""
    words = pgettext("transparency flag", FLAG_WORDS.get(rule, OTHER_FLAG), lang)
    template = pgettext("sms", "carekiosk transparency flag for {home}: {flag}. Print its figures: carekiosk print "
                               "transparency {home_id}", lang)
    return _fit(template, lang, home=home, flag=words, home_id=home_id)


COMPOSERS = {
    "awaiting_decision": awaiting_decision,
    "published": published,
    "reply_posted": reply_posted,
    "author_published": author_published,
    "author_answered": author_answered,
    "no_response": no_response,
    "digest_ready": digest_ready,
    "not_synced": not_synced,
    "integrity_problem": integrity_problem,
    "public_interest_critical": public_interest_critical,
    "public_interest_review": public_interest_review,
    "public_interest_restricted": public_interest_restricted,
    "transparency_flag": transparency_flag,
}


def compose(kind: str, **fields: object) -> str:
    try:
        composer = COMPOSERS[kind]
    except KeyError:
        raise ValueError(f"unknown SMS kind {kind!r}; one of {', '.join(KINDS)}") from None
    return composer(**fields)
