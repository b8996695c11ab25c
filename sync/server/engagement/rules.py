"""The nine levels, their criteria and the next steps, as data: the one place to read or change the rules.

A home reaches a level when every criterion of that level *and of every level below it* is met, so
the report can always say exactly which criterion holds a home where it is. A criterion either
compares a measured figure (see :class:`.evidence.Evidence`) with a mark, or looks at one answer of
the manager's self-assessment (see :data:`.assessment.QUESTIONS`). Wording follows our level
descriptions; ``step`` is the next step offered when the criterion is not yet met.

The Welsh of every name, ``about``, ``says`` and ``step`` is in :mod:`.welsh`, keyed by the same level
numbers and ids: add a level or criterion here and its Welsh there (a test fails until you do).
"""

from __future__ import annotations

LEVELS: list[dict] = [
    {
        "level": 1,
        "name": "Resistance or defensiveness",
        "about": "Feedback is not welcome; nothing is heard from residents or families through this kiosk.",
        "criteria": [],
    },
    {
        "level": 2,
        "name": "Controlling",
        "about": "Feedback is tolerated but kept in-house; people cannot see that their stories were read.",
        "criteria": [
            {"id": "stories_arrive", "says": "stories reach the moderator", "metric": "stories_received",
             "op": ">=", "mark": 1, "unit": "count",
             "step": "Put the kiosk where residents and visitors pass, and tell them it is there."},
        ],
    },
    {
        "level": 3,
        "name": "Acceptance",
        "about": "The home accepts public feedback and replies, though replies may be guarded or impersonal.",
        "criteria": [
            {"id": "replies_to_half", "says": "published stories get a public reply",
             "metric": "share_published_with_response", "op": ">=", "mark": 0.5, "unit": "share",
             "step": "Reply publicly to every published story, even briefly, so people see they were heard."},
            {"id": "lets_stories_go", "says": "stories go ahead rather than being sent back for review",
             "metric": "share_request_review", "op": "<=", "mark": 0.5, "unit": "share",
             "step": "Keep 'request review' for real errors of fact; let uncomfortable stories go ahead."},
        ],
    },
    {
        "level": 4,
        "name": "Engagement",
        "about": "The home encourages feedback; replies come from a named person and are warm and specific.",
        "criteria": [
            {"id": "named_replies", "says": "replies are signed by a named person",
             "metric": "share_responses_named", "op": ">=", "mark": 0.6, "unit": "share",
             "step": "Sign replies with your name and role, as you would in person."},
            {"id": "replies_within_fortnight", "says": "the first reply comes within two weeks (median)",
             "metric": "median_days_to_first_response", "op": "<=", "mark": 14, "unit": "days",
             "step": "Aim to reply within a week of a story being published."},
            {"id": "invites_feedback", "says": "staff invite residents and families to share stories",
             "answer": "invites_feedback", "accept": ["yes"],
             "step": "Invite people to share their story: hand out the leaflet and mention the kiosk at visits."},
        ],
    },
    {
        "level": 5,
        "name": "Initial commitment",
        "about": "Feedback is seen as a force for improvement; the home commits to it and changes things.",
        "criteria": [
            {"id": "replies_to_most", "says": "most published stories get a reply",
             "metric": "share_published_with_response", "op": ">=", "mark": 0.8, "unit": "share",
             "step": "Make replying part of someone's week, so no story waits without an answer."},
            {"id": "replies_within_week", "says": "the first reply comes within a week (median)",
             "metric": "median_days_to_first_response", "op": "<=", "mark": 7, "unit": "days",
             "step": "Reply within a week: a short, personal reply now beats a perfect one later."},
            {"id": "change_logged", "says": "at least one change made because of a story is logged",
             "metric": "changes_logged", "op": ">=", "mark": 1, "unit": "count",
             "step": "When a story leads to a change, say so in your reply (\"we did\") so it reaches the poster."},
            {"id": "decides_in_time", "says": "the provider decides within 72 hours",
             "metric": "share_lapsed", "op": "<=", "mark": 0.25, "unit": "share",
             "step": "Answer 'a story awaits your decision' texts within 72 hours (reply GO or REVIEW)."},
        ],
    },
    {
        "level": 6,
        "name": "Widening staff involvement: staff receive feedback",
        "about": "Stories reach the staff they are about, not only the manager, and teams talk about them.",
        "criteria": [
            {"id": "staff_alerts", "says": "staff, not only the manager, see new stories",
             "answer": "staff_alerts", "accept": ["yes"],
             "step": "Put new stories and the weekly digest where all staff see them, e.g. the staff room."},
            {"id": "team_meetings", "says": "stories are talked about in team meetings",
             "answer": "team_meetings", "accept": ["yes", "partly"],
             "step": "Read one story aloud at each team meeting and ask what it tells you."},
        ],
    },
    {
        "level": 7,
        "name": "Widening staff involvement: staff take part",
        "about": "Staff close to residents reply to stories themselves and act on them.",
        "criteria": [
            {"id": "several_responders", "says": "at least three different people reply",
             "metric": "distinct_responders", "op": ">=", "mark": 3, "unit": "count",
             "step": "Let the nurses and carers a story is about reply to it themselves."},
            {"id": "local_replies", "says": "replies come from staff in the home, not a central team",
             "metric": "share_responses_local", "op": ">=", "mark": 0.7, "unit": "share",
             "step": "Have replies written in the home by the people who know the resident, not head office."},
            {"id": "staff_respond", "says": "staff who work with residents may reply themselves",
             "answer": "staff_respond", "accept": ["yes"],
             "step": "Give the staff who care for residents permission and a little time to reply."},
        ],
    },
    {
        "level": 8,
        "name": "Everyday use",
        "about": "Feedback is part of everyday work: training, meetings, changes and follow-ups are routine.",
        "criteria": [
            {"id": "changes_routine", "says": "three or more changes logged",
             "metric": "changes_logged", "op": ">=", "mark": 3, "unit": "count",
             "step": "Log every change a story leads to, and print a 'You said, we did' poster each month."},
            {"id": "follow_ups", "says": "conversations continue after the first reply",
             "metric": "share_with_follow_up", "op": ">=", "mark": 0.2, "unit": "share",
             "step": "Come back to a story when something has changed, with a short follow-up reply."},
            {"id": "shared_further", "says": "stories are printed for the noticeboard or digest",
             "metric": "notices_printed", "op": ">=", "mark": 4, "unit": "count",
             "step": "Print the weekly digest and put story notices on the noticeboard."},
            {"id": "training", "says": "feedback is part of induction or training",
             "answer": "training", "accept": ["yes"],
             "step": "Add a session on stories and replies to staff induction."},
        ],
    },
    {
        "level": 9,
        "name": "Absence of fear",
        "about": "Critical stories are welcomed as openly as praise; nobody is afraid of what people say.",
        "criteria": [
            {"id": "almost_never_review", "says": "stories are almost never sent back for review",
             "metric": "share_request_review", "op": "<=", "mark": 0.1, "unit": "share",
             "step": "Let every story go ahead unless it contains a real error of fact."},
            {"id": "replies_to_all", "says": "virtually every published story gets a reply",
             "metric": "share_published_with_response", "op": ">=", "mark": 0.95, "unit": "share",
             "step": "Reply to every story, critical ones first."},
            {"id": "replies_within_days", "says": "the first reply comes within three days (median)",
             "metric": "median_days_to_first_response", "op": "<=", "mark": 3, "unit": "days",
             "step": "Reply within three days, so the writer knows the story landed."},
            {"id": "leaders_public", "says": "leaders speak openly about feedback, including criticism",
             "answer": "leaders_public", "accept": ["yes"],
             "step": "Talk openly, with families and commissioners, about a critical story and what it changed."},
        ],
    },
]


def level(number: int) -> dict:
    return LEVELS[number - 1]
