"""The four notices as PDFs: text, embedded fonts, A4, pages, Welsh, large print, repeatable bytes."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from pypdf import PdfReader

from print_notices import content, digest, leaflet, poster, story_notice
from print_notices.content import Response, Story

A4 = (595.2756, 841.8898)
NOW = datetime(2025, 3, 10, 12, tzinfo=timezone.utc)


def render(kind, data, path, **kw):
    if kind == "notice":
        return story_notice.render_story_notice(data, kw.pop("ref", "3307"), path, **kw)
    return {"digest": digest.render_digest, "poster": poster.render_poster,
            "leaflet": leaflet.render_leaflet}[kind](data, path, **kw)


def text_of(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def fonts_of(path) -> dict[str, bool]:
    """Font base name -> embedded?"""
    found = {}
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            name = str(font["/BaseFont"]).split("+")[-1]
            desc = font.get("/FontDescriptor")
            found[name] = bool(desc and any(k in desc.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")))
    return found


@pytest.fixture
def sample():
    return content.sample_data(now=NOW, home_name="Demo House")


KINDS = ["notice", "digest", "poster", "leaflet"]


@pytest.mark.parametrize("kind", KINDS)
def test_sample_notice_is_a4_marked_sample_with_embedded_atkinson(tmp_path, sample, kind):
    pdf = render(kind, sample, tmp_path / f"{kind}.pdf")
    reader = PdfReader(pdf)
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.01)
    text = text_of(pdf)
    assert "SAMPLE" in text
    fonts = fonts_of(pdf)
    assert fonts.get("AtkinsonHyperlegible-Regular") and fonts.get("AtkinsonHyperlegible-Bold")
    assert all(fonts.values()), fonts  # nothing unembedded (no Helvetica fallback)


@pytest.mark.parametrize("kind, pages", [("notice", 1), ("poster", 1), ("leaflet", 1)])
def test_one_page_notices_stay_on_one_page(tmp_path, sample, kind, pages):
    assert len(PdfReader(render(kind, sample, tmp_path / "x.pdf")).pages) == pages


def test_story_notice_content(tmp_path, sample):
    text = text_of(render("notice", sample, tmp_path / "n.pdf", ref="3307"))
    for needle in ("Waiting for help at night", "Reference 3307", "Replies", "Change made:",
                   "A second night carer on the top floor", "Scan this code", "Written by a resident"):
        assert needle in " ".join(text.split()), needle


def test_digest_sections(tmp_path, sample):
    text = " ".join(text_of(render("digest", sample, tmp_path / "d.pdf")).split())
    assert "Stories waiting for the home's decision: 2" in text
    assert "2 stories have been checked" in text
    assert "Reference 2650: It names a member of staff" in text  # restricted, with its public reason
    assert "Stories still waiting for a reply" in text and "Reference 7044" in text
    assert "Mum loves the new garden seats" in text


def test_digest_since_limits_the_period(tmp_path, sample):
    text = " ".join(text_of(digest.render_digest(sample, tmp_path / "d.pdf", since=NOW - timedelta(days=1))).split())
    assert "Mum loves the new garden seats" not in text  # published 6 days ago, replied 5 days ago
    assert "From 9 March 2025 to 10 March 2025" in text


def test_poster_lists_changes(tmp_path, sample):
    text = " ".join(text_of(render("poster", sample, tmp_path / "p.pdf")).split())
    assert "You said, we did" in text and "Singing on Tuesdays" in text and "We did" in text


def test_leaflet_has_steps_qr_privacy(tmp_path, sample):
    text = " ".join(text_of(render("leaflet", sample, tmp_path / "l.pdf")).split())
    for needle in ("Tell us your story", "Touch Send", "What happens to your story", "Your privacy",
                   "https://example.org/carekiosk-sample/tell-us"):
        assert needle in text


def test_welsh_variants(tmp_path):
    data = content.sample_data(now=NOW, lang="cy", home_name="Tŷ Gwyn")
    expected = {"notice": ["Cyfeirnod 3307", "Atebion", "Newid wedi'i wneud", "Mawrth 2025"],
                "digest": ["Adborth yn Tŷ Gwyn", "Yn fyr", "Straeon sy'n aros am benderfyniad y cartref: 2"],
                "poster": ["Dywedoch chi, fe wnaethon ni"],
                "leaflet": ["Dywedwch eich stori wrthym", "Eich preifatrwydd", "Cyffyrddwch â'r sgrin"]}
    for kind, needles in expected.items():
        pdf = render(kind, data, tmp_path / f"{kind}-cy.pdf", lang="cy")
        text = " ".join(text_of(pdf).split())
        assert "SAMPL" in text
        for needle in needles:
            assert needle in text, (kind, needle)
        assert "DejaVuSans" in fonts_of(pdf)  # ŷ is not in Atkinson: DejaVu draws it, no empty box


def test_welsh_dates_on_a_real_pdf_are_babels_in_uk_time(tmp_path):
    now = datetime(2026, 12, 1, 12, tzinfo=timezone.utc)
    summer = datetime(2026, 6, 30, 23, 30, tzinfo=timezone.utc)  # 00:30 BST on 1 July
    stories = (
        Story("4821", "Seddi newydd", "Mae Mam yn eistedd yn yr ardd.", "family or friend", (), now,
              responses=(Response("Diolch.", "Sam", "Rheolwr y cartref", None, now),)),
        Story("3307", "Canu", "Mwy o ganu, os gwelwch yn dda.", "resident", (), summer),
    )
    data = content.NoticeData(home_name="Tŷ Gwyn", is_sample=False, now=now, stories=stories)
    notice = " ".join(text_of(render("notice", data, tmp_path / "n.pdf", ref="4821", lang="cy")).split())
    assert "Cyhoeddwyd 1 Rhagfyr 2026" in notice  # the Babel (CLDR) Welsh month
    assert "Sam, Rheolwr y cartref, 1 Rhagfyr 2026" in notice and "argraffwyd 1 Rhagfyr 2026" in notice
    assert "Awdur: teulu neu ffrind" in notice  # the service's English label, through the one role table
    assert "December" not in notice and "family or friend" not in notice
    other = " ".join(text_of(render("notice", data, tmp_path / "s.pdf", ref="3307", lang="cy")).split())
    assert "Cyhoeddwyd 1 Gorffennaf 2026" in other and "Awdur: preswylydd" in other  # UK date, not UTC's 30 June
    english = " ".join(text_of(render("notice", data, tmp_path / "e.pdf", ref="4821")).split())
    assert "Published 1 December 2026" in english and "Written by family or friend" in english
    period = " ".join(text_of(render("digest", data, tmp_path / "d.pdf", lang="cy",
                                     since=datetime(2026, 11, 24, tzinfo=timezone.utc))).split())
    assert "O 24 Tachwedd 2026 i 1 Rhagfyr 2026" in period


def test_digest_counts_one_awaiting_story_in_the_singular(tmp_path):
    data = content.NoticeData(home_name="Rose House", is_sample=False, now=NOW, awaiting_count=1)
    english = " ".join(text_of(render("digest", data, tmp_path / "d.pdf")).split())
    assert "1 story has been checked by the moderator and is waiting" in english and "Its words" in english
    welsh = " ".join(text_of(render("digest", data, tmp_path / "c.pdf", lang="cy")).split())
    assert "Mae'r cymedrolwr wedi gwirio 1 stori, ac mae'n aros" in welsh
    data = replace(data, awaiting_count=3)
    welsh = " ".join(text_of(render("digest", data, tmp_path / "c3.pdf", lang="cy")).split())
    assert "Mae'r cymedrolwr wedi gwirio 3 o straeon, ac maen nhw'n aros" in welsh


def test_missing_glyphs_fall_back_per_character():
    from print_notices import fonts

    assert fonts.markup("Tŷ Gwyn") == 'T<font name="DejaVu">ŷ</font> Gwyn'
    assert fonts.markup("a < b & c") == "a &lt; b &amp; c"
    assert fonts.markup("\u4e2d") == '<font name="DejaVu">?</font>'  # in neither font: "?" not a box


@pytest.mark.parametrize("kind", KINDS)
def test_large_print_uses_18pt_body(tmp_path, sample, kind):
    normal = render(kind, sample, tmp_path / "n.pdf")
    large = render(kind, sample, tmp_path / "l.pdf", large_print=True)
    assert b" 18 Tf" in _content(large) and b" 18 Tf" not in _content(normal)
    assert b" 14 Tf" in _content(normal)
    assert len(PdfReader(large).pages) >= len(PdfReader(normal).pages)


def _content(path) -> bytes:
    return b"".join(page.get_contents().get_data() for page in PdfReader(path).pages)


@pytest.mark.parametrize("kind", KINDS)
def test_output_is_repeatable(tmp_path, sample, kind):
    a = render(kind, sample, tmp_path / "a.pdf").read_bytes()
    b = render(kind, sample, tmp_path / "b.pdf").read_bytes()
    assert hashlib.sha256(a).hexdigest() == hashlib.sha256(b).hexdigest()


def test_text_is_black_on_white(tmp_path, sample):
    data = _content(render("digest", sample, tmp_path / "d.pdf"))
    import re
    fills = set(re.findall(rb"([\d.]+ [\d.]+ [\d.]+) rg", data))
    assert fills <= {b"0 0 0", b"1 1 1"}, fills


def test_digest_entries_never_split_and_long_story_notice_keeps_blocks(tmp_path):
    long_body = "I want to say something about the care here. " * 120
    stories = tuple(Story(str(1000 + i), f"Story {i}", long_body[: 300 + 40 * i], "relative", (),
                          NOW - timedelta(days=1), None,
                          (Response("Thank you. " * 30, "Sam", "Manager", "A change", NOW),)) for i in range(30))
    data = replace(content.sample_data(now=NOW), stories=stories, is_sample=False)
    pdf = digest.render_digest(data, tmp_path / "big.pdf")
    reader = PdfReader(pdf)
    assert len(reader.pages) > 3
    for page in reader.pages:  # each entry's title and its "Reference" line land on the same page
        text = " ".join(page.extract_text().split())
        for i in range(30):
            if f"Story {i} " in text + " ":
                assert f"Reference {1000 + i}" in text
    notice = story_notice.render_story_notice(data, "1029", tmp_path / "long.pdf", large_print=True)
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(notice).pages]
    assert all("Reference 1029" in p for p in pages)  # every page says which story it belongs to
    replies = [p for p in pages if "Replies" in p]
    assert replies and "Thank you." in replies[0]  # the reply heading is not left alone at a page foot


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils (pdftoppm) is not installed")
@pytest.mark.parametrize("kind", KINDS)
def test_renders_with_pdftoppm(tmp_path, sample, kind):
    pdf = render(kind, sample, tmp_path / f"{kind}.pdf", large_print=True)
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True, capture_output=True, timeout=60)
    [png] = list(tmp_path.glob("page*.png"))
    from PIL import Image

    image = Image.open(io.BytesIO(png.read_bytes())).convert("L")
    width, height = image.size
    assert height / width == pytest.approx(841.89 / 595.28, rel=0.02)
    dark = sum(image.histogram()[:128])
    assert 0.005 < dark / (width * height) < 0.5  # something printed, and not a black page
    # nothing drawn in the outer 3% (left/right margins): no text runs off the page
    margin = int(width * 0.03)
    for y in range(height):
        for x in list(range(margin)) + list(range(width - margin, width)):
            assert image.getpixel((x, y)) > 128
