"""Issue 11, notices: ``notify --once`` without SMS settings says why no text went and where the PDFs
are; web addresses on the large-print notices break only after a slash, never inside a word."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone
from dataclasses import replace

import httpx
import pytest
from pypdf import PdfReader

from print_notices import content, leaflet, story_notice
from tests.support.service import running_service
from tests.support.notifier_world import make_world

NOW = datetime(2025, 3, 10, 12, tzinfo=timezone.utc)


@pytest.mark.slow
def test_notify_once_without_sms_says_why_texts_did_not_go_and_where_the_pdfs_are(tmp_path, ck_env, ck_home):
    with running_service(tmp_path / "svc") as svc:
        world = make_world(svc)
        [sub] = world.submit(1)
        world.moderate(sub["uuid"])  # awaiting the provider: a text to the manager, and its printout
        env = {k: v for k, v in ck_env.items() if not k.startswith(("TWILIO_", "NOTIFY_", "CAREKIOSK_SMS",
                                                                     "CAREKIOSK_NOTIFY"))}
        done = subprocess.run([sys.executable, "-m", "kiosk.cli", "notify", "--once", "--server", svc.url,
                               "--key", world.provider, "--home", world.home_id], env=env,
                              capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "undeliverable" in out  # the counts are still there ...
    assert "not set up" in out and "[sms]" in out  # ... and why the texts did not go
    folder = ck_home / "notices" / "notifier"
    assert str(folder) in out and list(folder.glob("*.pdf"))  # ... and where the PDFs are


def url_lines(pdf, url: str) -> list[str]:
    """The lines of ``pdf`` that hold a piece of ``url`` (pypdf keeps each drawn line a line)."""
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    pieces = []
    lines = [" ".join(line.split()) for line in text.splitlines()]
    for i, line in enumerate(lines):
        if line and url.startswith(line.split(" ")[-1]) and len(line.split(" ")[-1]) > 8:
            piece = line.split(" ")[-1]
            while piece != url and i + 1 < len(lines) and url.startswith(piece + lines[i + 1].split(" ")[0]):
                i += 1
                pieces.append(piece)
                piece = piece + lines[i].split(" ")[0]
            pieces.append(piece)
            return [p if j == 0 else p[len(pieces[j - 1]):] for j, p in enumerate(pieces)]
    return []


def breaks_only_after_slashes(pdf, url: str) -> None:
    parts = url_lines(pdf, url)
    assert "".join(parts) == url, parts  # the whole address is there ...
    assert all(part.endswith("/") for part in parts[:-1]), parts  # ... and any break comes after a slash


LONG = "https://www.careopinion.org.uk/opinions/1234567/waiting-for-help-at-night"


@pytest.mark.parametrize("url", ["https://example.org/carekiosk-sample/stories/3307", LONG])
@pytest.mark.parametrize("large", [True, False])
def test_the_story_notice_breaks_its_address_only_after_a_slash(tmp_path, url, large):
    data = content.sample_data(now=NOW)
    data = replace(data, stories=tuple(replace(s, url=url) if s.ref == "3307" else s for s in data.stories))
    pdf = story_notice.render_story_notice(data, "3307", tmp_path / "notice.pdf", large_print=large)
    breaks_only_after_slashes(pdf, url)


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize("url", ["https://example.org/carekiosk-sample/tell-us",
                                 "https://www.careopinion.org.uk/feedback/tell-us-about-rose-house"])
def test_the_large_print_leaflet_breaks_its_address_only_after_a_slash(tmp_path, lang, url):
    data = replace(content.sample_data(now=NOW, lang=lang), feedback_url=url)
    pdf = leaflet.render_leaflet(data, tmp_path / "leaflet.pdf", lang=lang, large_print=True)
    breaks_only_after_slashes(pdf, url)
