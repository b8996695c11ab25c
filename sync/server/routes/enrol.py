"""``POST /v1/enrol``: a kiosk spends a one-time code and gets its device token and its home."""

from __future__ import annotations

from fastapi import APIRouter

from .. import API_VERSION
from ..deps import Credentials, ServiceDep, bearer_token
from ..domain import auth
from ..models import EnrolIn, EnrolOut
from ..queries.homes import get_home, home_public
from .responses import errors

router = APIRouter(prefix="/v1")


@router.post("/enrol", response_model=EnrolOut, status_code=201, tags=["device"], responses=errors(403, 409, 422))
def enrol(body: EnrolIn, s: ServiceDep, creds: Credentials):
    """A device re-enrolling its own id proves itself with its current token (Authorization)."""
    with s.db.transaction() as conn:
        token, home_id = auth.enrol(conn, code=body.code, device_id=body.device_id, label=body.label, now=s.now(),
                                    current_token=bearer_token(creds), ref_slots=body.ref_slots)
        home = home_public(get_home(conn, home_id))
        slot = auth.ref_slot(conn, body.device_id) if body.ref_slots else None
    return {"api": API_VERSION, "device_token": token, "device_id": body.device_id, "home": home,
            "service_public_key": s.keys.public, "ref_slot": slot}
