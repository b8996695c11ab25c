"""Closing the loop by text, against the real service (``carekiosk serve`` on 127.0.0.1) with requests
signed by Twilio's own RequestValidator: every inbound text handled exactly once, a GO/REVIEW/REPLY
never reaching a story other than the one named, references unique within a home across kiosks,
REPLY/ATEB held for the moderator and posted as the home's organisation, and one short answer in the
home's language for every wrong case."""

from __future__ import annotations

import itertools
import uuid as uuidlib
from collections import Counter
from xml.etree import ElementTree

import httpx
import pytest
from click.testing import CliRunner
from twilio.request_validator import RequestValidator

from kiosk.cli import main
from print_notices.sms import gsm7
from sync import chain, refs
from sync.profile import open_store
from sync.runner import EXIT_OK, run_sync
from sync.server.clock import utcnow
from sync.server.db import Database, database_target
from sync.server.domain import auth, text_replies
from sync.server.routes import sms as sms_webhook
from tests.support.service import make_submissions, running_service

# The text answers do not depend on the database, and the module shares one running service (module
# scope), which the per-test PostgreSQL database would not reach: these run on SQLite.
pytestmark = [pytest.mark.slow, pytest.mark.sqlite_only]

TOKEN = "live-auth-token-9f8e"
MANAGER = "+447700900123"
WELSH_MANAGER = "+447700900456"
OTHER_MANAGER = "+447700900789"
_SIDS = itertools.count(1)


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    with running_service(tmp_path_factory.mktemp("service"), env={sms_webhook.TOKEN_ENV: TOKEN}) as svc:
        yield svc


class Home:
    """A home on the live service with one kiosk (enrolled with reference slots), keys to decide."""

    def __init__(self, svc, name: str, phone: str, language: str = "en", provider_name: str | None = None):
        self.svc = svc
        self.id = svc.add_home(name, manager_phone=phone, language=language)
        self.phone = phone
        self.device_id = f"dev-{uuidlib.uuid4().hex[:10]}"
        doc = svc.enrol(svc.enrol_code(self.id), self.device_id, ref_slots=True)
        self.slot = doc["ref_slot"]
        self.device = {"Authorization": f"Bearer {doc['device_token']}"}
        self.mod = {"Authorization": f"Bearer {svc.moderator_key()}"}
        with Database(database_target(svc.data_dir, svc.database_url)) as db, db.transaction() as conn:
            made = auth.provider_key(conn, [self.id], now=utcnow(), name=provider_name)
        self.prov = {"Authorization": f"Bearer {made.key}"}
        self.seq = 0
        self.prev = chain.GENESIS

    def submit(self, count: int = 1, uuids: list[str] | None = None) -> list[dict]:
        subs = make_submissions(self.svc.public_key, self.device_id, count, start_seq=self.seq + 1,
                                prev_hash=self.prev, ref_slot=self.slot)
        self.seq += count
        self.prev = subs[-1]["chain_hash"]
        r = httpx.post(self.svc.url + "/v1/stories", json={"stories": subs}, headers=self.device, timeout=30)
        assert r.status_code == 200, r.text
        assert [x["result"] for x in r.json()["results"]] == ["accepted"] * count, r.text
        return subs

    def awaiting(self) -> dict:
        sub = self.submit()[0]
        r = httpx.post(f"{self.svc.url}/v1/moderation/stories/{sub['uuid']}/decision",
                       json={"action": "publish", "criticality": 1}, headers=self.mod, timeout=10)
        assert r.status_code == 200 and r.json()["status"] == "awaiting_provider", r.text
        return sub

    def published(self) -> dict:
        sub = self.awaiting()
        r = httpx.post(f"{self.svc.url}/v1/provider/stories/{sub['uuid']}/decision", json={"decision": "go_ahead"},
                       headers=self.prov, timeout=10)
        assert r.status_code == 200, r.text
        return sub

    def status(self, uuid: str) -> str:
        """Read straight from the service's database (the moderator's GET would open the story)."""
        return next(r["status"] for r in self.svc.story_rows() if r["uuid"] == uuid)


def text(svc, frm: str, body: str, sid: str | None = None) -> str:
    """Twilio posting one inbound text, signed over the service's address; returns the <Message>."""
    params = {"MessageSid": sid or f"SM{next(_SIDS):032d}", "AccountSid": "AC" + "0" * 32, "From": frm,
              "To": "+447700900000", "Body": body}
    url = svc.url + sms_webhook.INBOUND_PATH
    signature = RequestValidator(TOKEN).compute_signature(url, params)
    r = httpx.post(url, data=params, headers={"X-Twilio-Signature": signature}, timeout=10)
    assert r.status_code == 200, r.text
    found = ElementTree.fromstring(r.text).find("Message")
    return "" if found is None else (found.text or "")


