"""Where is this home on the nine levels? An indicative, transparent engagement report.

``history`` turns the moderation service's records into a :class:`~.evidence.HomeHistory`;
``evidence`` measures it; ``rules`` holds every level's criteria and next steps as data;
``assessment`` is the manager's short self-assessment; ``report`` combines them, explaining
every conclusion with the numbers or answers behind it.
"""

from .assessment import QUESTIONS, Answers
from .evidence import Evidence, HomeHistory, ResponseRecord, StoryRecord, measure
from .report import LevelReport, build_report

__all__ = ["QUESTIONS", "Answers", "Evidence", "HomeHistory", "ResponseRecord", "StoryRecord", "measure",
           "LevelReport", "build_report"]
