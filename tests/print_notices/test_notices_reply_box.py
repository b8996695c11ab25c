"""A story notice for a story the home has not answered carries a reply box, the reference, and the
two ways the answer reaches the story without email (a text, or `carekiosk stories respond`); once
the home has answered, the box is gone. Real PDFs, read back by text extraction."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from pypdf import PdfReader

from print_notices.content import NoticeData, Response, Story
from print_notices.story_notice import render_story_notice

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=timezone.utc)


def data(*responses: Response) -> NoticeData:
    story = Story(ref="4821", title="The garden seats", body="The seats in the garden are broken.\n\nPlease mend them.",
                  author_role="relative", published_at=NOW, url="https://example.org/story/1", responses=responses)
    return NoticeData(home_name="Rose House", is_sample=False, now=NOW, stories=(story,))


def text_of(pdf) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)


@pytest.mark.parametrize("lang,large", [("en", False), ("en", True), ("cy", False), ("cy", True)])
def test_an_unanswered_story_has_a_reply_box_and_says_how_to_send_it(tmp_path, lang, large):
    pdf = render_story_notice(data(), "4821", tmp_path / "notice.pdf", lang=lang, large_print=large)
    text = text_of(pdf)
    if lang == "en":
        for needle in ("Answer this story", "The home's reply to story 4821:", "REPLY 4821 and your words",
                       "office helper or field worker"):
            assert needle in text, needle
    else:
        for needle in ("Atebwch y stori hon", "ATEB 4821", "carekiosk stories respond 4821"):
            assert needle in text, needle
        assert "Answer this story" not in text
    assert "carekiosk stories respond 4821 --text" in text


def test_an_organisation_other_than_the_home_does_not_remove_the_box(tmp_path):
    council = Response(body="We are following this up.", responder_name="Ann", responder_role="Officer",
                       posted_at=NOW, organisation="Powys County Council", kind="commissioner")
    assert "Answer this story" in text_of(render_story_notice(data(council), "4821", tmp_path / "a.pdf"))


def test_once_the_home_has_answered_the_box_is_gone(tmp_path):
    home = Response(body="We have mended the seats.", responder_name="Sam", responder_role="Home manager",
                    posted_at=NOW, organisation="Rose House Care Ltd", kind="provider", change="made",
                    change_made="New garden seats")
    text = text_of(render_story_notice(data(home), "4821", tmp_path / "b.pdf"))
    assert "We have mended the seats." in text
    assert "Answer this story" not in text and "stories respond" not in text