def one_segment(answer: str) -> str:
    assert answer and gsm7.is_gsm7(answer) and gsm7.segments(answer) == 1, answer
    return answer


def held(svc, mod, status: str = "held") -> list[dict]:
    r = httpx.get(svc.url + "/v1/moderation/replies", params={"status": status}, headers=mod, timeout=10)
    assert r.status_code == 200, r.text
    return r.json()["replies"]


def events(svc, home: Home) -> list[dict]:
    r = httpx.get(f"{svc.url}/v1/homes/{home.id}/events", params={"after": 0}, headers=home.device, timeout=10)
    return r.json()["events"]


def test_a_replayed_go_answers_as_the_first_time_and_never_touches_another_story(service):
    home = Home(service, "Replay House", "+447700900201")
    first = home.awaiting()
    answer = one_segment(text(service, home.phone, f"GO {first['ref']}", sid="SMreplay1"))
    assert f"Story {first['ref']}: go ahead recorded" in answer
    second = home.awaiting()
    for _ in range(3):  # Twilio's retries, or an attacker replaying the signed request
        assert text(service, home.phone, f"GO {first['ref']}", sid="SMreplay1") == answer
    assert (home.status(first["uuid"]), home.status(second["uuid"])) == ("published", "awaiting_provider")
    # the same words in a new message: already done, and still nothing else changes
    assert "already recorded" in one_segment(text(service, home.phone, f"GO {first['ref']}"))
    assert home.status(second["uuid"]) == "awaiting_provider"
    # a message id answered before the service restarted is still remembered
    service.kill()
    service.start()
    assert text(service, home.phone, f"GO {first['ref']}", sid="SMreplay1") == answer
    published = [e for e in events(service, home) if e["type"] == "published"]
    assert [e["story_uuid"] for e in published] == [first["uuid"]]


def test_a_late_go_or_review_changes_nothing(service):
    home = Home(service, "Late House", "+447700900202")
    sub = home.awaiting()
    assert "review requested" in text(service, home.phone, f"REVIEW {sub['ref']}")
    assert home.status(sub["uuid"]) == "in_moderation"
    late = one_segment(text(service, home.phone, f"GO {sub['ref']}"))
    assert "not waiting for your decision" in late and home.status(sub["uuid"]) == "in_moderation"


