"""Devices: one device's integrity report, and a home's devices with their last contact."""

from __future__ import annotations

from fastapi import APIRouter

from .. import API_VERSION
from ..deps import HomeReader, PrincipalDep, ServiceDep
from ..domain import integrity
from ..errors import forbidden, not_found
from ..models import DevicesOut, IntegrityOut
from ..queries import devices, homes
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
        return {"api": API_VERSION, **integrity.report(conn, device_id, home_id)}


@router.get("/homes/{home_id}/devices", response_model=DevicesOut, tags=["provider", "public interest", "moderator"],
            responses=errors(401, 403, 404))
def home_devices(home_id: str, who: HomeReader, s: ServiceDep):
    """The home's devices and when each was last heard from (for the notifier's not-synced text)."""
    who.require_home(home_id)
    with s.db.read() as conn:
        if not homes.exists(conn, home_id):
            raise not_found("There is no care home with that id.")
        return {"api": API_VERSION, "home_id": home_id, "devices": devices.home_devices(conn, home_id)}
