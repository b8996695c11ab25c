"""Request and response bodies (pydantic), with limits. These generate ``docs/openapi.json``.

Structural limits (a batch of at most 100, a sealed story of at most 64 KB, bounded strings) are
checked here and refuse the whole request (422). Checks about one story's contents (base64,
hashes, chain, sealing) are made per story in ``submissions`` so one bad story never spoils a batch.
"""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from . import API_VERSION

MAX_BATCH = 100
MAX_SEALED_BYTES = 64 * 1024
MAX_SEALED_B64 = 4 * ((MAX_SEALED_BYTES + 2) // 3)
MAX_TEXT = 10_000
MAX_REASON = 500
ID_PATTERN = r"^[A-Za-z0-9._:-]{1,64}$"
#: the largest integer SQLite and PostgreSQL (bigint) hold: every integer parameter stays within it (422 past it)
MAX_INT64 = 2**63 - 1

Api = Literal["carekiosk/v1"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Out(BaseModel):
    api: Api = API_VERSION


class ErrorOut(BaseModel):
    error: str = Field(description="One plain sentence saying what went wrong.")


# -- enrolment ------------------------------------------------------------------------------

class EnrolIn(_In):
    code: str = Field(min_length=1, max_length=40, description="The one-time code from `carekiosk admin enrol-code`.")
    device_id: str = Field(pattern=ID_PATTERN)
    label: Optional[str] = Field(default=None, max_length=80)
    ref_slots: bool = Field(default=False, description=(
        "The device draws its references in the slot the service gives it (`ref_slot` in the answer), so no "
        "two kiosks of a home hand out the same code. Devices from before slots leave it out and get none."))


class HomeOut(BaseModel):
    id: str
    name: str
    roster: dict[str, Any]


class EnrolOut(_Out):
    device_token: str
    device_id: str
    home: HomeOut
    service_public_key: str = Field(description="Base64 Curve25519 public key; seal stories to it.")
    ref_slot: Optional[int] = Field(default=None, description=(
        "0-9: every reference this device hands out must end in this digit (checked on receipt); none when "
        "the device did not ask for slots. A device keeps its slot when it re-enrols."))


# -- submission -----------------------------------------------------------------------------

class Submission(_In):
    uuid: str = Field(min_length=1, max_length=64)
    device_id: str = Field(min_length=1, max_length=64)
    seq: int = Field(ge=1, le=2**40)
    ref: str = Field(min_length=1, max_length=16)
    created_hour: str = Field(min_length=1, max_length=40)
    route: str = Field(min_length=1, max_length=20)
    size: int = Field(ge=0, le=MAX_SEALED_BYTES)
    payload_sha256: str = Field(min_length=1, max_length=64)
    prev_hash: str = Field(min_length=1, max_length=64)
    chain_hash: str = Field(min_length=1, max_length=64)
    sealed: str = Field(min_length=1, max_length=MAX_SEALED_B64, description="Base64 of the sealed box.")


class StoriesIn(_In):
    stories: list[Submission] = Field(max_length=MAX_BATCH)


class StoryResult(BaseModel):
    uuid: str
    result: Literal["accepted", "duplicate", "conflict", "invalid"]
    reason: Optional[str] = None


class StoriesOut(_Out):
    results: list[StoryResult]


# -- integrity and events -------------------------------------------------------------------

class IntegrityOut(_Out):
    device_id: str
    home_id: str
    highest_seq: int
    received: int
    missing: list[int]
    chain_ok: bool
    problems: list[str]


class Event(BaseModel):
    id: str
    cursor: int
    type: Literal["story_received", "awaiting_provider", "published", "restricted", "rejected", "withheld",
                  "response_posted", "author_update", "integrity_problem", "review_requested", "comment_posted"]
    at: str
    home_id: str
    story_uuid: Optional[str] = None
    ref: Optional[str] = None
    data: dict[str, Any]


class EventsOut(_Out):
    events: list[Event]
    next_cursor: int


# -- homes ----------------------------------------------------------------------------------

OrgKind = Literal["provider", "commissioner", "regulator", "healthwatch"]
PublicInterestKind = Literal["commissioner", "regulator", "healthwatch"]
ResponderKind = Literal["provider", "commissioner", "regulator", "healthwatch", "author"]
Change = Literal["planned", "made"]


class OrganisationRef(BaseModel):
    id: str
    name: str
    kind: OrgKind


class PublicInterestBody(BaseModel):
    id: str
    name: str
    kind: PublicInterestKind
    phone: Optional[str] = Field(default=None, description="Where its alerts are texted (E.164), if anywhere.")


class HomeDetail(BaseModel):
    id: str
    name: str
    manager_phone: str
    public_interest_bodies: list[PublicInterestBody] = Field(
        default=[], description="The commissioners, regulators and Healthwatch that cover the home.")
    public_interest_phone: Optional[str] = Field(
        default=None, description="The first public-interest body's number (kept for older notifiers).")
    roster: dict[str, Any]
    created_at: str
    language: Literal["en", "cy"] = Field(description="The language of the manager's texts and notices: "
                                                      "en (English) or cy (Welsh).")


class HomeDetailOut(_Out):
    home: HomeDetail


class HomesOut(_Out):
    homes: list[HomeDetail]


# -- moderation -----------------------------------------------------------------------------

class HomeRef(BaseModel):
    id: str
    name: str


class ModerationItem(BaseModel):
    uuid: str
    ref: str
    home: HomeRef
    home_id: str
    device_id: str
    seq: int
    status: str
    received_at: str
    review_requested: bool
    decision_deadline: Optional[str] = None
    criticality: Optional[int] = Field(default=None, description="0 not critical … 5 severely critical.")
    malformed: Optional[str] = Field(default=None, description="Why the sealed story is not a valid story, "
                                     "for one stored before the service checked (it can only be rejected).")


class ModerationListOut(_Out):
    stories: list[ModerationItem]


class HistoryEntry(BaseModel):
    at: str
    actor: str
    action: str
    from_status: Optional[str] = None
    to_status: Optional[str] = None
    note: Optional[str] = None


class ResponseOut(BaseModel):
    id: str
    story_id: Optional[str] = None
    body: str
    responder_name: str
    responder_role: str
    responder_kind: ResponderKind = Field(description="Who spoke: an organisation's kind, or the author.")
    organisation: Optional[OrganisationRef] = Field(default=None, description="None for the author.")
    change: Optional[Change] = None
    change_description: Optional[str] = Field(default=None, description="What is planned or was changed.")
    change_made: Optional[str] = Field(default=None, description="The description when the change is made "
                                                                 "(as before change flags).")
    posted_at: str


class UpdateOut(BaseModel):
    id: str
    story_id: Optional[str] = None
    body: str
    posted_at: str


class ModerationStory(ModerationItem):
    created_hour: str
    route: str
    story_id: Optional[str] = None
    content: dict[str, Any] = Field(description="The decrypted story as sealed by the device.")
    title: Optional[str] = None
    body: Optional[str] = None
    reason: Optional[str] = None
    level: Optional[str] = None
    provider_decision: Optional[str] = None
    published_at: Optional[str] = None
    tags: list[str] = []
    feelings: list[str] = []
    history: list[HistoryEntry]
    responses: list[ResponseOut]
    updates: list[UpdateOut]


class ModerationStoryOut(_Out):
    story: ModerationStory


class DecisionIn(_In):
    action: Literal["publish", "restrict", "reject", "withhold"]
    criticality: Optional[int] = Field(default=None, ge=0, le=5, description=(
        "Required to publish or restrict: 0 not, 1 minimally, 2 mildly, 3 moderately, 4 strongly, "
        "5 severely critical (the most negative things the story says; never public)."))
    reason: Optional[str] = Field(default=None, max_length=MAX_REASON)
    level: Optional[Literal["low", "serious"]] = None
    title: Optional[str] = Field(default=None, max_length=120, description="Moderated title (publish).")
    body: Optional[str] = Field(default=None, max_length=MAX_TEXT, description="Moderated text (publish).")


class StatusOut(_Out):
    uuid: str
    ref: str
    status: str
    story_id: Optional[str] = None
    decision_deadline: Optional[str] = None


class UpdateIn(_In):
    body: str = Field(min_length=1, max_length=MAX_TEXT)


class UpdateCreated(_Out):
    update: UpdateOut


# -- organisations (providers and public-interest bodies) -------------------------------------

class ProviderStory(BaseModel):
    """A story as an organisation's key sees it (``domain/access.py``): ``view`` is ``text`` (its
    words) or ``notice`` (that it exists, its state, a restricted story's public title and reason)."""
    uuid: str
    ref: str
    home_id: str
    status: str
    view: Literal["text", "notice"] = "text"
    story_id: Optional[str] = None
    criticality: Optional[int] = None
    criticality_label: Optional[str] = None
    review_requested: bool = False
    received_at: Optional[str] = None
    title: Optional[str] = None
    body: Optional[str] = None
    author_role: Optional[str] = None
    tags: list[str]
    feelings: list[str] = []
    reason: Optional[str] = None
    decision_deadline: Optional[str] = None
    published_at: Optional[str] = None


class ProviderListOut(_Out):
    stories: list[ProviderStory]


class OrgHistoryEntry(BaseModel):
    at: str
    actor: str = Field(description="The role that acted: moderator, provider, system, ...")
    action: str
    from_status: Optional[str] = None
    to_status: Optional[str] = None
    note: Optional[str] = None


class OrgStory(ProviderStory):
    responses: list[ResponseOut] = []
    readable_by: list[OrganisationRef] = Field(default=[], description="Restricted: who can read it.")
    history: list[OrgHistoryEntry] = Field(default=[], description="A restricted story's history, for a "
                                                                    "public-interest body.")


class OrgStoryOut(_Out):
    story: OrgStory


class HomeName(BaseModel):
    id: str
    name: str


class WhoAmIOut(_Out):
    role: Literal["device", "provider", "public_interest", "moderator"]
    key_id: str
    organisation: Optional[OrganisationRef] = None
    homes: list[HomeName]


class ProviderDecisionIn(_In):
    decision: Literal["go_ahead", "request_review"]


class ResponseIn(_In):
    body: str = Field(min_length=1, max_length=MAX_TEXT)
    responder_name: str = Field(min_length=1, max_length=120)
    responder_role: str = Field(min_length=1, max_length=120)
    change: Optional[Change] = Field(default=None, description="A change this response reports: planned or made.")
    change_description: Optional[str] = Field(default=None, max_length=2000,
                                              description="Required with ``change``: what, in a few words.")
    change_made: Optional[str] = Field(default=None, max_length=2000,
                                       description="Older form: what the home changed (the same as change "
                                                   "\"made\" with this description).")


class ResponseCreated(_Out):
    response: ResponseOut


# -- public ---------------------------------------------------------------------------------

class PublicOrganisation(BaseModel):
    id: str
    name: str
    kind: OrgKind


class PublicResponse(BaseModel):
    id: str
    body: str
    responderName: str
    responderRole: str
    responderKind: ResponderKind = "provider"
    responderOrganisation: Optional[PublicOrganisation] = None
    change: Optional[Change] = None
    changeDescription: Optional[str] = None
    changeMade: Optional[str] = None
    dateOfResponse: str


class PublicUpdate(BaseModel):
    id: str
    body: str
    dateOfUpdate: str


class Opinion(BaseModel):
    id: str
    ref: str
    homeId: str
    title: str
    body: Optional[str] = None
    authorRole: Optional[str] = None
    tags: list[str]
    feelings: list[str] = Field(default=[], description="How the writer felt (kept apart from the topic tags).")
    dateOfSubmission: str
    dateOfPublication: Optional[str] = None
    status: Literal["published", "restricted"]
    restrictionReason: Optional[str] = None
    dateOfRestriction: Optional[str] = None
    readableBy: list[PublicOrganisation] = Field(
        default=[], description="Restricted: the public-interest bodies that can read it and act on it.")
    responses: list[PublicResponse] = Field(description="Every voice in order; on a restricted story, the "
                                                        "public-interest bodies' public comments.")
    authorUpdates: list[PublicUpdate] = []


class OpinionOut(_Out):
    opinion: Opinion


class OpinionsOut(_Out):
    opinions: list[Opinion]
    total: int
    skip: int
    take: int


class HealthOut(_Out):
    status: Literal["ok"]
    service_public_key: str
    time: str


# -- shares and devices (the notifier and the engagement report) ------------------------------

SHARE_KINDS = ("notice", "digest", "poster", "leaflet")


class ShareIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["notice", "digest", "poster", "leaflet"]
    ref: Optional[str] = Field(default=None, max_length=64, description="The story reference (notice) or "
                                                                        "period (digest), if any.")


class Share(BaseModel):
    id: str
    home_id: str
    kind: str
    ref: Optional[str] = None
    at: str
    actor: str


class ShareCreated(BaseModel):
    api: Literal["carekiosk/v1"] = API_VERSION
    share: Share


class SharesOut(BaseModel):
    api: Literal["carekiosk/v1"] = API_VERSION
    shares: list[Share]


# -- device health (heartbeats; domain/health.py) -------------------------------------------------

HASH_PATTERN = r"^[0-9a-f]{64}$"
MAX_SEQ = 2**31 - 1
MAX_BYTES = 2**62


class HeartbeatIn(_In):
    """What a device reports at each sync and every few minutes when nothing waits."""

    software_version: str = Field(min_length=1, max_length=64, description="carekiosk's version on the device.")
    pending: int = Field(ge=0, le=MAX_SEQ, description="Stories of this chain not yet acknowledged by the service.")
    last_seq: int = Field(ge=0, le=MAX_SEQ, description="The last sequence number the device gave a story.")
    head_hash: str = Field(pattern=HASH_PATTERN, description="The chain hash of that story (64 zeros before the first).")
    free_disk_bytes: Optional[int] = Field(default=None, ge=0, le=MAX_BYTES)
    uptime_seconds: Optional[int] = Field(default=None, ge=0, le=MAX_BYTES)


class HeartbeatOut(_Out):
    device_id: str
    highest_seq: int = Field(description="The highest sequence number this device ever reported.")
    problems: list[str] = Field(description="Integrity findings from heartbeats (rewound, rewritten, unaccounted).")


class DeviceHealth(BaseModel):
    reported_at: str = Field(description="When the last heartbeat arrived.")
    software_version: str
    pending: int
    last_seq: int
    head_hash: str
    free_disk_bytes: Optional[int] = None
    uptime_seconds: Optional[int] = None
    highest_seq: int = Field(description="The highest sequence number the device ever reported.")


class DeviceInfo(BaseModel):
    device_id: str
    label: Optional[str] = None
    enrolled_at: str
    last_seen_at: Optional[str] = Field(default=None, description="Last authenticated call from the device.")
    last_received_at: Optional[str] = Field(default=None, description="When its newest story arrived.")
    stories_received: int
    health: Optional[DeviceHealth] = Field(default=None, description="Its last heartbeat (null if none yet).")


class DevicesOut(BaseModel):
    api: Literal["carekiosk/v1"] = API_VERSION
    home_id: str
    devices: list[DeviceInfo]


# -- the engagement level -----------------------------------------------------------------------

class LevelOut(BaseModel):
    api: Literal["carekiosk/v1"] = API_VERSION
    report: dict[str, Any]


# -- transparency (public) --------------------------------------------------------------------

class RestrictedItem(BaseModel):
    ref: str
    story_id: Optional[str] = None
    reason: str = Field(description="The public reason it could not be published in full.")
    date: str


class ProviderDecisions(BaseModel):
    total: int
    go_ahead: int
    review_requested: int
    lapsed: int = Field(description="No decision within 72 hours: it went ahead on its own.")


class ReviewRequests(BaseModel):
    total: int
    published: int
    restricted: int
    not_published: int
    pending: int = Field(description="Still with the moderator.")


class PartOfWhole(BaseModel):
    part: int
    whole: int
    share: Optional[float] = None


class ChangeCounts(BaseModel):
    planned: int
    made: int


class Shares(BaseModel):
    restricted: Optional[float] = None
    review_requested: Optional[float] = None
    lapsed: Optional[float] = None


class MonthCounts(BaseModel):
    month: str = Field(description="YYYY-MM")
    received: int
    published: int
    restricted: int


class RuleVerdict(BaseModel):
    rule: str
    says: str
    raised: bool
    part: int
    whole: int
    value: Optional[float] = None
    at_least: float
    typical: Optional[float] = Field(default=None, description="The same share across the service's other homes.")
    times_typical: Optional[float] = None


class TransparencyHome(BaseModel):
    id: str
    name: str
    language: Literal["en", "cy"]


class Transparency(BaseModel):
    home: TransparencyHome
    public_interest_bodies: list[PublicOrganisation]
    awaiting_provider: int = Field(description="Stories waiting for the home's decision now (a count only).")
    since: str
    until: str
    received: int
    published_in_full: int
    restricted: int
    restricted_stories: list[RestrictedItem]
    not_published: int = Field(description="Rejected or withheld for safeguarding (one number).")
    in_progress: int
    moderated: int
    provider_decisions: ProviderDecisions
    review_requests: ReviewRequests
    lapsed: int
    replied_by_home: PartOfWhole
    median_days_to_first_reply: Optional[float] = None
    changes: ChangeCounts
    public_interest_responses: int
    shares: Shares
    months: list[MonthCounts] = Field(description="The twelve months up to the end of the period.")
    rules: list[RuleVerdict]
    flags: list[RuleVerdict] = Field(description="The rules raised for this home.")


class TransparencyOut(_Out):
    transparency: Transparency


# -- replies by text, held for the moderator ------------------------------------------------

class HeldReply(BaseModel):
    id: str
    story_uuid: str
    ref: str
    home_id: str
    body: str = Field(description="The manager's words as texted (shown to the moderator only until posted).")
    via: Literal["text"]
    received_at: str
    status: Literal["held", "posted", "rejected"]
    decided_at: Optional[str] = None
    response_id: Optional[str] = Field(default=None, description="The response it became once posted.")


class HeldReplyListOut(_Out):
    replies: list[HeldReply]


class HeldReplyOut(_Out):
    reply: HeldReply


class HeldReplyDecisionIn(_In):
    action: Literal["post", "reject"]


# -- authors' updates from the kiosk (domain.author_updates) --------------------------------

#: base64 of a sealed update (sync.author_update.MAX_UPDATE_CHARS characters at most, sealed)
MAX_UPDATE_B64 = 4 * ((32 * 1024 + 2) // 3)


class UpdateSubmission(_In):
    uuid: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9-]{8,64}$")
    device_id: str = Field(min_length=1, max_length=64)
    created_hour: str = Field(min_length=1, max_length=40)
    size: int = Field(ge=0, le=32 * 1024)
    payload_sha256: str = Field(min_length=64, max_length=64, pattern=r"^[0-9a-fA-F]{64}$")
    sealed: str = Field(min_length=1, max_length=MAX_UPDATE_B64, description="Base64 of the sealed update.")


class UpdatesIn(_In):
    updates: list[UpdateSubmission] = Field(max_length=50)


class UpdateResult(BaseModel):
    uuid: str
    result: Literal["accepted", "duplicate", "refused", "conflict", "invalid"]
    reason: Optional[str] = None


class UpdatesOut(_Out):
    results: list[UpdateResult]


class HeldUpdate(BaseModel):
    id: str = Field(description="The update's uuid, as the kiosk made it.")
    story_uuid: str
    ref: str
    home_id: str
    body: Optional[str] = Field(default=None, description="The author's words (only while held).")
    language: Optional[str] = None
    prompts: Optional[dict[str, int]] = Field(default=None, description="Personal-details prompts shown, "
                                              "accepted and declined while the author wrote it.")
    received_at: str
    status: Literal["held", "posted", "rejected"]
    decided_at: Optional[str] = None
    update_id: Optional[str] = Field(default=None, description="The author's update it became once posted.")


class HeldUpdateListOut(_Out):
    updates: list[HeldUpdate]


class HeldUpdateOut(_Out):
    update: HeldUpdate


class HeldUpdateDecisionIn(_In):
    action: Literal["post", "reject"]
