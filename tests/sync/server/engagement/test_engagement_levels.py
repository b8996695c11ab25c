"""Histories typical of levels 2, 3, 4, 5, 7 and 9 land there, and the report says why."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from sync.server.engagement import Answers, HomeHistory, ResponseRecord, StoryRecord, build_report, measure
from sync.server.engagement.report import render_text
from sync.server.engagement.rules import LEVELS

START = datetime(2025, 11, 1, tzinfo=timezone.utc)
END = datetime(2026, 11, 1, tzinfo=timezone.utc)


def history(n_published=0, *, replied=0, reply_days=5.0, named=True, responders=("Ann Lee",),
            role="home manager", changes=0, follow_ups=0, review=0, lapsed=0, extra_received=0,
            notices=0, watched_by=0, flags=()) -> HomeHistory:
    stories = []
    for i in range(n_published):
        received = START + timedelta(days=10 + i * 7)
        published = received + timedelta(days=2)
        responses = ()
        if i < replied:
            who = responders[i % len(responders)]
            first = ResponseRecord(published + timedelta(days=reply_days), who if named else None, role,
                                   "We moved the tea trolley earlier." if i < changes else None)
            responses = (first,)
            if i < follow_ups:
                responses += (ResponseRecord(first.posted_at + timedelta(days=20), who, role),)
        decision = "request_review" if i < review else ("lapsed" if i < review + lapsed else "go_ahead")
        stories.append(StoryRecord(received, "kiosk", "published", published, decision, responses))
    for j in range(extra_received):
        stories.append(StoryRecord(START + timedelta(days=5 + j), "assisted", "in_moderation"))
    return HomeHistory("home-1", "Rosewood House", START, END, stories, notices, public_interest_bodies=watched_by,
                       transparency_flags=tuple(flags))


def report_for(h: HomeHistory, **answers) -> object:
    return build_report(measure(h), Answers(dict(answers)), home_id=h.home_id, home_name=h.home_name,
                        since=START.date().isoformat(), until=END.date().isoformat())


ALL_YES = {q: "yes" for q in ("invites_feedback", "staff_alerts", "team_meetings", "staff_respond", "training",
                              "leaders_public")}

CASES = {
    # stories arrive but the home barely replies and sends most back for review
    2: (history(10, replied=2, review=7), {}),
    # replies to most, but anonymously and slowly; does not invite feedback
    3: (history(10, replied=7, reply_days=20, named=False, review=2), {}),
    # named, prompt replies, invites feedback, but no change logged yet
    4: (history(10, replied=7, reply_days=6, review=1, lapsed=4), {"invites_feedback": "yes"}),
    # committed: replies to nearly all within a week, a change logged; staff not yet involved
    5: (history(10, replied=9, reply_days=4, changes=1, review=1), {"invites_feedback": "yes", "staff_alerts": "no"}),
    # staff receive and reply themselves, but training and follow-ups not routine
    7: (history(12, replied=11, reply_days=4, changes=2, responders=("Ann Lee", "Joy Mensah", "Marek Nowak"),
                role="senior carer", review=1),
        {"invites_feedback": "yes", "staff_alerts": "yes", "team_meetings": "yes", "staff_respond": "yes",
         "training": "no"}),
    # everything, fearlessly
    9: (history(20, replied=20, reply_days=1.5, changes=6, follow_ups=6, responders=("Ann Lee", "Joy Mensah", "Marek"),
                role="nurse on the ground floor", review=1, notices=12, watched_by=1), ALL_YES),
}


@pytest.mark.parametrize("expected", sorted(CASES))
def test_typical_history_lands_on_its_level_and_explains_why(expected):
    h, answers = CASES[expected]
    report = report_for(h, **answers)
    assert report.level == expected, render_text(report)
    assert report.name == LEVELS[expected - 1]["name"]
    # every criterion up to the level is met, each with the figure or answer behind it
    reached = [r for r in report.results if r.level <= expected]
    assert reached and all(r.met for r in reached)
    assert all(r.evidence for r in report.results)
    if expected < 9:
        assert report.holding_back, "a report must say what holds the home below the next level"
        assert 1 <= len(report.next_steps) <= 3
        assert report.next_steps[0] == report.holding_back[0].step
    text = render_text(report)
    assert f"indicative level {expected} of 9" in text and "not a score" in text


def test_level_2_points_at_the_reply_rate_and_review_requests():
    h, answers = CASES[2]
    report = report_for(h, **answers)
    why = {r.id: r.evidence for r in report.holding_back}
    assert why["replies_to_half"].startswith("20% (2 of 10 published stories)")
    assert why["lets_stories_go"].startswith("70% (7 of 10 provider decisions)")


def test_level_4_is_held_back_by_lapsed_decisions_and_no_change():
    report = report_for(*CASES[4][:1], **CASES[4][1])
    ids = {r.id for r in report.holding_back}
    assert {"change_logged", "decides_in_time"} <= ids


def test_central_team_replies_do_not_count_as_staff_involvement():
    h = history(12, replied=12, reply_days=2, changes=4, follow_ups=4,
                responders=("Ann Lee", "Bob Cole", "Cath Dunn"), role="Head Office customer team", notices=6)
    report = report_for(h, **ALL_YES)
    assert report.level == 6
    assert [r.id for r in report.holding_back] == ["local_replies"]


def test_no_history_at_all_is_level_1_with_a_first_step():
    h = HomeHistory("home-1", "Rosewood House", START, END, [], 0)
    report = report_for(h)
    assert report.level == 1
    assert report.next_steps[0].startswith("Put the kiosk where residents")
    assert report.figures["median_days_to_first_response"] is None


@pytest.mark.parametrize("expected", [2, 7, 9])
def test_standalone_pdf_is_one_a4_page_with_the_evidence(expected, tmp_path):
    from pypdf import PdfReader

    from print_notices.engagement.pdf import build_level_pdf

    h, answers = CASES[expected]
    report = report_for(h, **answers)
    out = build_level_pdf(report.to_dict(), tmp_path / "level.pdf", now=END, large_print=False)
    pdf = PdfReader(out)
    assert len(pdf.pages) == 1
    width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)
    text = " ".join(pdf.pages[0].extract_text().split())
    assert f"level {expected} of 9" in text
    assert f"Stories received: {report.figures['stories_received']}" in text
    for r in report.holding_back:
        assert r.says in text


def test_a_raised_transparency_flag_or_nobody_watching_holds_a_fearless_home_at_8():
    h, answers = CASES[9]
    flagged = history(20, replied=20, reply_days=1.5, changes=6, follow_ups=6, responders=("Ann", "Joy", "Marek"),
                      role="nurse", review=1, notices=12, watched_by=1, flags=["lets_decisions_lapse"])
    report = report_for(flagged, **answers)
    assert report.level == 8 and [r.id for r in report.holding_back] == ["no_transparency_flags"]
    assert report.figures["transparency_flags"] == 1
    unwatched = history(20, replied=20, reply_days=1.5, changes=6, follow_ups=6, responders=("Ann", "Joy", "Marek"),
                        role="nurse", review=1, notices=12)
    assert [r.id for r in report_for(unwatched, **answers).holding_back] == ["watched_openly"]


def test_other_organisations_voices_are_counted_apart_from_the_homes_own():
    """A commissioner's or Healthwatch's reply is not the home replying: it counts as another
    organisation and as public-interest involvement, never towards the home's reply rate or staff."""
    stories = []
    for i in range(4):
        received = START + timedelta(days=10 + i * 7)
        published = received + timedelta(days=2)
        voices = (ResponseRecord(published + timedelta(days=1), "Priya Shah", "Quality officer", None, "commissioner",
                                 "org_council"),
                  ResponseRecord(published + timedelta(days=2), "Lee Wong", "Engagement lead",
                                 "Visiting hours reviewed", "healthwatch", "org_hw", "planned"))
        if i < 2:
            voices += (ResponseRecord(published + timedelta(days=3), "Ann Lee", "home manager", "New rota",
                                      "provider", "org_home", "made"),)
        stories.append(StoryRecord(received, "kiosk", "published", published, "go_ahead", voices))
    e = measure(HomeHistory("home-1", "Rosewood House", START, END, stories, 0, public_interest_bodies=2))
    assert e.share_published_with_response == 0.5 and e.responses == 2 and e.distinct_responders == 1
    assert e.median_days_to_first_response == 3
    assert e.changes_logged == 2 and e.changes_planned == 0  # the home's own changes; Healthwatch planned one
    assert e.distinct_organisations == 3 and e.public_interest_responses == 8 and e.public_interest_bodies == 2
