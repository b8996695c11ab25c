"""A story's whole life with three organisations speaking, printed: the story notice, the weekly
digest and the transparency page, from the service's public answers (as the notifier prints them),
in English and Welsh - every voice named with its organisation, changes planned and made, nothing
the public may not read, and the transparency page one A4 page that renders cleanly."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import timedelta

import pytest
from pypdf import PdfReader

from print_notices.digest import render_digest
from print_notices.notifier.printouts import notice_data
from print_notices.story_notice import render_story_notice
from print_notices.transparency import render_transparency
from tests.support.conversation import REJECTED_TEXT, RESTRICTED_TEXT, WITHHELD_TEXT, whole_life


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    life = whole_life(tmp_path_factory.mktemp("printed") / "service", trickle=8)
    try:
        ops = life.client.get("/v1/public/opinions", params={"home_id": life.home_id, "take": 100}).json()["opinions"]
        figures = life.client.get(f"/v1/public/homes/{life.home_id}/transparency").json()["transparency"]
        refs = {k: v["ref"] for k, v in life.stories.items()}
        yield {"ops": ops, "figures": figures, "refs": refs, "now": life.clock.now}
    finally:
        life.close()


def text_of(pdf) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages]


def _data(printed):
    return notice_data("Rose House", printed["ops"], 1, printed["now"], "https://example.org/story/{story_id}")


@pytest.mark.parametrize("lang,words", [
    ("en", ["Replies", "Rose House Care Ltd (care provider)", "Powys County Council (commissioner, local authority)",
            "Healthwatch Powys (Healthwatch)", "The person who told the story", "Sam Jones, Home manager",
            "Change planned: A second night carer on the top floor",
            "Change made: A second night carer on the top floor"]),
    ("cy", ["Atebion", "Rose House Care Ltd (darparwr gofal)", "Powys County Council (comisiynydd, awdurdod lleol)",
            "Healthwatch Powys (Llais / Healthwatch)", "Y sawl a adroddodd y stori",
            "Newid wedi'i gynllunio: A second night carer", "Newid wedi'i wneud: A second night carer"]),
])
def test_the_story_notice_names_every_voice_in_order(printed, tmp_path, lang, words):
    pdf = render_story_notice(_data(printed), printed["refs"]["A"], tmp_path / "notice.pdf", lang=lang)
    text = " ".join(text_of(pdf))
    for needle in words:
        assert needle in text, needle
    order = [text.index(w) for w in words[1:5]]
    assert order == sorted(order)  # provider, council, ..., in the order they spoke


def test_the_digest_prints_the_conversation_transparency_and_restricted_comments(printed, tmp_path):
    pdf = render_digest(_data(printed), tmp_path / "digest.pdf", since=printed["now"] - timedelta(days=320),
                        transparency=printed["figures"])
    text = " ".join(text_of(pdf))
    for needle in ("Replies from other organisations:", "Changes planned:", "Over the last year: received 14",
                   "published in full 11", "sent back for review 1", "left to lapse 1",
                   "replied to by the home 10 of 11", f"Reference {printed['refs']['B']}: It names a member of staff",
                   "Public-interest bodies can read it:", "Care Inspectorate Wales (regulator)",
                   "We have read this story and are following it up", "Healthwatch Powys (Healthwatch)"):
        assert needle in text, needle
    for secret in (RESTRICTED_TEXT, REJECTED_TEXT, WITHHELD_TEXT, "criticality", "strongly critical"):
        assert secret not in text, secret


def test_a_raised_flag_is_printed_in_the_digest(printed, tmp_path):
    figures = dict(printed["figures"], flags=[{"rule": "many_reviews", "says": "The home asks for an unusually high "
                                               "share of stories to be reviewed", "value": 0.4}])
    text = " ".join(text_of(render_digest(_data(printed), tmp_path / "d.pdf", transparency=figures, lang="cy")))
    assert "Rhybudd: Mae'r cartref yn gofyn am adolygu cyfran anarferol o uchel o straeon." in text


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_transparency_page_is_one_a4_page_of_figures(printed, tmp_path, lang):
    pdf = render_transparency(printed["figures"], tmp_path / "t.pdf", now=printed["now"], lang=lang)
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [595, 842]
    text = text_of(pdf)[0]
    expected = {"en": ["Transparency at Rose House", "Stories received 14", "Published in full 11",
                       "Sent back for review by the home 1: 1 published", "Decisions left to lapse (72 hours) 1",
                       "10 of 11 (91%)", "Changes planned / made 1 / 2", "The last 12 months",
                       "Restricted stories and why", f"Reference {printed['refs']['B']}",
                       "No transparency rule flags this home", "Care Inspectorate Wales (regulator)"],
                "cy": ["Tryloywder yn Rose House", "Straeon a ddaeth i law 14", "10 o 11 (91%)", "Y 12 mis diwethaf",
                       "Straeon wedi'u cyfyngu, a pham", "Care Inspectorate Wales (rheoleiddiwr)"]}[lang]
    for needle in expected:
        assert needle in text, needle
    assert RESTRICTED_TEXT not in text and "critical" not in text


def test_a_page_with_every_flag_and_many_restrictions_still_fits_one_page(printed, tmp_path):
    figures = dict(printed["figures"])
    figures["restricted_stories"] = [{"ref": str(4000 + i), "story_id": str(i), "date": printed["figures"]["until"],
                                      "reason": "It names a member of staff in a way that could identify them, and "
                                                "it describes a resident's illness in detail. " * 3}
                                     for i in range(9)]
    figures["flags"] = [dict(v, raised=True, value=0.5, part=5, whole=10, typical=0.1) for v in figures["rules"]]
    for large in (False, True):
        pdf = render_transparency(figures, tmp_path / f"worst-{large}.pdf", now=printed["now"], lang="cy",
                                  large_print=large)
        pages = text_of(pdf)
        assert len(pages) == (1 if not large else 2)
        text = " ".join(pages)
        # every flag is printed; restricted stories are listed while there is room, the rest counted
        for flag in figures["flags"]:
            from sync.i18n import _

            assert _(flag["says"], "cy") in text
        listed = sum(f"Cyfeirnod {4000 + i}," in text for i in range(9))
        assert f"… a {9 - listed} stori arall wedi'i chyfyngu" in text


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils (pdftoppm) is not installed")
@pytest.mark.parametrize("large", [False, True])
def test_the_transparency_page_renders_inside_its_margins(printed, tmp_path, large):
    from PIL import Image

    pdf = render_transparency(printed["figures"], tmp_path / "t.pdf", now=printed["now"], lang="cy", large_print=large)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True,
                   capture_output=True, timeout=60)
    for png in sorted(tmp_path.glob("page*.png")):
        image = Image.open(io.BytesIO(png.read_bytes())).convert("L")
        width, height = image.size
        dark = sum(image.histogram()[:128])
        assert 0.002 < dark / (width * height) < 0.5
        margin = int(width * 0.03)
        for y in range(height):
            for x in list(range(margin)) + list(range(width - margin, width)):
                assert image.getpixel((x, y)) > 128, (png.name, x, y)  # nothing runs off the page