def test_a_reference_two_old_kiosks_share_is_never_acted_on(service):
    """Kiosks enrolled before slots can share a code: the answer is 'answer online', nothing moves."""
    home_id = service.add_home("Old Kiosks House", manager_phone="+447700900203")
    mod = {"Authorization": f"Bearer {service.moderator_key()}"}
    made = []
    for n in range(2):
        device_id = f"old-{n}-{uuidlib.uuid4().hex[:6]}"
        token = service.enrol(service.enrol_code(home_id), device_id)["device_token"]  # no slot asked for
        sub = make_submissions(service.public_key, device_id, 1)[0]
        if made:  # the second kiosk happens to draw the first one's code
            while True:
                candidate = str(uuidlib.uuid4())
                if chain.reference_code(candidate) == made[0]["ref"]:
                    break
            sub = make_submissions(service.public_key, device_id, 1, uuids=[candidate])[0]
        r = httpx.post(service.url + "/v1/stories", json={"stories": [sub]},
                       headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert r.json()["results"][0]["result"] == "accepted"
        assert httpx.post(f"{service.url}/v1/moderation/stories/{sub['uuid']}/decision",
                          json={"action": "publish", "criticality": 0}, headers=mod).status_code == 200
        made.append(sub)
    assert made[0]["ref"] == made[1]["ref"]
    answer = one_segment(text(service, "+447700900203", f"GO {made[0]['ref']}"))
    assert "More than one story" in answer
    rows = {r["uuid"]: r["status"] for r in service.story_rows() if r["home_id"] == home_id}
    assert set(rows.values()) == {"awaiting_provider"}


def test_reply_long_concatenated_is_held_posted_as_the_organisation_and_confirmed(service):
    home = Home(service, "Reply House", MANAGER, provider_name="Bright Care Ltd")
    sub = home.published()
    # a long text arrives from Twilio as one Body (its parts joined), with line breaks kept
    words = " ".join(f"Part {i}: we have moved the tea round earlier and asked the cook to check the menu."
                     for i in range(18))
    assert len(words) > 1400
    body = f"reply {sub['ref']}: {words[:700]}\n{words[700:]}"
    answer = one_segment(text(service, home.phone, body, sid="SMlongreply"))
    assert answer == text_replies.answer("reply_held", "en", ref=sub["ref"])
    assert text(service, home.phone, body, sid="SMlongreply") == answer  # a replay holds nothing more
    mine = [h for h in held(service, home.mod) if h["story_uuid"] == sub["uuid"]]
    assert len(mine) == 1 and mine[0]["body"] == " ".join(words.split()) and mine[0]["ref"] == sub["ref"]
    # nothing public before the moderator posts it
    public = httpx.get(f"{service.url}/v1/public/opinions", params={"home_id": home.id}).json()
    assert all(not op.get("responses") for op in public.get("opinions", []))
    r = httpx.post(f"{service.url}/v1/moderation/replies/{mine[0]['id']}", json={"action": "post"},
                   headers=home.mod, timeout=10)
    assert r.status_code == 200 and r.json()["reply"]["status"] == "posted", r.text
    again = httpx.post(f"{service.url}/v1/moderation/replies/{mine[0]['id']}", json={"action": "post"},
                       headers=home.mod, timeout=10)
    assert again.status_code == 409
    posted = [e for e in events(service, home) if e["type"] == "response_posted"]
    assert len(posted) == 1 and posted[0]["data"]["via"] == "text" and posted[0]["ref"] == sub["ref"]
    assert posted[0]["data"]["organisation"]["name"] == "Bright Care Ltd"
    assert posted[0]["data"]["body"] == " ".join(words.split())
    # a provider key cannot see or post held replies
    assert httpx.get(service.url + "/v1/moderation/replies", headers=home.prov).status_code == 403


def test_every_wrong_case_gets_one_short_answer_in_the_homes_language(service):
    en = Home(service, "Plain House", "+447700900204")
    cy = Home(service, "Tŷ Gwyn", WELSH_MANAGER, language="cy")
    other = Home(service, "Far House", OTHER_MANAGER)
    received = en.submit()[0]
    theirs = other.published()
    cy_received = cy.submit()[0]
    cases = [
        (en, "GO 99999999", "unknown", "99999999"),
        (en, f"REPLY {received['ref']} thank you", "not_public", received["ref"]),
        (en, f"REPLY {theirs['ref']} we are sorry", "unknown", theirs["ref"]),  # another home's: as unknown
        (en, f"GO {theirs['ref']}", "unknown", theirs["ref"]),
        (en, "REPLY thank you for this", "reply_no_ref", ""),
        (en, "what is this", "help", ""),
        (cy, f"ATEB {cy_received['ref']} diolch", "not_public", cy_received["ref"]),
        (cy, "ATEB 99999999 diolch", "unknown", "99999999"),
        (cy, "beth yw hwn", "help", ""),
    ]
    for home, body, kind, ref in cases:
        answer = one_segment(text(service, home.phone, body))
        lang = "cy" if home is cy else "en"
        assert answer == text_replies.answer(kind, lang, ref=ref), (body, answer)
    # a published Welsh story: ATEB and REPLY both work, the answer is Welsh and names ATEB
    sub = cy.published()
    empty = one_segment(text(service, cy.phone, f"ATEB {sub['ref']}"))
    assert empty == text_replies.answer("reply_empty", "cy", ref=sub["ref"]) and "ATEB" in empty
    assert "REPLY" not in empty and empty != text_replies.answer("reply_empty", "en", ref=sub["ref"])
    for keyword in ("ATEB", "reply"):
        assert one_segment(text(service, cy.phone, f"{keyword} {sub['ref']} Diolch am ddweud wrthym.")) == \
            text_replies.answer("reply_held", "cy", ref=sub["ref"])
    # nothing changed anywhere, and no story words in any answer
    assert en.status(received["uuid"]) == "received" and other.status(theirs["uuid"]) == "published"
    assert not [h for h in held(service, en.mod) if h["story_uuid"] in (theirs["uuid"], received["uuid"])]


def test_an_unknown_number_or_a_text_without_a_message_id_learns_nothing(service):
    home = Home(service, "Quiet House", "+447700900205")
    sub = home.awaiting()
    assert text(service, "+447700900999", f"GO {sub['ref']}") == ""
    url = service.url + sms_webhook.INBOUND_PATH
    params = {"From": home.phone, "Body": f"GO {sub['ref']}"}
    r = httpx.post(url, data=params, headers={"X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(
        url, params)}, timeout=10)
    assert r.status_code == 200 and "<Message>" not in r.text
    assert home.status(sub["uuid"]) == "awaiting_provider"


