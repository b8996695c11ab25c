"""What goes on a notice: the public record pulled into the device store, or labelled sample content.

Only public material is ever read here: published stories and their conversation (every response
with the organisation that spoke and any change it flags), the public reason of a restricted story
and the public-interest bodies' comments on it, and a *count* of stories awaiting the provider's
decision (never their text). On the demo profile every notice is filled with made-up sample stories
and says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Any

from sync.config import Config
from sync.errors import UserError
from sync.paths import Paths


@dataclass(frozen=True)
class Response:
    body: str
    responder_name: str | None = None
    responder_role: str | None = None
    change_made: str | None = None  # what changed or will change, in a few words
    posted_at: datetime | None = None
    organisation: str | None = None  # who spoke: the organisation's name (None: the home, or the author)
    kind: str | None = None  # provider, commissioner, regulator, healthwatch, author (None: the home)
    change: str | None = None  # planned or made; None with a change_made text (older records) means made

    @property
    def flag(self) -> str | None:
        if self.change in ("planned", "made"):
            return self.change
        return "made" if (self.change_made or "").strip() else None

    @property
    def from_home(self) -> bool:
        return self.kind in (None, "provider")


@dataclass(frozen=True)
class Story:
    ref: str
    title: str
    body: str
    author_role: str | None = None
    tags: tuple[str, ...] = ()
    published_at: datetime | None = None
    url: str | None = None
    responses: tuple[Response, ...] = ()
    feelings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Restricted:
    ref: str
    reason: str
    updated_at: datetime | None = None
    comments: tuple[Response, ...] = ()  # public-interest bodies' public comments
    readable_by: tuple[tuple[str, str], ...] = ()  # (name, kind) of each public-interest body that can read it


@dataclass(frozen=True)
class NoticeData:
    """Everything any notice may show, for one home."""

    home_name: str
    is_sample: bool
    now: datetime
    stories: tuple[Story, ...] = ()
    restricted: tuple[Restricted, ...] = ()
    awaiting_count: int = 0
    feedback_url: str | None = None

    def story(self, ref: str) -> Story:
        wanted = ref.strip().lstrip("#")
        for story in self.stories:
            if story.ref == wanted:
                return story
        if any(r.ref == wanted for r in self.restricted):
            raise UserError(f"Story {wanted} was not published in full, so there is no story notice to print.")
        raise UserError(f"No published story has the reference {wanted}; check the number and sync the device.")

    def changes(self, flag: str = "made") -> list[tuple[Story, Response]]:
        """Responses that logged a change made ("you said, we did"; or ``flag="planned"``), newest first."""
        found = [(s, r) for s in self.stories for r in s.responses
                 if r.flag == flag and (r.change_made or "").strip()]
        return sorted(found, key=lambda sr: _sort_key(sr[1].posted_at), reverse=True)


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime

    def contains(self, moment: datetime | None) -> bool:
        return moment is not None and self.start <= moment <= self.end


@dataclass(frozen=True)
class Digest:
    period: Period
    active: tuple[Story, ...]  # published or responded to in the period
    responses_in_period: int
    restricted: tuple[Restricted, ...]
    awaiting_count: int
    unanswered: tuple[Story, ...] = field(default=())


def _sort_key(moment: datetime | None) -> datetime:
    return moment or datetime.min.replace(tzinfo=timezone.utc)


def parse_time(value: Any) -> datetime | None:
    if not value:
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def digest_of(data: NoticeData, since: datetime | None = None, until: datetime | None = None) -> Digest:
    """The weekly digest's selection: the last 7 days unless ``since`` is given."""
    end = until or data.now
    start = since or (end - timedelta(days=7))
    period = Period(start, end)
    active = [s for s in data.stories
              if period.contains(s.published_at) or any(period.contains(r.posted_at) for r in s.responses)]
    active.sort(key=lambda s: _sort_key(s.published_at), reverse=True)
    responses = sum(1 for s in active for r in s.responses if period.contains(r.posted_at) and r.from_home)
    restricted = [r for r in data.restricted if r.updated_at is None or period.contains(r.updated_at)
                  or any(period.contains(c.posted_at) for c in r.comments)]
    unanswered = sorted((s for s in data.stories if not any(r.from_home for r in s.responses)),
                        key=lambda s: _sort_key(s.published_at))
    return Digest(period, tuple(active), responses, tuple(restricted), data.awaiting_count, tuple(unanswered))


# -- loading ---------------------------------------------------------------------------------

