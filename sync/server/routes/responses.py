"""The error answers each route documents in the OpenAPI (every one is ``{"error": "<sentence>"}``)."""

from __future__ import annotations

from typing import Any

from ..models import ErrorOut

_DESCRIPTIONS = {401: "No token, or an unknown one.", 403: "Wrong role, or another care home.",
                 404: "Not found.", 409: "Not allowed in the story's present state.",
                 413: "The body is larger than 2 MB.", 422: "The request body or parameters are not valid."}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {c: {"model": ErrorOut, "description": _DESCRIPTIONS[c]} for c in codes}
