"""The nine levels, their criteria and the next steps, as data: the one place to read or change the rules.

A home reaches a level when every criterion of that level *and of every level below it* is met, so
the report can always say exactly which criterion holds a home where it is. A criterion either
compares a measured figure (see :class:`.evidence.Evidence`) with a mark, or looks at one answer of
the manager's self-assessment (see :data:`.assessment.QUESTIONS`). Wording follows our level
descriptions; ``step`` is the next step offered when the criterion is not yet met.

Every name, ``about``, ``says`` and ``step`` is English marked with ``N_``: the words go into the
catalogues (``python -m sync.i18n extract``) and :mod:`.words` looks their Welsh up there. Add or change
one here and a test fails until its Welsh is in ``assets/locale/cy`` (see :mod:`sync.i18n`).
"""

from __future__ import annotations

from sync.i18n import N_

LEVELS: list[dict] = [
    {
        "level": 1,
        "name": N_("Resistance or defensiveness"),
        "about": N_("Feedback is not welcome; nothing is heard from residents or families through this kiosk."),
        "criteria": [],
    },
    {
        "level": 2,
        "name": N_("Controlling"),
        "about": N_("Feedback is tolerated but kept in-house; people cannot see that their stories were read."),
        "criteria": [
            {"id": "stories_arrive", "says": N_("stories reach the moderator"), "metric": "stories_received",
             "op": ">=", "mark": 1, "unit": "count",
             "step": N_("Put the kiosk where residents and visitors pass, and tell them it is there.")},
        ],
    },
    {
        "level": 3,
        "name": N_("Acceptance"),
        "about": N_("The home accepts public feedback and replies, though replies may be guarded or impersonal."),
        "criteria": [
            {"id": "replies_to_half", "says": N_("published stories get a public reply"),
             "metric": "share_published_with_response", "op": ">=", "mark": 0.5, "unit": "share",
             "step": N_("Reply publicly to every published story, even briefly, so people see they were heard.")},
            {"id": "lets_stories_go", "says": N_("stories go ahead rather than being sent back for review"),
             "metric": "share_request_review", "op": "<=", "mark": 0.5, "unit": "share",
             "step": N_("Keep 'request review' for real errors of fact; let uncomfortable stories go ahead.")},
        ],
    },
    {
        "level": 4,
        "name": N_("Engagement"),
        "about": N_("The home encourages feedback; replies come from a named person and are warm and specific."),
        "criteria": [
            {"id": "named_replies", "says": N_("replies are signed by a named person"),
             "metric": "share_responses_named", "op": ">=", "mark": 0.6, "unit": "share",
             "step": N_("Sign replies with your name and role, as you would in person.")},
            {"id": "replies_within_fortnight", "says": N_("the first reply comes within two weeks (median)"),
             "metric": "median_days_to_first_response", "op": "<=", "mark": 14, "unit": "days",
             "step": N_("Aim to reply within a week of a story being published.")},
            {"id": "invites_feedback", "says": N_("staff invite residents and families to share stories"),
             "answer": "invites_feedback", "accept": ["yes"],
             "step": N_("Invite people to share their story: hand out the leaflet and mention the kiosk at visits.")},
        ],
    },
    {
        "level": 5,
        "name": N_("Initial commitment"),
        "about": N_("Feedback is seen as a force for improvement; the home commits to it and changes things."),
        "criteria": [
            {"id": "replies_to_most", "says": N_("most published stories get a reply"),
             "metric": "share_published_with_response", "op": ">=", "mark": 0.8, "unit": "share",
             "step": N_("Make replying part of someone's week, so no story waits without an answer.")},
            {"id": "replies_within_week", "says": N_("the first reply comes within a week (median)"),
             "metric": "median_days_to_first_response", "op": "<=", "mark": 7, "unit": "days",
             "step": N_("Reply within a week: a short, personal reply now beats a perfect one later.")},
            {"id": "change_logged", "says": N_("at least one change made because of a story is logged"),
             "metric": "changes_logged", "op": ">=", "mark": 1, "unit": "count",
             "step": N_("When a story leads to a change, say so in your reply (\"we did\") so it reaches the poster.")},
            {"id": "decides_in_time", "says": N_("the provider decides within 72 hours"),
             "metric": "share_lapsed", "op": "<=", "mark": 0.25, "unit": "share",
             "step": N_("Answer 'a story awaits your decision' texts within 72 hours (reply GO or REVIEW).")},
        ],
    },
    {
        "level": 6,
        "name": N_("Widening staff involvement: staff receive feedback"),
        "about": N_("Stories reach the staff they are about, not only the manager, and teams talk about them."),
        "criteria": [
            {"id": "staff_alerts", "says": N_("staff, not only the manager, see new stories"),
             "answer": "staff_alerts", "accept": ["yes"],
             "step": N_("Put new stories and the weekly digest where all staff see them, e.g. the staff room.")},
            {"id": "team_meetings", "says": N_("stories are talked about in team meetings"),
             "answer": "team_meetings", "accept": ["yes", "partly"],
             "step": N_("Read one story aloud at each team meeting and ask what it tells you.")},
        ],
    },
    {
        "level": 7,
        "name": N_("Widening staff involvement: staff take part"),
        "about": N_("Staff close to residents reply to stories themselves and act on them."),
        "criteria": [
            {"id": "several_responders", "says": N_("at least three different members of staff reply"),
             "metric": "distinct_responders", "op": ">=", "mark": 3, "unit": "count",
             "step": N_("Let the nurses and carers a story is about reply to it themselves.")},
            {"id": "local_replies", "says": N_("replies come from staff in the home, not a central team"),
             "metric": "share_responses_local", "op": ">=", "mark": 0.7, "unit": "share",
             "step": N_("Have replies written in the home by the people who know the resident, not head office.")},
            {"id": "staff_respond", "says": N_("staff who work with residents may reply themselves"),
             "answer": "staff_respond", "accept": ["yes"],
             "step": N_("Give the staff who care for residents permission and a little time to reply.")},
        ],
    },
    {
        "level": 8,
        "name": N_("Everyday use"),
        "about": N_("Feedback is part of everyday work: training, meetings, changes and follow-ups are routine."),
        "criteria": [
            {"id": "changes_routine", "says": N_("three or more changes logged"),
             "metric": "changes_logged", "op": ">=", "mark": 3, "unit": "count",
             "step": N_("Log every change a story leads to, and print a 'You said, we did' poster each month.")},
            {"id": "follow_ups", "says": N_("conversations continue after the first reply"),
             "metric": "share_with_follow_up", "op": ">=", "mark": 0.2, "unit": "share",
             "step": N_("Come back to a story when something has changed, with a short follow-up reply.")},
            {"id": "shared_further", "says": N_("stories are printed for the noticeboard or digest"),
             "metric": "notices_printed", "op": ">=", "mark": 4, "unit": "count",
             "step": N_("Print the weekly digest and put story notices on the noticeboard.")},
            {"id": "training", "says": N_("feedback is part of induction or training"),
             "answer": "training", "accept": ["yes"],
             "step": N_("Add a session on stories and replies to staff induction.")},
        ],
    },
    {
        "level": 9,
        "name": N_("Absence of fear"),
        "about": N_("Critical stories are welcomed as openly as praise; nobody is afraid of what people say."),
        "criteria": [
            {"id": "almost_never_review", "says": N_("stories are almost never sent back for review"),
             "metric": "share_request_review", "op": "<=", "mark": 0.1, "unit": "share",
             "step": N_("Let every story go ahead unless it contains a real error of fact.")},
            {"id": "replies_to_all", "says": N_("virtually every published story gets a reply"),
             "metric": "share_published_with_response", "op": ">=", "mark": 0.95, "unit": "share",
             "step": N_("Reply to every story, critical ones first.")},
            {"id": "replies_within_days", "says": N_("the first reply comes within three days (median)"),
             "metric": "median_days_to_first_response", "op": "<=", "mark": 3, "unit": "days",
             "step": N_("Reply within three days, so the writer knows the story landed.")},
            {"id": "leaders_public", "says": N_("leaders speak openly about feedback, including criticism"),
             "answer": "leaders_public", "accept": ["yes"],
             "step": N_("Talk openly, with families and commissioners, about a critical story and what it changed.")},
            {"id": "watched_openly", "says": N_("a public-interest body (the council, the regulator or Healthwatch) "
                                                "follows the home's stories"),
             "metric": "public_interest_bodies", "op": ">=", "mark": 1, "unit": "count",
             "step": N_("Invite the council's quality team or the local Healthwatch to follow your stories on "
                        "carekiosk.")},
            {"id": "no_transparency_flags", "says": N_("no transparency rule flags the home (restrictions, reviews "
                                                       "or lapsed decisions)"),
             "metric": "transparency_flags", "op": "<=", "mark": 0, "unit": "count",
             "step": N_("Let stories go ahead, keep 'request review' for real errors and decide within 72 hours, "
                        "so nothing looks buried.")},
        ],
    },
]


def level(number: int) -> dict:
    return LEVELS[number - 1]