def load(paths: Paths | None = None, *, now: datetime | None = None, lang: str = "en",
         sample: bool | None = None) -> NoticeData:
    """Notice data for this device: sample content on the demo profile, else the public record."""
    from sync.profile import open_store

    paths = paths or Paths.from_env()
    settings = Config.load(paths).section("notices", {"feedback_url": None})
    now = now or datetime.now(timezone.utc)
    with open_store(paths) as store:
        device = store.device()
        if sample if sample is not None else device.is_demo:
            return sample_data(now=now, lang=lang, home_name=device.home_name or "Demo House")
        data = from_store(store, now=now)
        return replace(data, home_name=device.home_name, feedback_url=settings.get("feedback_url"))


def from_store(store, *, now: datetime | None = None) -> NoticeData:
    """Read the public record from an open :class:`sync.store.Store`."""
    conn = store.conn
    now = now or datetime.now(timezone.utc)
    responses: dict[str, list[Response]] = {}
    for story_id, body, name, role, change_made, posted, org, kind, flag in conn.execute(
        "SELECT story_id, body, responder_name, responder_role, change_made, posted_at, organisation,"
        " responder_kind, change FROM responses ORDER BY posted_at, length(response_id), response_id"
    ):
        responses.setdefault(story_id, []).append(Response(body, name, role, change_made, parse_time(posted), org,
                                                           kind, flag))
    stories: list[Story] = []
    restricted: dict[str, Restricted] = {}
    for story_id, uuid, ref, title, body, role, tags_json, status, reason, published_at, url in conn.execute(
        "SELECT story_id, uuid, ref, title, body, author_role, tags_json, status, public_reason, published_at,"
        " url FROM published ORDER BY published_at, story_id"
    ):
        ref = ref or story_id
        if status == "restricted":
            restricted[ref] = Restricted(ref, reason or "", parse_time(published_at),
                                         tuple(responses.get(story_id, ())))
            continue
        if status != "published":
            continue
        try:
            tags = tuple(str(t) for t in json.loads(tags_json or "[]"))
        except ValueError:
            tags = ()
        stories.append(Story(ref, title, body, role, tags, parse_time(published_at), url,
                             tuple(responses.get(story_id, ()))))
    awaiting = 0
    for ref, status, reason, updated in conn.execute("SELECT ref, status, public_reason, updated_at FROM outcomes"):
        if status == "awaiting_provider":
            awaiting += 1
        elif status == "restricted" and ref and ref not in restricted:
            restricted[ref] = Restricted(ref, reason or "", parse_time(updated))
    return NoticeData(home_name=store.device().home_name, is_sample=False, now=now, stories=tuple(stories),
                      restricted=tuple(sorted(restricted.values(), key=lambda r: r.ref)), awaiting_count=awaiting)


# -- sample content (demo profile) -----------------------------------------------------------

