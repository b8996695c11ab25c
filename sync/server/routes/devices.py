"""Devices: one device's integrity report, its heartbeat, and a home's devices with their health."""

from __future__ import annotations

from fastapi import APIRouter, Path

from .. import API_VERSION
from ..deps import EnrolledDevice, HomeReader, PrincipalDep, ServiceDep
from ..domain import health, integrity
from ..errors import forbidden, not_found
from ..models import ID_PATTERN, DevicesOut, HeartbeatIn, HeartbeatOut, IntegrityOut
from ..queries import devices, homes
from ..queries import health as health_queries
from .responses import errors

router = APIRouter(prefix="/v1")


@router.get("/devices/{device_id}/integrity", response_model=IntegrityOut,
            tags=["device", "provider", "public interest", "moderator"],
            responses=errors(401, 403, 404))
def device_integrity(device_id: str, who: PrincipalDep, s: ServiceDep):
    with s.db.read() as conn:
        home_id = devices.home_of(conn, device_id)
        if who.role == "device" and who.device_id != device_id:
            raise forbidden("A device may read only its own integrity report.")
        if home_id is None:
            raise not_found("There is no enrolled device with that id.")
        who.require_home(home_id)
        found = integrity.report(conn, device_id, home_id)
        heard = health.problems(conn, device_id)  # rewound / rewritten / unaccounted, from heartbeats
        if heard:
            found["problems"] = found["problems"] + heard
            found["chain_ok"] = False
        return {"api": API_VERSION, **found}


@router.post("/devices/{device_id}/heartbeat", response_model=HeartbeatOut, tags=["device"],
             responses=errors(401, 403, 422))
def heartbeat(body: HeartbeatIn, who: EnrolledDevice, s: ServiceDep,
              device_id: str = Path(pattern=ID_PATTERN)):
    """The device's health (version, pending, last number and chain head, free disk, uptime).
    The service keeps the highest number each device ever reported and flags one that goes
    backwards, reuses a number with another hash, or has stories that are neither here nor waiting."""
    if who.device_id != device_id:
        raise forbidden("A device may report only its own health.")
    with s.db.transaction() as conn:
        home_id = devices.home_of(conn, device_id)
        if home_id is None:
            raise forbidden("This device is not enrolled for any care home.")
        found = health.record(conn, device_id, home_id, body.model_dump(), now=s.now())
    return {"api": API_VERSION, "device_id": device_id, "highest_seq": found["highest_seq"],
            "problems": found["problems"]}


@router.get("/homes/{home_id}/devices", response_model=DevicesOut, tags=["provider", "public interest", "moderator"],
            responses=errors(401, 403, 404))
def home_devices(home_id: str, who: HomeReader, s: ServiceDep):
    """The home's devices, when each was last heard from and its last heartbeat (for the notifier's
    not-synced text and ``carekiosk admin devices``)."""
    who.require_home(home_id)
    s.flush_seen()  # this instance's own notes of last contact, not yet written (another's: within seconds)
    with s.db.read() as conn:
        if not homes.exists(conn, home_id):
            raise not_found("There is no care home with that id.")
        found = devices.home_devices(conn, home_id)
        reported = health_queries.of_devices(conn, [d["device_id"] for d in found])
    for device in found:
        device["health"] = reported.get(device["device_id"])
    return {"api": API_VERSION, "home_id": home_id, "devices": found}
