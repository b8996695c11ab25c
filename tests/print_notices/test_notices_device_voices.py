"""The kiosk's own copy of the public record keeps every voice: events from the service (a
provider's response with a change planned, a commissioner's reply, a regulator's comment on a
restricted story) land in the device store with who spoke, and the notices it prints name them."""

from __future__ import annotations

from datetime import datetime, timezone

from pypdf import PdfReader

from print_notices import content, digest, story_notice
from sync.outcomes import apply_events
from sync.paths import Paths
from sync.profile import open_store
from sync.seal import generate_keypair

NOW = datetime(2025, 3, 10, 12, tzinfo=timezone.utc)


def _event(n: int, type_: str, uuid: str, ref: str, data: dict) -> dict:
    return {"id": f"ev_{n}", "cursor": n, "type": type_, "at": "2025-03-08T09:00:00+00:00", "home_id": "home-1",
            "story_uuid": uuid, "ref": ref, "data": data}


def _voice(story_id: str, response_id: str, kind: str, org: str | None, name: str, body: str, at: str,
           change: str | None = None, what: str | None = None) -> dict:
    return {"story_id": story_id, "response_id": response_id, "body": body, "responder_name": name,
            "responder_role": "Officer", "responder_kind": kind,
            "organisation": {"id": "org_x", "name": org, "kind": kind} if org else None, "change": change,
            "change_description": what, "change_made": what if change == "made" else None, "posted_at": at}


def test_events_keep_who_spoke_and_the_notices_name_them(ck_home, tmp_path):
    paths = Paths.from_env()
    with open_store(paths) as store:
        store.enrol(home_id="home-1", home_name="Bryn Awel", public_key=generate_keypair()[0],
                    server_url="http://127.0.0.1:1", token="t")
        apply_events(store, [
            _event(1, "published", "u1", "4821", {"story_id": "1001", "title": "Cold nights", "body": "It is cold.",
                                                  "authorRole": "a resident", "tags": ["building"],
                                                  "feelings": ["sad"], "dateOfPublication": "2025-03-08T09:00:00+00:00",
                                                  "criticality": 3}),
            _event(2, "response_posted", "u1", "4821", _voice("1001", "resp_1", "provider", "Bryn Awel Care", "Sam",
                                                              "We will fix the heating.", "2025-03-08T10:00:00+00:00",
                                                              "planned", "New boiler")),
            _event(3, "response_posted", "u1", "4821", _voice("1001", "resp_2", "commissioner", "Powys County Council",
                                                              "Priya", "We will check.", "2025-03-08T11:00:00+00:00")),
            _event(4, "restricted", "u2", "5150", {"reason": "It names a nurse.", "story_id": "1002",
                                                   "title": "This story has been restricted", "criticality": 5}),
            _event(5, "published", "u2b", "5150", {}),  # ignored: no story id
        ], "5")
        apply_events(store, [_event(6, "comment_posted", "u2", "5150", _voice(
            "1002", "resp_3", "regulator", "Care Inspectorate Wales", "Jo", "We are following this up.",
            "2025-03-09T10:00:00+00:00"))], "6")
        rows = store.conn.execute("SELECT response_id, organisation, responder_kind, change, change_made FROM responses"
                                  " ORDER BY response_id").fetchall()
    assert [tuple(r) for r in rows] == [("resp_1", "Bryn Awel Care", "provider", "planned", "New boiler"),
                                        ("resp_2", "Powys County Council", "commissioner", None, None),
                                        ("resp_3", "Care Inspectorate Wales", "regulator", None, None)]
    data = content.load(paths, now=NOW)
    story = data.story("4821")
    assert [(r.organisation, r.kind, r.flag) for r in story.responses] == [
        ("Bryn Awel Care", "provider", "planned"), ("Powys County Council", "commissioner", None)]
    assert data.changes() == [] and [r.change_made for _, r in data.changes("planned")] == ["New boiler"]
    notice = story_notice.render_story_notice(data, "4821", tmp_path / "n.pdf")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(notice).pages).split())
    assert "Bryn Awel Care (care provider)" in text and "Change planned: New boiler" in text
    assert "Powys County Council (commissioner, local authority)" in text
    printed = digest.render_digest(data, tmp_path / "d.pdf", since=datetime(2025, 3, 1, tzinfo=timezone.utc))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(printed).pages).split())
    assert "Replies from the home: 1" in text and "Replies from other organisations: 1" in text
    assert "Care Inspectorate Wales (regulator)" in text and "We are following this up." in text
    assert "criticality" not in text
