"""``POST /v1/stories``: a device sends a batch of sealed stories; one result per story."""

from __future__ import annotations

from fastapi import APIRouter

from .. import API_VERSION
from ..deps import EnrolledDevice, ServiceDep
from ..models import StoriesIn, StoriesOut
from .responses import errors

router = APIRouter(prefix="/v1")


@router.post("/stories", response_model=StoriesOut, response_model_exclude_none=True, tags=["device"],
             responses=errors(401, 403, 413, 422))
def submit(body: StoriesIn, who: EnrolledDevice, s: ServiceDep):
    return {"api": API_VERSION, "results": s.submit(who, body.stories)}
