"""Extensions for the notifier and the engagement report (see docs/api.md, "Extra endpoints"):

- ``POST /v1/homes/{home_id}/shares`` ``{kind, ref?}``: a notice was printed or shared (provider of
  the home, or the home's own device). Stored in ``shares``; the engagement report counts them.
- ``GET /v1/homes/{home_id}/shares``: the list (provider of the home, moderator).
- ``GET /v1/homes/{home_id}/devices``: the home's enrolled devices with ``last_seen_at`` (the last
  time the device called the service with its token) and ``last_received_at`` (its newest story),
  so the notifier can tell field staff about a kiosk that has gone quiet.
"""

from __future__ import annotations

import secrets
import threading
from datetime import datetime, timedelta
from typing import Literal, Optional

from fastapi import Depends, FastAPI, Request
from pydantic import BaseModel, ConfigDict, Field

from . import API_VERSION, admin
from .auth import Principal
from .db import iso
from .errors import not_found

SHARE_KINDS = ("notice", "digest", "poster", "leaflet")
SEEN_EVERY = timedelta(minutes=5)  # a device's last_seen_at is written at most this often


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


class DeviceInfo(BaseModel):
    device_id: str
    label: Optional[str] = None
    enrolled_at: str
    last_seen_at: Optional[str] = Field(default=None, description="Last authenticated call from the device.")
    last_received_at: Optional[str] = Field(default=None, description="When its newest story arrived.")
    stories_received: int


class DevicesOut(BaseModel):
    api: Literal["carekiosk/v1"] = API_VERSION
    home_id: str
    devices: list[DeviceInfo]


def _share(row) -> dict:
    return {"id": row["id"], "home_id": row["home_id"], "kind": row["kind"], "ref": row["ref"], "at": row["at"],
            "actor": row["actor"]}


class SeenTracker:
    """Writes ``devices.last_seen_at`` at most once per :data:`SEEN_EVERY` per device."""

    def __init__(self) -> None:
        self.written: dict[str, datetime] = {}
        self.lock = threading.Lock()

    def seen(self, svc, device_id: str | None) -> None:
        if not device_id:
            return
        now = svc.now()
        with self.lock:
            last = self.written.get(device_id)
            if last is not None and now - last < SEEN_EVERY and now >= last:
                return
            self.written[device_id] = now
        with svc.db.transaction() as conn:
            conn.execute("UPDATE devices SET last_seen_at = ? WHERE device_id = ?", (iso(now), device_id))


def register(app: FastAPI, service_of, principal, responses) -> SeenTracker:
    tracker = SeenTracker()

    @app.post("/v1/homes/{home_id}/shares", response_model=ShareCreated, status_code=201,
              tags=["provider", "device"], responses=responses(401, 403, 404, 422))
    def add_share(home_id: str, body: ShareIn, request: Request, who: Principal = Depends(principal)):
        """Record that a notice was printed or shared (for the engagement report)."""
        who.require("provider", "device")
        who.require_home(home_id)
        s = service_of(request)
        now = s.now()
        actor = f"{who.role}:{who.device_id or who.key_id}"
        with s.db.transaction() as conn:
            if admin.get_home(conn, home_id) is None:
                raise not_found("There is no care home with that id.")
            share_id = "sh_" + secrets.token_hex(6)
            conn.execute("INSERT INTO shares (id, home_id, kind, ref, at, actor) VALUES (?,?,?,?,?,?)",
                         (share_id, home_id, body.kind, (body.ref or "").strip() or None, iso(now), actor))
            row = conn.execute("SELECT * FROM shares WHERE id = ?", (share_id,)).fetchone()
        return {"api": API_VERSION, "share": _share(row)}

    @app.get("/v1/homes/{home_id}/shares", response_model=SharesOut, tags=["provider", "moderator"],
             responses=responses(401, 403, 404))
    def list_shares(home_id: str, request: Request, who: Principal = Depends(principal)):
        who.require("provider", "moderator")
        who.require_home(home_id)
        s = service_of(request)
        with s.db.read() as conn:
            if admin.get_home(conn, home_id) is None:
                raise not_found("There is no care home with that id.")
            rows = conn.execute("SELECT * FROM shares WHERE home_id = ? ORDER BY at, rowid", (home_id,)).fetchall()
        return {"api": API_VERSION, "shares": [_share(r) for r in rows]}

    @app.get("/v1/homes/{home_id}/devices", response_model=DevicesOut, tags=["provider", "moderator"],
             responses=responses(401, 403, 404))
    def home_devices(home_id: str, request: Request, who: Principal = Depends(principal)):
        """The home's devices and when each was last heard from (for the notifier's not-synced text)."""
        who.require("provider", "moderator")
        who.require_home(home_id)
        s = service_of(request)
        with s.db.read() as conn:
            if admin.get_home(conn, home_id) is None:
                raise not_found("There is no care home with that id.")
            rows = conn.execute(
                "SELECT d.device_id, d.label, d.enrolled_at, d.last_seen_at, MAX(s.received_at) AS last_received_at,"
                " COUNT(s.uuid) AS n FROM devices d LEFT JOIN stories s ON s.device_id = d.device_id"
                " WHERE d.home_id = ? GROUP BY d.device_id ORDER BY d.enrolled_at, d.device_id", (home_id,)).fetchall()
        return {"api": API_VERSION, "home_id": home_id, "devices": [
            {"device_id": r["device_id"], "label": r["label"], "enrolled_at": r["enrolled_at"],
             "last_seen_at": r["last_seen_at"], "last_received_at": r["last_received_at"],
             "stories_received": r["n"]} for r in rows]}

    return tracker
