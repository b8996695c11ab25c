"""The HTTP API (``docs/api.md``): ``create_app(data_dir)`` builds a FastAPI app over one data folder
from the routers in ``routes/``, with the body-size limit and the error shapes every route shares.

Every success body carries ``"api": "carekiosk/v1"``; every error is ``{"error": "<one sentence>"}``.
Bodies over 2 MB are refused with 413 before they are parsed. While the database cannot be reached
(PostgreSQL restarting, say) every request is answered 503 with ``Retry-After``, never 500. Nothing here logs story text, names or
phone numbers; paths carry only ids.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from .clock import Clock
from .db import unavailable
from .errors import ApiError
from .routes import ROUTERS
from .service import Service

log = logging.getLogger("carekiosk.server")

MAX_BODY_BYTES = 2 * 1024 * 1024
#: What a client is told to wait while the database is away (the kiosks back off at least this long).
RETRY_AFTER_S = 5
TITLE = "carekiosk moderation API"
VERSION = "1.0.0"


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


#: a 422 names this many problems, then counts the rest (a batch of 100 bad stories is one short sentence)
NAMED_PROBLEMS = 3


def _validation_sentence(exc: RequestValidationError) -> str:
    errors = exc.errors()
    if not errors:
        return "The request is not valid."
    if errors[0].get("type") == "json_invalid":
        return "The request body is not valid JSON."

    def problem(error: dict[str, Any]) -> tuple[str, str]:
        loc = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path")]
        return (f"'{'.'.join(loc)}'" if loc else "the request body"), str(error.get("msg", "is not valid")).rstrip(".")

    named = [problem(e) for e in errors[:NAMED_PROBLEMS]]
    where, msg = named[0]
    sentence = f"Field {where} is not valid: {msg}" + "".join(f"; field {w}: {m}" for w, m in named[1:])
    rest = len(errors) - len(named)
    if rest:
        sentence += f"; and {rest} more {'problem' if rest == 1 else 'problems'} like these"
    return sentence + "."


# -- the app --------------------------------------------------------------------------------

def create_app(data_dir: str | Path | None, *, clock: Clock | None = None, service: Service | None = None,
               database_url: str | None = None) -> FastAPI:
    """The API over ``data_dir`` (``None``: an app that can only describe itself, for the OpenAPI) and
    its database (``database_url``, else ``CAREKIOSK_DATABASE_URL``, else the SQLite file there)."""
    svc = service or (Service.open(data_dir, clock, database_url=database_url) if data_dir is not None else None)
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

    @app.exception_handler(SQLAlchemyError)
    async def _database(request: Request, exc: SQLAlchemyError):
        if unavailable(exc):  # PostgreSQL restarting, unreachable, or every connection busy: come back soon
            log.warning("database unavailable on %s %s: %s", request.method, request.url.path, type(exc).__name__)
            return _error(503, "The service's database is not available just now; try again shortly.",
                          {"Retry-After": str(RETRY_AFTER_S)})
        return await _crash(request, exc)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception):
        log.error("internal error on %s %s: %s", request.method, request.url.path, type(exc).__name__)
        return _error(500, "The service hit an internal error; try again later.")

    for router in ROUTERS:
        app.include_router(router)
    return app


def openapi_document() -> dict[str, Any]:
    return create_app(None).openapi()


def openapi_text() -> str:
    return json.dumps(openapi_document(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
