"""``GET /v1/health``: alive, the service's public key (what devices seal to) and its clock."""

from __future__ import annotations

from fastapi import APIRouter

from .. import API_VERSION
from ..clock import iso
from ..deps import ServiceDep
from ..models import HealthOut

router = APIRouter(prefix="/v1")


@router.get("/health", response_model=HealthOut, tags=["service"])
def health(s: ServiceDep):
    return {"api": API_VERSION, "status": "ok", "service_public_key": s.keys.public, "time": iso(s.now())}