def test_two_kiosks_in_one_home_never_hand_out_the_same_reference(service, tmp_path, monkeypatch):
    """Two real kiosk stores, enrolled with `carekiosk enrol`, write hundreds of stories each while
    offline, then sync: every reference is in the kiosk's own slot and none is shared in the home."""
    home_id = service.add_home("Two Kiosks House", manager_phone="+447700900206")
    kiosks = []
    for n in range(2):
        folder = tmp_path / f"kiosk-{n}"
        folder.mkdir()
        monkeypatch.setenv("CAREKIOSK_HOME", str(folder))
        result = CliRunner().invoke(main, ["enrol", "--server", service.url, "--code", service.enrol_code(home_id),
                                           "--json"])
        assert result.exit_code == 0, result.output
        (folder / "carekiosk.toml").write_text("[sync]\nbatch_size = 100\nbackoff_base = 0.02\nbackoff_cap = 0.2\n")
        store = open_store()
        kiosks.append((folder, store))
    from sync.story import Story

    slots = []
    for folder, store in kiosks:  # offline: each hands out its codes with no word from the other
        slot = store.conn.execute("SELECT ref_slot FROM device").fetchone()[0]
        slots.append(slot)
        shown = [store.new_story_id() for _ in range(30)]  # shown before Send, then sent
        store.add_stories([Story(text=f"Kiosk {slot} story {i}.", author_role="resident") for i in range(30)],
                          story_uuids=[u for u, _ in shown])
        store.add_stories([Story(text=f"Kiosk {slot} story {i}.", author_role="relative") for i in range(500)])
    assert sorted(slots) == [0, 1]
    for folder, store in kiosks:
        monkeypatch.setenv("CAREKIOSK_HOME", str(folder))
        assert run_sync(store).exit_code == EXIT_OK
        store.close()
    rows = [r for r in service.story_rows() if r["home_id"] == home_id]
    assert len(rows) == 1060
    by_ref = Counter(r["ref"] for r in rows)
    assert by_ref.most_common(1)[0][1] == 1, "two stories of one home share a reference"
    lengths = Counter(len(r["ref"]) for r in rows)
    assert lengths == {4: 1000, 6: 60}  # 500 four-digit codes per kiosk (half its slot), then six digits
    device_slot = {}
    for r in rows:
        device_slot.setdefault(r["device_id"], set()).add(int(r["ref"]) % refs.SLOTS)
    assert sorted(len(s) for s in device_slot.values()) == [1, 1]
    assert {next(iter(s)) for s in device_slot.values()} == {0, 1}


def test_the_service_refuses_a_reference_outside_the_devices_slot_and_keeps_it_on_reenrolment(service):
    home = Home(service, "Slot House", "+447700900207")
    sub = make_submissions(service.public_key, home.device_id, 1, ref_slot=(home.slot + 1) % refs.SLOTS)
    r = httpx.post(service.url + "/v1/stories", json={"stories": sub}, headers=home.device, timeout=10)
    assert r.json()["results"][0]["result"] == "invalid"
    assert "reference digit" in r.json()["results"][0]["reason"]
    second = service.enrol(service.enrol_code(home.id), "dev-second-" + uuidlib.uuid4().hex[:6], ref_slots=True)
    assert second["ref_slot"] == home.slot + 1
    again = httpx.post(service.url + "/v1/enrol", json={"code": service.enrol_code(home.id), "device_id": home.device_id,
                                                        "ref_slots": True}, headers=home.device, timeout=10)
    assert again.status_code == 201 and again.json()["ref_slot"] == home.slot


def test_a_home_has_at_most_ten_kiosks(service):
    home_id = service.add_home("Busy House", manager_phone="+447700900208")
    got = [service.enrol(service.enrol_code(home_id), f"busy-{n}-{uuidlib.uuid4().hex[:6]}",
                         ref_slots=True)["ref_slot"] for n in range(refs.SLOTS)]
    assert got == list(range(refs.SLOTS))
    r = httpx.post(service.url + "/v1/enrol", json={"code": service.enrol_code(home_id), "device_id": "busy-11",
                                                    "ref_slots": True}, timeout=10)
    assert r.status_code == 409 and "10 kiosks" in r.json()["error"]
