"""docs/openapi.json is what the live app serves: regenerate with
``carekiosk serve --print-openapi > docs/openapi.json``."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from sync.server.app import create_app, openapi_text

DOC = Path(__file__).resolve().parents[3] / "docs" / "openapi.json"


def test_committed_openapi_matches_the_app(tmp_path):
    assert DOC.read_text(encoding="utf-8") == openapi_text(), (
        "docs/openapi.json is out of date; run: carekiosk serve --print-openapi > docs/openapi.json")
    served = TestClient(create_app(tmp_path / "svc")).get("/v1/openapi.json").json()
    assert served == json.loads(DOC.read_text(encoding="utf-8"))


def test_openapi_covers_the_contract():
    paths = json.loads(DOC.read_text(encoding="utf-8"))["paths"]
    for path, method in [("/v1/enrol", "post"), ("/v1/stories", "post"), ("/v1/devices/{device_id}/integrity", "get"),
                         ("/v1/homes/{home_id}/events", "get"), ("/v1/moderation/stories", "get"),
                         ("/v1/moderation/stories/{uuid}", "get"), ("/v1/moderation/stories/{uuid}/decision", "post"),
                         ("/v1/moderation/stories/{uuid}/updates", "post"), ("/v1/provider/stories", "get"),
                         ("/v1/provider/stories/{uuid}/decision", "post"),
                         ("/v1/provider/stories/{uuid}/responses", "post"), ("/v1/public/opinions", "get"),
                         ("/v1/public/opinions/{opinion_id}", "get"), ("/v1/health", "get")]:
        assert method in paths[path], (method, path)
