"""The level report read from a real moderation service's records, through the real API and CLI."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from sync.server.engagement.home_report import level_report
from sync.server.app import create_app
from tests.support.clock import Clock
from tests.support.service import add_home, enrol_code, make_submissions, moderator_key, provider_key


@pytest.fixture
def service(tmp_path):
    data_dir = tmp_path / "service"
    clock = Clock(datetime.now(timezone.utc) - timedelta(days=200))
    app = create_app(data_dir, clock=clock)
    client = TestClient(app)
    home = add_home(data_dir, "Rosewood House")
    doc = client.post("/v1/enrol", json={"code": enrol_code(data_dir, home), "device_id": "dev-1"}).json()
    mod = {"Authorization": f"Bearer {moderator_key(data_dir)}"}
    prov = {"Authorization": f"Bearer {provider_key(data_dir, home)}"}
    dev = {"Authorization": f"Bearer {doc['device_token']}"}
    subs = make_submissions(doc["service_public_key"], "dev-1", 6)
    assert client.post("/v1/stories", json={"stories": subs}, headers=dev).status_code == 200
    responders = [("Joy Mensah", "nurse on the ground floor"), ("Marek Nowak", "senior carer"),
                  ("Ann Lee", "home manager"), ("Joy Mensah", "nurse on the ground floor")]
    for i, sub in enumerate(subs):
        clock.now += timedelta(days=7)
        uuid = sub["uuid"]
        if i == 5:
            assert client.post(f"/v1/moderation/stories/{uuid}/decision", json={"action": "reject",
                               "reason": "About another service."}, headers=mod).status_code == 200
            continue
        assert client.post(f"/v1/moderation/stories/{uuid}/decision", json={"action": "publish", "criticality": 1},
                           headers=mod).status_code == 200
        if i == 4:  # nobody decided: the 72 hours lapse
            clock.now += timedelta(hours=73)
            from tests.support.service import apply_lapses
            apply_lapses(data_dir, clock.now)
        else:
            assert client.post(f"/v1/provider/stories/{uuid}/decision", json={"decision": "go_ahead"},
                               headers=prov).status_code == 200
        if i < 4:
            clock.now += timedelta(days=2)
            name, role = responders[i]
            r = client.post(f"/v1/provider/stories/{uuid}/responses", headers=prov, json={
                "body": "Thank you for telling us.", "responder_name": name, "responder_role": role,
                "change_made": "We now serve tea at three." if i < 2 else None})
            assert r.status_code == 201, r.text
    yield data_dir, home
    client.close()
    app.state.service.db.close()


def test_figures_come_from_the_service_records(service):
    data_dir, home = service
    report = level_report(data_dir, home)
    f = report.figures
    assert f["stories_received"] == 6 and f["by_route"] == {"kiosk": 6}
    assert f["provider_decisions"] == {"go_ahead": 4, "request_review": 0, "lapsed": 1}
    assert f["share_published_with_response"] == pytest.approx(4 / 5)
    assert f["median_days_to_first_response"] == pytest.approx(2.0, abs=0.01)
    assert f["distinct_responders"] == 3 and f["changes_logged"] == 2
    assert f["share_rejected"] == pytest.approx(1 / 6)
    assert report.level == 3  # replies and lets stories go, but has not said it invites feedback
    assert [r.id for r in report.holding_back] == ["invites_feedback"]


def test_cli_assess_then_level_json_and_pdf(service, carekiosk_cmd, tmp_path):
    data_dir, home = service
    base = [*carekiosk_cmd, "level"]
    bad = subprocess.run([*base, "assess", home, "--answer", "team_meetings=maybe", "--data-dir", str(data_dir)],
                         capture_output=True, text=True)
    assert bad.returncode != 0 and "yes, partly or no" in bad.stderr
    ok = subprocess.run([*base, "assess", home, "--answer", "invites_feedback=yes", "--data-dir", str(data_dir)],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    pdf = tmp_path / "level.pdf"
    out = subprocess.run([*base, home, "--json", "--pdf", str(pdf), "--data-dir", str(data_dir)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["level"] == 5 and doc["home_name"] == "Rosewood House"
    assert {r["id"] for r in doc["holding_back"]} == {"staff_alerts", "team_meetings"}
    assert len(doc["next_steps"]) == 3
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    assert "level 5 of 9" in text and "Initial commitment" in text and "Not yet" in text
    missing = subprocess.run([*base, "home_nope", "--data-dir", str(data_dir)], capture_output=True, text=True)
    assert missing.returncode != 0 and "no home with id home_nope" in missing.stderr
