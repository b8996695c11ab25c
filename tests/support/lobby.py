"""A home's public conversation made by the real service (in-process app over a real SQLite folder)
and synced into a real kiosk store through its own event handling (``sync.outcomes.apply_events``):
what the "you said, we did" board and "Read the reply to my story" read.

    refs = published_conversation(tmp_path / "service", store)
    refs["changed"]    # published, the home replied and made a change
    refs["replied"]    # published, the home replied (no change)
    refs["unanswered"] # published, no reply
    refs["restricted"] # restricted: its text never reaches the device
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from sync import outcomes
from sync.server.app import create_app
from tests.support.service import add_home, enrol_code, make_submissions, moderator_key, provider_key

TEXTS = {
    "changed": ("Cold tea", "The tea in the afternoon is always cold by the time it reaches the lounge."),
    "replied": ("Lovely garden", "The garden is lovely and the new benches are very comfortable."),
    "unanswered": ("Night noise", "It is noisy at night when the doors bang."),
    "restricted": ("About a carer", "RESTRICTED WORDS that must never reach the kiosk."),
}
REPLIES = {
    "changed": dict(body="Thank you. We now bring the tea round in flasks.", responder_name="Sam Jones",
                    responder_role="Home manager", change="made", change_description="Tea comes in flasks"),
    "replied": dict(body="Thank you for telling us, we are glad you like them.", responder_name="Sam Jones",
                    responder_role="Home manager"),
}


def published_conversation(data_dir: Path, store, *, home_name: str = "Rose House",
                           enrol: bool = True) -> dict[str, Any]:
    """With ``enrol``, the store is enrolled as the home's kiosk (the service is not left running: its
    address is a closed port, so a background sync finds nobody)."""
    app = create_app(data_dir)
    client = TestClient(app)
    try:
        home = add_home(data_dir, home_name)
        r = client.post("/v1/enrol", json={"code": enrol_code(data_dir, home), "device_id": "lobby-dev-1"})
        doc = r.json()
        dev = {"Authorization": f"Bearer {doc['device_token']}"}
        mod = {"Authorization": f"Bearer {moderator_key(data_dir)}"}
        prov = {"Authorization": f"Bearer {provider_key(data_dir, home)}"}
        subs = make_submissions(doc["service_public_key"], "lobby-dev-1", len(TEXTS))
        assert client.post("/v1/stories", json={"stories": subs}, headers=dev).status_code == 200
        refs: dict[str, Any] = {}
        for sub, (key, (title, body)) in zip(subs, TEXTS.items()):
            refs[key] = sub["ref"]
            if key == "restricted":
                r = client.post(f"/v1/moderation/stories/{sub['uuid']}/decision", headers=mod,
                                json={"action": "restrict", "criticality": 3, "reason": "It names a member of staff."})
                assert r.status_code == 200, r.text
                continue
            r = client.post(f"/v1/moderation/stories/{sub['uuid']}/decision", headers=mod,
                            json={"action": "publish", "criticality": 1, "title": title, "body": body})
            assert r.status_code == 200, r.text
            r = client.post(f"/v1/provider/stories/{sub['uuid']}/decision", json={"decision": "go_ahead"},
                            headers=prov)
            assert r.status_code == 200, r.text
            if key in REPLIES:
                r = client.post(f"/v1/provider/stories/{sub['uuid']}/responses", json=REPLIES[key], headers=prov)
                assert r.status_code == 201, r.text
                refs["organisation"] = r.json()["response"]["organisation"]["name"]
        if enrol:
            store.enrol(home_id=home, home_name=home_name, public_key=doc["service_public_key"],
                        server_url="http://127.0.0.1:9", token=doc["device_token"], device_id="lobby-dev-1",
                        may_set_aside=None)
        page = client.get(f"/v1/homes/{home}/events", params={"after": 0}, headers=dev).json()
        outcomes.apply_events(store, page["events"], page.get("next_cursor"))
        return refs
    finally:
        client.close()
        app.state.service.db.close()
