"""Transparency: the figures of a real home's year (public API), and the rules, fed histories that
should and should not raise each flag - including a home that is only high beside others."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from sync.server.transparency import rules
from sync.server.transparency.figures import Figures, StoryFacts
from tests.support.conversation import RESTRICTED_TEXT, whole_life

T0 = datetime(2025, 1, 1, tzinfo=timezone.utc)
T1 = datetime(2026, 1, 1, tzinfo=timezone.utc)


def stories(n: int, **kind: int) -> list[StoryFacts]:
    """``n`` stories received in 2025: the first ``restricted`` restricted, then ``review`` sent back for
    review (published after it), ``lapsed`` left to lapse; the rest went ahead."""
    out, i = [], 0
    for field in ("restricted", "review", "lapsed"):
        for _ in range(kind.get(field, 0)):
            at = T0 + timedelta(days=10 + i * 3)
            if field == "restricted":
                out.append(StoryFacts(f"{1000 + i}", at, "restricted", at + timedelta(days=1), reason="Names staff."))
            elif field == "review":
                out.append(StoryFacts(f"{1000 + i}", at, "published", at + timedelta(days=5), at + timedelta(days=5),
                                      review_requested=True))
            else:
                out.append(StoryFacts(f"{1000 + i}", at, "published", at + timedelta(days=4), at + timedelta(days=4),
                                      provider_decision="lapsed"))
            i += 1
    while i < n:
        at = T0 + timedelta(days=10 + i * 3)
        out.append(StoryFacts(f"{1000 + i}", at, "published", at + timedelta(days=2), at + timedelta(days=2),
                              provider_decision="go_ahead", home_replies=(at + timedelta(days=3),)))
        i += 1
    return out


def flags(history: list[StoryFacts], typical: list[StoryFacts] | None = None) -> list[str]:
    from sync.server.transparency.figures import counts_of

    report = Figures(T0, T1, history, history, counts_of(typical) if typical is not None else None).to_dict()
    return [f["rule"] for f in report["flags"]]


@pytest.mark.parametrize("history,typical,raised", [
    # restricted share
    (stories(10, restricted=4), None, ["many_restricted"]),
    (stories(10, restricted=2), None, []),                        # 20%: under the 25% mark
    (stories(3, restricted=2), None, []),                         # too few stories to judge
    (stories(8, restricted=1), None, []),                         # one is never a pattern
    (stories(10, restricted=4), stories(40, restricted=12), []),  # 40% where the others restrict 30%: not unusual
    (stories(10, restricted=4), stories(40, restricted=2), ["many_restricted"]),  # 40% against 5%
    # review requests
    (stories(10, review=4), None, ["many_reviews"]),
    (stories(10, review=2), None, []),
    (stories(10, review=4), stories(30, review=12), []),
    # lapsed decisions (no comparison: letting decisions lapse is never normal)
    (stories(9, lapsed=3), None, ["lets_decisions_lapse"]),
    (stories(9, lapsed=3), stories(30, lapsed=12), ["lets_decisions_lapse"]),
    (stories(10, lapsed=1), None, []),
    (stories(10, lapsed=2), None, []),                            # 20%
    # several at once, and none for a home that lets stories go and answers them
    (stories(12, restricted=4, review=4, lapsed=2), None, ["many_restricted", "many_reviews"]),
    (stories(20), None, []),
    ([], None, []),
])
def test_the_rules_flag_unusual_histories_and_only_those(history, typical, raised):
    assert flags(history, typical) == raised


def test_rules_are_data_with_the_fields_the_judge_reads():
    assert [r["id"] for r in rules.RULES] == ["many_restricted", "many_reviews", "lets_decisions_lapse"]
    for rule in rules.RULES:
        assert set(rule) == {"id", "says", "part", "whole", "at_least", "min_part", "min_whole", "times_typical"}
    # the figures always carry every rule's verdict, raised or not, with the numbers behind it
    report = Figures(T0, T1, stories(10, restricted=4), stories(10, restricted=4), None).to_dict()
    verdict = next(v for v in report["rules"] if v["rule"] == "many_restricted")
    assert (verdict["part"], verdict["whole"], verdict["value"], verdict["raised"]) == (4, 10, 0.4, True)


@pytest.fixture(scope="module")
def life(tmp_path_factory):
    found = whole_life(tmp_path_factory.mktemp("transparency") / "service", trickle=8)
    yield found
    found.close()


def test_a_homes_year_in_figures_on_the_public_api(life):
    doc = life.client.get(f"/v1/public/homes/{life.home_id}/transparency").json()
    t = doc["transparency"]
    assert doc["api"] == "carekiosk/v1" and t["home"]["name"] == "Rose House"
    assert (t["received"], t["published_in_full"], t["restricted"], t["not_published"], t["in_progress"]) == (
        14, 11, 1, 2, 0)
    assert t["review_requests"] == {"total": 1, "published": 1, "restricted": 0, "not_published": 0, "pending": 0}
    assert t["provider_decisions"] == {"total": 11, "go_ahead": 9, "review_requested": 1, "lapsed": 1}
    assert t["lapsed"] == 1
    # the home replied to every published story but the one that lapsed; Healthwatch's reply is not the home's
    assert t["replied_by_home"] == {"part": 10, "whole": 11, "share": 10 / 11}
    assert t["changes"] == {"planned": 1, "made": 2} and t["public_interest_responses"] == 3
    assert t["restricted_stories"][0]["ref"] == life.stories["B"]["ref"]
    assert t["restricted_stories"][0]["reason"].startswith("It names a member of staff")
    assert len(t["months"]) == 12 and sum(m["received"] for m in t["months"]) >= 8
    assert t["flags"] == []  # one home alone, nothing unusual
    assert RESTRICTED_TEXT not in str(doc) and "criticality" not in str(doc)
    assert {b["name"] for b in t["public_interest_bodies"]} == {"Powys County Council", "Care Inspectorate Wales",
                                                                 "Healthwatch Powys"}


def test_the_period_and_bad_requests(life):
    url = f"/v1/public/homes/{life.home_id}/transparency"
    late = life.client.get(url, params={"since": (life.clock.now - timedelta(days=40)).date().isoformat()}).json()
    assert late["transparency"]["received"] < 14
    assert life.client.get("/v1/public/homes/home_nope/transparency").status_code == 404
    assert life.client.get(url, params={"since": "2025-13-01"}).status_code == 422
    assert life.client.get(url, params={"since": "2025-06-01", "until": "2025-01-01"}).status_code == 422
    assert life.client.get(url, params={"since": "1990-01-01"}).status_code == 422


def test_lapses_raise_a_flag_that_reaches_the_level_report(tmp_path):
    """Three decisions left to lapse of three: the rule is raised on the public API, and the level
    report's "absence of fear" counts it."""
    life = whole_life(tmp_path / "service", trickle=0)
    try:
        from tests.support.service import make_submissions

        public_key = life.client.get("/v1/health").json()["service_public_key"]
        last = max(life.stories.values(), key=lambda s: s["seq"])
        subs = make_submissions(public_key, "dev-rose", 3, start_seq=last["seq"] + 1, prev_hash=last["chain_hash"])
        life.send(subs)
        for sub in subs:
            life.post(f"/v1/moderation/stories/{sub['uuid']}/decision", "moderator", {"action": "publish",
                                                                                     "criticality": 1})
        life.clock.advance(hours=80)
        t = life.client.get(f"/v1/public/homes/{life.home_id}/transparency").json()["transparency"]
        assert t["lapsed"] == 4 and [f["rule"] for f in t["flags"]] == ["lets_decisions_lapse"]
        level = life.client.get(f"/v1/homes/{life.home_id}/level", headers=life.h("provider")).json()["report"]
        assert level["figures"]["transparency_flags"] == 1 and level["figures"]["public_interest_bodies"] == 3
        assert level["figures"]["distinct_organisations"] == 4  # the home, the council, Healthwatch, the regulator
    finally:
        life.close()
