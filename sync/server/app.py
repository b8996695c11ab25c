"""The HTTP API (``docs/api.md``): ``create_app(data_dir)`` builds a FastAPI app over one data folder.

Every success body carries ``"api": "carekiosk/v1"``; every error is ``{"error": "<one sentence>"}``.
Bodies over 2 MB are refused with 413 before they are parsed. Nothing here logs story text, names or
phone numbers; paths carry only ids.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Optional

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import API_VERSION, admin, auth, events, integrity, lifecycle, public, submissions
from .auth import Principal
from .db import Clock, Database, iso, resolve_data_dir, utcnow
from .errors import ApiError, forbidden, not_found, unauthorised
from .keys import ServiceKeys, load_or_create
from .models import (DecisionIn, EnrolIn, EnrolOut, ErrorOut, EventsOut, HealthOut, HomeDetailOut, HomesOut,
                     IntegrityOut, ModerationListOut, ModerationStoryOut, OpinionOut, OpinionsOut, ProviderDecisionIn,
                     ProviderListOut, ResponseCreated, ResponseIn, StatusOut, StoriesIn, StoriesOut, UpdateCreated,
                     UpdateIn)

log = logging.getLogger("carekiosk.server")

MAX_BODY_BYTES = 2 * 1024 * 1024
TITLE = "carekiosk moderation API"
VERSION = "1.0.0"


@dataclass
class Service:
    """What the routes share: the data folder, its database, the key pair and the clock."""
    data_dir: Path
    db: Database
    keys: ServiceKeys
    clock: Clock

    @classmethod
    def open(cls, data_dir: str | Path | None, clock: Clock | None = None) -> "Service":
        root = resolve_data_dir(data_dir)
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        keys = load_or_create(root)
        return cls(data_dir=root, db=Database(root), keys=keys, clock=clock or utcnow)

    def now(self):
        return self.clock()

    def lapse(self) -> None:
        """Apply the 72-hour go-ahead to any story whose window has ended (cheap when none has)."""
        now = self.now()
        with self.db.read() as conn:
            due = conn.execute("SELECT 1 FROM stories WHERE status = 'awaiting_provider' AND decision_deadline <= ?"
                               " LIMIT 1", (iso(now),)).fetchone()
        if due:
            with self.db.transaction() as conn:
                lifecycle.apply_lapses(conn, now)


# -- middleware and error shapes ------------------------------------------------------------

def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


class BodySizeLimit:
    """Refuse request bodies over ``max_bytes`` (by Content-Length, or by counting a chunked body)."""

    def __init__(self, app, max_bytes: int = MAX_BODY_BYTES):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        too_big = _error(413, f"The request is larger than {self.max_bytes // (1024 * 1024)} MB; send fewer stories at a time.")
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    length = int(value)
                except ValueError:
                    return await _error(400, "The Content-Length header is not a number.")(scope, receive, send)
                if length > self.max_bytes:
                    return await too_big(scope, receive, send)
        messages, total = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                messages.append(message)
                break
            total += len(message.get("body", b""))
            if total > self.max_bytes:
                return await too_big(scope, receive, send)
            messages.append(message)
            if not message.get("more_body", False):
                break

        async def replay():
            if messages:
                return messages.pop(0)
            return await receive()

        return await self.app(scope, replay, send)


def _validation_sentence(exc: RequestValidationError) -> str:
    errors = exc.errors()
    if not errors:
        return "The request is not valid."
    first = errors[0]
    loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path")]
    msg = str(first.get("msg", "is not valid")).rstrip(".")
    if first.get("type") == "json_invalid":
        return "The request body is not valid JSON."
    where = f"'{'.'.join(loc)}'" if loc else "the request body"
    more = f" ({len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    return f"Field {where} is not valid: {msg}{more}."


# -- auth dependencies ----------------------------------------------------------------------

bearer = HTTPBearer(auto_error=False, description="A device token, provider key or moderator key.")


def service_of(request: Request) -> Service:
    svc = request.app.state.service
    if svc is None:
        raise ApiError(503, "This app was built without a data folder and cannot answer requests.")
    return svc


def principal(request: Request, creds: Optional[HTTPAuthorizationCredentials] = Depends(bearer)) -> Principal:
    if creds is None or creds.scheme.lower() != "bearer" or not creds.credentials:
        raise unauthorised()
    svc = service_of(request)
    with svc.db.read() as conn:
        found = auth.lookup(conn, creds.credentials)
    if found is None:
        raise unauthorised("This token is not known to the service (or was revoked).")
    if found.role == "device" and getattr(request.app.state, "seen", None) is not None:
        request.app.state.seen.seen(svc, found.device_id)  # last contact, for GET /v1/homes/{id}/devices
    return found


_DESCRIPTIONS = {401: "No token, or an unknown one.", 403: "Wrong role, or another care home.",
                 404: "Not found.", 409: "Not allowed in the story's present state.",
                 413: "The body is larger than 2 MB.", 422: "The request body or parameters are not valid."}


def _e(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {c: {"model": ErrorOut, "description": _DESCRIPTIONS[c]} for c in codes}


# -- the app --------------------------------------------------------------------------------

def create_app(data_dir: str | Path | None, *, clock: Clock | None = None, service: Service | None = None) -> FastAPI:
    """The API over ``data_dir`` (``None``: an app that can only describe itself, for the OpenAPI)."""
    svc = service or (Service.open(data_dir, clock) if data_dir is not None else None)
    app = FastAPI(title=TITLE, version=VERSION, docs_url=None, redoc_url=None, openapi_url="/v1/openapi.json",
                  description="The carekiosk moderation API (see docs/api.md). Every success body carries "
                              "\"api\": \"carekiosk/v1\"; every error is {\"error\": \"<sentence>\"}.")
    app.state.service = svc
    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return _error(exc.status, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        return _error(422, _validation_sentence(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        message = {404: "There is nothing at this address.", 405: "This address does not accept that method."}.get(
            exc.status_code, "The request could not be handled.")
        return _error(exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception):
        log.error("internal error on %s %s: %s", request.method, request.url.path, type(exc).__name__)
        return _error(500, "The service hit an internal error; try again later.")

    # -- health and enrolment ---------------------------------------------------------------
    @app.get("/v1/health", response_model=HealthOut, tags=["service"])
    def health(request: Request):
        s = service_of(request)
        return {"api": API_VERSION, "status": "ok", "service_public_key": s.keys.public, "time": iso(s.now())}

    @app.post("/v1/enrol", response_model=EnrolOut, status_code=201, tags=["device"], responses=_e(403, 409, 422))
    def enrol(body: EnrolIn, request: Request,
              creds: Optional[HTTPAuthorizationCredentials] = Depends(bearer)):
        """A device re-enrolling its own id proves itself with its current token (Authorization)."""
        s = service_of(request)
        current = creds.credentials if creds is not None and creds.scheme.lower() == "bearer" else None
        with s.db.transaction() as conn:
            token, home_id = auth.enrol(conn, code=body.code, device_id=body.device_id, label=body.label, now=s.now(),
                                        current_token=current)
            home = admin.home_public(admin.get_home(conn, home_id))
        return {"api": API_VERSION, "device_token": token, "device_id": body.device_id, "home": home,
                "service_public_key": s.keys.public}

    # -- submission ---------------------------------------------------------------------------
    @app.post("/v1/stories", response_model=StoriesOut, response_model_exclude_none=True, tags=["device"],
              responses=_e(401, 403, 413, 422))
    def submit(body: StoriesIn, request: Request, who: Principal = Depends(principal)):
        who.require("device")
        if not who.home_ids:
            raise forbidden("This device is not enrolled for any care home.")
        s = service_of(request)
        with s.db.transaction() as conn:
            results = submissions.process_batch(conn, who, body.stories, private_key=s.keys.private, now=s.now())
        return {"api": API_VERSION, "results": results}

    # -- integrity and events -------------------------------------------------------------------
    @app.get("/v1/devices/{device_id}/integrity", response_model=IntegrityOut, tags=["device", "provider", "moderator"],
             responses=_e(401, 403, 404))
    def device_integrity(device_id: str, request: Request, who: Principal = Depends(principal)):
        s = service_of(request)
        with s.db.read() as conn:
            row = conn.execute("SELECT home_id FROM devices WHERE device_id = ?", (device_id,)).fetchone()
            if who.role == "device" and who.device_id != device_id:
                raise forbidden("A device may read only its own integrity report.")
            if row is None:
                raise not_found("There is no enrolled device with that id.")
            who.require_home(row["home_id"])
            return {"api": API_VERSION, **integrity.report(conn, device_id, row["home_id"])}

    @app.get("/v1/homes/{home_id}/events", response_model=EventsOut, tags=["device", "provider", "moderator"],
             responses=_e(401, 403, 404, 422))
    def home_events(home_id: str, request: Request, who: Principal = Depends(principal),
                    after: int = Query(0, ge=0, description="The last cursor you have seen (0: from the start)."),
                    limit: int = Query(events.DEFAULT_LIMIT, ge=1, le=events.MAX_LIMIT)):
        who.require_home(home_id)
        s = service_of(request)
        s.lapse()
        with s.db.read() as conn:
            if admin.get_home(conn, home_id) is None:
                raise not_found("There is no care home with that id.")
            found, cursor = events.feed(conn, home_id, after=after, limit=limit)
        return {"api": API_VERSION, "events": found, "next_cursor": cursor}

    # -- homes (extension: for providers, the moderator and the notifier) ----------------------
    @app.get("/v1/homes", response_model=HomesOut, tags=["moderator"], responses=_e(401, 403))
    def homes(request: Request, who: Principal = Depends(principal)):
        who.require("moderator", "provider")
        s = service_of(request)
        with s.db.read() as conn:
            rows = conn.execute("SELECT * FROM homes ORDER BY created_at, id").fetchall()
            return {"api": API_VERSION, "homes": [admin.home_full(r) for r in rows if who.can_see_home(r["id"])]}

    @app.get("/v1/homes/{home_id}", response_model=HomeDetailOut, tags=["provider", "moderator"],
             responses=_e(401, 403, 404))
    def home_detail(home_id: str, request: Request, who: Principal = Depends(principal)):
        who.require("moderator", "provider")
        who.require_home(home_id)
        s = service_of(request)
        with s.db.read() as conn:
            row = admin.get_home(conn, home_id)
            if row is None:
                raise not_found("There is no care home with that id.")
            return {"api": API_VERSION, "home": admin.home_full(row)}

    # -- moderation -----------------------------------------------------------------------------
    @app.get("/v1/moderation/stories", response_model=ModerationListOut, tags=["moderator"], responses=_e(401, 403, 422))
    def moderation_list(request: Request, who: Principal = Depends(principal),
                        status: Optional[Literal[lifecycle.STATUSES]] = Query(None),  # type: ignore[valid-type]
                        home_id: Optional[str] = Query(None, max_length=64)):
        who.require("moderator")
        s = service_of(request)
        s.lapse()
        with s.db.read() as conn:
            return {"api": API_VERSION, "stories": moderation_items(conn, status=status, home_id=home_id)}

    @app.get("/v1/moderation/stories/{uuid}", response_model=ModerationStoryOut, tags=["moderator"],
             responses=_e(401, 403, 404))
    def moderation_story(uuid: str, request: Request, who: Principal = Depends(principal)):
        who.require("moderator")
        s = service_of(request)
        s.lapse()
        with s.db.transaction() as conn:
            lifecycle.open_for_moderation(conn, uuid, now=s.now(), actor=f"moderator:{who.key_id}")
            return {"api": API_VERSION, "story": moderation_detail(conn, uuid, s.keys.private)}

    @app.post("/v1/moderation/stories/{uuid}/decision", response_model=StatusOut, response_model_exclude_none=True,
              tags=["moderator"], responses=_e(401, 403, 404, 409, 422))
    def moderation_decision(uuid: str, body: DecisionIn, request: Request, who: Principal = Depends(principal)):
        who.require("moderator")
        s = service_of(request)
        with s.db.transaction() as conn:
            row = lifecycle.moderate(conn, uuid, body.action, private_key=s.keys.private, now=s.now(),
                                     actor=f"moderator:{who.key_id}", reason=body.reason, level=body.level,
                                     title=body.title, body=body.body)
        return status_out(row)

    @app.post("/v1/moderation/stories/{uuid}/updates", response_model=UpdateCreated, status_code=201,
              tags=["moderator"], responses=_e(401, 403, 404, 409, 422))
    def author_update(uuid: str, body: UpdateIn, request: Request, who: Principal = Depends(principal)):
        who.require("moderator")
        s = service_of(request)
        s.lapse()
        with s.db.transaction() as conn:
            out = lifecycle.add_update(conn, uuid, body=body.body, now=s.now(), actor=f"moderator:{who.key_id}")
        return {"api": API_VERSION, "update": {"id": out["update_id"], "story_id": out["story_id"],
                                               "body": out["body"], "posted_at": out["posted_at"]}}

    # -- provider -------------------------------------------------------------------------------
    @app.get("/v1/provider/stories", response_model=ProviderListOut, tags=["provider"], responses=_e(401, 403, 422))
    def provider_list(request: Request, who: Principal = Depends(principal),
                      status: Literal["awaiting_provider", "published", "restricted"] = Query("awaiting_provider"),
                      home_id: Optional[str] = Query(None, max_length=64)):
        who.require("provider")
        if home_id is not None:
            who.require_home(home_id)
        s = service_of(request)
        s.lapse()
        homes = [home_id] if home_id else sorted(who.home_ids)
        with s.db.read() as conn:
            marks = ",".join("?" * len(homes))
            rows = conn.execute(f"SELECT * FROM stories WHERE status = ? AND home_id IN ({marks})"
                                " ORDER BY received_at, uuid", (status, *homes)).fetchall() if homes else []
        return {"api": API_VERSION, "stories": [provider_story(r) for r in rows]}

    @app.post("/v1/provider/stories/{uuid}/decision", response_model=StatusOut, response_model_exclude_none=True,
              tags=["provider"], responses=_e(401, 403, 404, 409, 422))
    def provider_decision(uuid: str, body: ProviderDecisionIn, request: Request, who: Principal = Depends(principal)):
        who.require("provider")
        s = service_of(request)
        s.lapse()
        with s.db.transaction() as conn:
            who.require_home(lifecycle.get_story(conn, uuid)["home_id"])
            row = lifecycle.provider_decide(conn, uuid, body.decision, now=s.now(), actor=f"provider:{who.key_id}")
        return status_out(row)

    @app.post("/v1/provider/stories/{uuid}/responses", response_model=ResponseCreated, status_code=201,
              tags=["provider"], responses=_e(401, 403, 404, 409, 422))
    def provider_response(uuid: str, body: ResponseIn, request: Request, who: Principal = Depends(principal)):
        who.require("provider")
        s = service_of(request)
        s.lapse()
        with s.db.transaction() as conn:
            who.require_home(lifecycle.get_story(conn, uuid)["home_id"])
            out = lifecycle.add_response(conn, uuid, body=body.body, responder_name=body.responder_name,
                                         responder_role=body.responder_role, change_made=body.change_made,
                                         now=s.now(), key_id=who.key_id)
        return {"api": API_VERSION, "response": {"id": out["response_id"], "story_id": out["story_id"],
                                                 "body": out["body"], "responder_name": out["responder_name"],
                                                 "responder_role": out["responder_role"],
                                                 "change_made": out["change_made"], "posted_at": out["posted_at"]}}

    # -- public ---------------------------------------------------------------------------------
    @app.get("/v1/public/opinions", response_model=OpinionsOut, tags=["public"], responses=_e(422))
    def opinions(request: Request, home_id: Optional[str] = Query(None, max_length=64),
                 skip: int = Query(0, ge=0), take: int = Query(20, ge=1, le=public.MAX_TAKE)):
        s = service_of(request)
        s.lapse()
        with s.db.read() as conn:
            found, total = public.list_opinions(conn, home_id=home_id, skip=skip, take=take)
        return {"api": API_VERSION, "opinions": found, "total": total, "skip": skip, "take": take}

    @app.get("/v1/public/opinions/{opinion_id}", response_model=OpinionOut, tags=["public"], responses=_e(404))
    def opinion(opinion_id: str, request: Request):
        s = service_of(request)
        s.lapse()
        with s.db.read() as conn:
            return {"api": API_VERSION, "opinion": public.get_opinion(conn, opinion_id)}

    # -- extensions: shares and devices (shares.py), Twilio inbound SMS (sms_webhook.py) ---------
    from . import level, shares, sms_webhook
    app.state.seen = shares.register(app, service_of, principal, _e)
    level.register(app, service_of, principal, _e)
    sms_webhook.register(app, service_of)

    return app


# -- shapes shared with the CLI -------------------------------------------------------------

def moderation_items(conn, *, status: str | None = None, home_id: str | None = None) -> list[dict[str, Any]]:
    sql = ("SELECT s.*, h.name AS home_name FROM stories s JOIN homes h ON h.id = s.home_id WHERE 1=1"
           + (" AND s.status = ?" if status else "") + (" AND s.home_id = ?" if home_id else "")
           + " ORDER BY s.received_at, s.home_id, s.device_id, s.seq")
    args = [a for a in (status, home_id) if a]
    return [_item(r) for r in conn.execute(sql, args)]


def _item(r) -> dict[str, Any]:
    return {"uuid": r["uuid"], "ref": r["ref"], "home": {"id": r["home_id"], "name": r["home_name"]},
            "home_id": r["home_id"], "device_id": r["device_id"], "seq": r["seq"], "status": r["status"],
            "received_at": r["received_at"], "review_requested": bool(r["review_requested"]),
            "decision_deadline": r["decision_deadline"]}


def moderation_detail(conn, uuid: str, private_key: str) -> dict[str, Any]:
    row = conn.execute("SELECT s.*, h.name AS home_name FROM stories s JOIN homes h ON h.id = s.home_id"
                       " WHERE s.uuid = ?", (uuid,)).fetchone()
    if row is None:
        raise not_found("There is no story with that uuid.")
    envelope = lifecycle.open_envelope(row, private_key)
    return {
        **_item(row), "created_hour": row["created_hour"], "route": row["route"], "story_id": row["public_id"],
        "content": envelope.get("story", {}), "title": row["title"], "body": row["body"], "reason": row["reason"],
        "level": row["level"], "provider_decision": row["provider_decision"], "published_at": row["published_at"],
        "history": [dict(h) for h in conn.execute(
            "SELECT at, actor, action, from_status, to_status, note FROM history WHERE story_uuid = ? ORDER BY id",
            (uuid,))],
        "responses": [{"id": r["id"], "story_id": row["public_id"], "body": r["body"],
                       "responder_name": r["responder_name"], "responder_role": r["responder_role"],
                       "change_made": r["change_made"], "posted_at": r["posted_at"]}
                      for r in conn.execute("SELECT * FROM responses WHERE story_uuid = ? ORDER BY posted_at, id",
                                            (uuid,))],
        "updates": [{"id": u["id"], "story_id": row["public_id"], "body": u["body"], "posted_at": u["posted_at"]}
                    for u in conn.execute("SELECT * FROM updates WHERE story_uuid = ? ORDER BY posted_at, id", (uuid,))],
    }


def provider_story(r) -> dict[str, Any]:
    text_ok = r["status"] in ("awaiting_provider", "published")
    return {"uuid": r["uuid"], "ref": r["ref"], "home_id": r["home_id"], "status": r["status"],
            "story_id": r["public_id"], "title": r["title"], "body": r["body"] if text_ok else None,
            "author_role": r["author_role"] if text_ok else None,
            "tags": json.loads(r["tags_json"]) if text_ok else [],
            "reason": r["reason"] if r["status"] == "restricted" else None,
            "decision_deadline": r["decision_deadline"], "published_at": r["published_at"]}


def status_out(row) -> dict[str, Any]:
    return {"api": API_VERSION, "uuid": row["uuid"], "ref": row["ref"], "status": row["status"],
            "story_id": row["public_id"], "decision_deadline": row["decision_deadline"]}


def openapi_document() -> dict[str, Any]:
    return create_app(None).openapi()


def openapi_text() -> str:
    return json.dumps(openapi_document(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
