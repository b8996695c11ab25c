"""What route handlers ask for, as ``Annotated[..., Depends()]`` types: the service
(:data:`ServiceDep`), the service with the 72-hour go-ahead applied first (:data:`LapsedService`),
and the caller from its bearer token (:data:`PrincipalDep`, or one of the role types below, which
answer 403 for any other role). Unknown or missing token: 401. A role is checked before the
request body is validated, so a caller with the wrong key learns nothing about the body's shape.

Dependencies that touch the database are plain functions (FastAPI runs them in a worker thread);
those that only look at what they are given are ``async``, so they cost no thread hand-over, and
:func:`lapsed_service` hands work to a thread only on the rare request that has a lapse to apply.
"""

from __future__ import annotations

from typing import Annotated, Awaitable, Callable, Optional

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from .domain import auth
from .domain.auth import Principal
from .errors import ApiError, forbidden, unauthorised
from .service import Service

bearer = HTTPBearer(auto_error=False, description="A device token, a provider's or public-interest body's key, "
                                                   "or a moderator key.")

Credentials = Annotated[Optional[HTTPAuthorizationCredentials], Depends(bearer)]


async def get_service(request: Request) -> Service:
    svc = request.app.state.service
    if svc is None:
        raise ApiError(503, "This app was built without a data folder and cannot answer requests.")
    return svc


ServiceDep = Annotated[Service, Depends(get_service)]


def bearer_token(creds: Optional[HTTPAuthorizationCredentials]) -> str | None:
    if creds is None or creds.scheme.lower() != "bearer" or not creds.credentials:
        return None
    return creds.credentials


def get_principal(svc: ServiceDep, creds: Credentials) -> Principal:
    token = bearer_token(creds)
    if token is None:
        raise unauthorised()
    with svc.db.read() as conn:
        found = auth.lookup(conn, token)
    if found is None:
        raise unauthorised("This token is not known to the service (or was revoked).")
    if found.role == "device":
        svc.seen(found.device_id)  # last contact, for GET /v1/homes/{id}/devices
    return found


PrincipalDep = Annotated[Principal, Depends(get_principal)]


async def lapsed_service(svc: ServiceDep) -> Service:
    """The service after any story whose 72-hour window has ended has been published. Usually
    nothing can have ended since the last look, and that is known without I/O: then no thread."""
    if svc.lapse_may_be_due():
        await run_in_threadpool(svc.lapse)
    return svc


LapsedService = Annotated[Service, Depends(lapsed_service)]


def requires(*roles: str) -> Callable[[Principal], Awaitable[Principal]]:
    async def check(who: PrincipalDep) -> Principal:
        return who.require(*roles)
    check.__name__ = f"requires_{'_or_'.join(roles)}"
    return check


async def enrolled_device(who: PrincipalDep) -> Principal:
    who.require("device")
    if not who.home_ids:
        raise forbidden("This device is not enrolled for any care home.")
    return who


# The role each route needs, by name (which home, and which story, it may see is checked in the
# handler: ``who.require_home`` answers 403 for a home; stories go through ``domain/access.py``).
Moderator = Annotated[Principal, Depends(requires("moderator"))]
Provider = Annotated[Principal, Depends(requires("provider"))]
PublicInterest = Annotated[Principal, Depends(requires("public_interest"))]
#: a provider's or a public-interest body's key: one organisation speaking for itself
Organisation = Annotated[Principal, Depends(requires("provider", "public_interest"))]
ProviderOrModerator = Annotated[Principal, Depends(requires("provider", "moderator"))]
#: everyone who may read a home's details: its provider, its public-interest bodies, the moderator
HomeReader = Annotated[Principal, Depends(requires("provider", "public_interest", "moderator"))]
ProviderOrDevice = Annotated[Principal, Depends(requires("provider", "device"))]
EnrolledDevice = Annotated[Principal, Depends(enrolled_device)]
