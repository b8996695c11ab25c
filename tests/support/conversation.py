"""A home's year of stories through the real service (in process, injected clock): the conversation
of Care Opinion for adult social care, with three organisations speaking.

    life = whole_life(tmp_path / "service")
    life.client.get(f"/v1/public/homes/{life.home_id}/transparency")

Rose House has a provider (Rose House Care Ltd), a commissioner (Powys County Council), a regulator
(Care Inspectorate Wales) and Healthwatch; Elm House, elsewhere, only its provider. Over the year:

- story A (strongly critical) goes to the provider, who asks for a review; the moderator publishes
  it; the provider replies with a change planned, the council replies, the provider follows up with
  the change made, Healthwatch replies, and the moderator posts the author's update;
- story B (severely critical) is restricted; the regulator reads it and comments in public;
- story C is rejected, D withheld for safeguarding, E lapses after 72 hours, F goes ahead at once,
  and a monthly trickle of mildly critical stories goes ahead and gets replies.

Every step goes through the HTTP API with the keys each organisation holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from fastapi.testclient import TestClient

from sync.server.app import create_app
from tests.support.clock import Clock
from tests.support.service import add_home, enrol_code, make_submissions, moderator_key, provider_key, public_interest_key

START = datetime(2025, 1, 6, 9, 0, tzinfo=timezone.utc)
CRITICAL_TEXT = "At night nobody came when my father rang his bell, and he was left wet until morning."
RESTRICTED_TEXT = "The night nurse on the top floor shouted at my mother and called her a nuisance."
REJECTED_TEXT = "This is about a hospital, not the home; the words name a doctor."
WITHHELD_TEXT = "My aunt has bruises on her arms that nobody can explain."


@dataclass
class Life:
    client: TestClient
    app: object
    data_dir: Path
    clock: Clock
    home_id: str
    other_home_id: str
    keys: dict[str, str]  # moderator, provider, commissioner, regulator, healthwatch, other_provider, device
    stories: dict[str, dict] = field(default_factory=dict)  # A..F and trickle-N -> the submission

    def h(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[who]}"}

    def post(self, path: str, who: str, body: dict, expect: int = 200) -> dict:
        r = self.client.post(path, json=body, headers=self.h(who))
        assert r.status_code == expect, (path, r.status_code, r.text)
        return r.json()

    def decide(self, key: str, action: str, **kw) -> dict:
        return self.post(f"/v1/moderation/stories/{self.stories[key]['uuid']}/decision", "moderator",
                         {"action": action, **kw})

    def provider(self, key: str, decision: str) -> dict:
        return self.post(f"/v1/organisation/stories/{self.stories[key]['uuid']}/decision", "provider",
                         {"decision": decision})

    def respond(self, key: str, who: str, body: str, name: str, role: str, *, change: str | None = None,
                what: str | None = None, comment: bool = False) -> dict:
        doc = {"body": body, "responder_name": name, "responder_role": role}
        if change:
            doc.update(change=change, change_description=what)
        kind = "comments" if comment else "responses"
        return self.post(f"/v1/organisation/stories/{self.stories[key]['uuid']}/{kind}", who, doc, expect=201)

    def send(self, subs: list[dict]) -> None:
        r = self.client.post("/v1/stories", json={"stories": subs}, headers=self.h("device"))
        assert [x["result"] for x in r.json()["results"]] == ["accepted"] * len(subs), r.text

    def close(self) -> None:
        self.client.close()
        self.app.state.service.db.close()


def _story(text: str, title: str, role: str = "relative", feelings=("worried",), tags=("care",)) -> dict:
    return {"text": text, "author_role": role, "title": title, "tags": list(tags), "feelings": list(feelings),
            "rating": 2, "contact": None, "language": "en", "prompts": {"shown": 0, "accepted": 0, "declined": 0},
            "route": "kiosk"}


def whole_life(data_dir: Path, *, trickle: int = 8) -> Life:
    clock = Clock(START)
    app = create_app(data_dir, clock=clock)
    client = TestClient(app)
    home = add_home(data_dir, "Rose House")
    other = add_home(data_dir, "Elm House")
    r = client.post("/v1/enrol", json={"code": enrol_code(data_dir, home), "device_id": "dev-rose"})
    assert r.status_code == 201, r.text
    device = r.json()
    keys = {"moderator": moderator_key(data_dir), "provider": provider_key(data_dir, home),
            "other_provider": provider_key(data_dir, other), "device": device["device_token"],
            "commissioner": public_interest_key(data_dir, "Powys County Council", "commissioner", home,
                                                phone="+447700900301"),
            "regulator": public_interest_key(data_dir, "Care Inspectorate Wales", "regulator", home,
                                             phone="+447700900302"),
            "healthwatch": public_interest_key(data_dir, "Healthwatch Powys", "healthwatch", home)}
    life = Life(client, app, data_dir, clock, home, other, keys)
    from sync.server.db import Database, database_target
    from sync.server.domain import organisations

    with Database(database_target(data_dir)) as db, db.transaction() as conn:  # the provider's proper name
        org = client.get("/v1/organisation/me", headers=life.h("provider")).json()["organisation"]["id"]
        organisations.change(conn, org, name="Rose House Care Ltd")
    specs = [("A", _story(CRITICAL_TEXT, "Left wet all night")),
             ("B", _story(RESTRICTED_TEXT, "Shouted at", feelings=("angry",))),
             ("C", _story(REJECTED_TEXT, "Not here")),
             ("D", _story(WITHHELD_TEXT, "Bruises", feelings=("worried", "sad"))),
             ("E", _story("The garden is lovely now.", "Garden", feelings=("happy",), tags=("building",))),
             ("F", _story("The cook makes my favourite soup on Fridays.", "Soup", feelings=("grateful",),
                          tags=("food",)))]
    subs = make_submissions(device["service_public_key"], "dev-rose", len(specs), stories=[s for _, s in specs])
    for (name, _), sub in zip(specs, subs):
        life.stories[name] = sub
    life.send(subs)

    # A: strongly critical; the provider asks for a review; published after it; three organisations speak
    clock.advance(days=1)
    life.decide("A", "publish", criticality=4)
    clock.advance(hours=5)
    life.provider("A", "request_review")
    clock.advance(days=1)
    life.decide("A", "publish", criticality=4)
    clock.advance(days=1)
    life.respond("A", "provider", "We are very sorry. We are adding a second night carer on the top floor.",
                 "Sam Jones", "Home manager", change="planned", what="A second night carer on the top floor")
    clock.advance(days=1)
    life.respond("A", "commissioner", "The council has asked the home for its night staffing plan.", "Priya Shah",
                 "Quality officer")
    clock.advance(days=20)
    life.respond("A", "provider", "The second night carer started this week.", "Sam Jones", "Home manager",
                 change="made", what="A second night carer on the top floor")
    clock.advance(days=2)
    life.respond("A", "healthwatch", "Healthwatch will ask residents about nights when we visit in spring.",
                 "Lee Wong", "Engagement officer")
    life.post(f"/v1/moderation/stories/{life.stories['A']['uuid']}/updates", "moderator",
              {"body": "Things are better at night now. Thank you."}, expect=201)
    # B: severely critical, restricted; the regulator reads it and comments
    clock.advance(days=3)
    life.decide("B", "restrict", criticality=5, reason="It names a member of staff in a way that could identify "
                                                      "them; the regulator can read it.")
    clock.advance(days=1)
    life.respond("B", "regulator", "We have read this story and are following it up with the home.", "Jo Evans",
                 "Inspector", comment=True)
    # C rejected, D withheld, E lapses, F goes ahead
    life.decide("C", "reject", reason="Not about this home.")
    life.decide("D", "withhold", level="serious")
    life.decide("E", "publish", criticality=0)
    clock.advance(hours=73)
    life.decide("F", "publish", criticality=1)
    life.provider("F", "go_ahead")
    life.respond("F", "provider", "Thank you! We will tell the cook.", "Sam Jones", "Home manager")
    # a monthly trickle from the kiosk: mildly critical, goes ahead, the home replies within days
    for i in range(trickle):
        clock.advance(days=30)
        name = f"trickle-{i}"
        last = subs[-1]
        [sub] = make_submissions(device["service_public_key"], "dev-rose", 1, start_seq=last["seq"] + 1,
                                 prev_hash=last["chain_hash"], stories=[_story(
                                     f"Story number {i}: the tea was late again.", f"Tea {i}", tags=("food",))])
        subs.append(sub)
        life.stories[name] = sub
        life.send([sub])
        clock.advance(days=1)
        life.decide(name, "publish", criticality=2)
        life.provider(name, "go_ahead")
        clock.advance(days=2 + i % 3)
        life.respond(name, "provider", "Sorry the tea was late; we have moved the tea round to three o'clock.",
                     "Ann Lee", "Senior carer", **({"change": "made", "what": "Tea round at three o'clock"}
                                                    if i == 0 else {}))
    clock.advance(days=1)
    return life