_SAMPLE = {
    "en": [
        ("4821", "Mum loves the new garden seats",
         "Since the garden was tidied, my mum sits outside most afternoons. Staff bring her a cup of tea and "
         "a blanket. She is happier and sleeps better.", "relative",
         [("Thank you for telling us. We will keep the garden open every afternoon while the weather allows.",
           "Sam", "Home manager", None),
          ("Healthwatch is glad to hear it. We visit in spring and will ask residents about the garden.", "Lee",
           "Engagement officer, Healthwatch Demo", None, "Healthwatch Demo", "healthwatch", None)]),
        ("3307", "Waiting for help at night",
         "Twice last month I pressed my call bell at night and waited a long time. I felt forgotten.",
         "resident",
         [("We are sorry. We have added a second night carer on the top floor and we now check how long call "
           "bells take every week.", "Sam", "Home manager",
           "A second night carer on the top floor; weekly checks of call bell waiting times.")]),
        ("1596", "Music afternoons",
         "Could we have music more often? The singing on Fridays is the best part of the week.", "resident",
         [("Lovely idea. The choir from the chapel now visits on Tuesdays as well.", "Priya", "Activities lead",
           "Singing on Tuesdays as well as Fridays."),
          ("We will ask the home to add a music afternoon to its activities plan.", "Dana", "Quality officer",
           "Music in the activities plan", "Demo Council", "commissioner", "planned")]),
        ("7044", "Visiting on Sundays", "The front door is locked on Sunday mornings and nobody answers the bell.",
         "visitor", []),
    ],
    "cy": [
        ("4821", "Mae Mam wrth ei bodd â'r seddi newydd yn yr ardd",
         "Ers i'r ardd gael ei thacluso, mae Mam yn eistedd y tu allan bron bob prynhawn. Mae'r staff yn dod "
         "â phaned a blanced iddi. Mae hi'n hapusach ac yn cysgu'n well.", "relative",
         [("Diolch am ddweud wrthym. Byddwn yn cadw'r ardd ar agor bob prynhawn pan fydd y tywydd yn braf.",
           "Sam", "Rheolwr y cartref", None),
          ("Mae Llais yn falch o glywed hyn. Rydyn ni'n ymweld yn y gwanwyn a byddwn yn holi'r preswylwyr am yr ardd.",
           "Lee", "Swyddog ymgysylltu, Llais Demo", None, "Llais Demo", "healthwatch", None)]),
        ("3307", "Aros am help yn y nos",
         "Ddwywaith fis diwethaf, pwysais fy nghloch alw yn y nos ac aros yn hir. Roeddwn i'n teimlo'n angof.",
         "resident",
         [("Mae'n ddrwg gennym. Rydyn ni wedi ychwanegu ail ofalwr nos ar y llawr uchaf, ac rydyn ni'n gwirio "
           "bob wythnos pa mor hir mae'r clychau galw yn ei gymryd.", "Sam", "Rheolwr y cartref",
           "Ail ofalwr nos ar y llawr uchaf; gwirio amseroedd aros y clychau galw bob wythnos.")]),
        ("1596", "Prynhawniau cerddoriaeth",
         "Allwn ni gael cerddoriaeth yn amlach? Y canu ar ddydd Gwener yw rhan orau'r wythnos.", "resident",
         [("Syniad hyfryd. Mae côr y capel nawr yn dod ar ddydd Mawrth hefyd.", "Priya", "Arweinydd gweithgareddau",
           "Canu ar ddydd Mawrth yn ogystal â dydd Gwener."),
          ("Byddwn yn gofyn i'r cartref ychwanegu prynhawn cerddoriaeth at ei gynllun gweithgareddau.", "Dana",
           "Swyddog ansawdd", "Cerddoriaeth yn y cynllun gweithgareddau", "Cyngor Demo", "commissioner", "planned")]),
        ("7044", "Ymweld ar ddydd Sul",
         "Mae'r drws ffrynt ar glo ar fore Sul a does neb yn ateb y gloch.", "visitor", []),
    ],
}

_SAMPLE_RESTRICTED = {
    "en": ("2650", "It names a member of staff in a way that could identify them. The moderator has passed "
                   "the concern to the home's regulator."),
    "cy": ("2650", "Mae'n enwi aelod o staff mewn ffordd a allai ddangos pwy ydyn nhw. Mae'r cymedrolwr wedi "
                   "trosglwyddo'r pryder i reoleiddiwr y cartref."),
}

_SAMPLE_COMMENT = {
    "en": "We have read this story and are following it up with the home.",
    "cy": "Rydyn ni wedi darllen y stori hon ac yn mynd ar ei thrywydd gyda'r cartref.",
}

SAMPLE_URL = "https://example.org/carekiosk-sample"


def sample_data(*, now: datetime | None = None, lang: str = "en", home_name: str = "Demo House") -> NoticeData:
    """Made-up content for the demo profile, dated relative to ``now`` so the digest always has a week."""
    now = now or datetime.now(timezone.utc)
    day = now.replace(hour=10, minute=0, second=0, microsecond=0)
    stories = []
    for i, (ref, title, body, role, replies) in enumerate(_SAMPLE.get(lang, _SAMPLE["en"])):
        published = day - timedelta(days=6 - i)
        stories.append(Story(
            ref, title, body, role, (), published, f"{SAMPLE_URL}/stories/{ref}",
            tuple(Response(*reply[:4], published + timedelta(days=1 + k), *reply[4:])
                  for k, reply in enumerate(replies)),
        ))
    ref, reason = _SAMPLE_RESTRICTED.get(lang, _SAMPLE_RESTRICTED["en"])
    regulator = "Care Inspectorate Wales" if lang == "cy" else "The Care Regulator"
    comment = Response(_SAMPLE_COMMENT.get(lang, _SAMPLE_COMMENT["en"]), "Jo", "Inspector", None,
                       day - timedelta(days=1), regulator, "regulator")
    return NoticeData(home_name=home_name, is_sample=True, now=now, stories=tuple(stories),
                      restricted=(Restricted(ref, reason, day - timedelta(days=2), (comment,)),), awaiting_count=2,
                      feedback_url=f"{SAMPLE_URL}/tell-us")
