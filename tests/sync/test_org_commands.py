"""``carekiosk stories``: one command group for any organisation's key, against the real service on
127.0.0.1 - the provider decides and responds, a public-interest body reads a restricted story,
comments and responds; stories named by reference or uuid prefix; what each key may not do is
refused with one sentence and the documented exit code."""

from __future__ import annotations

import json

import httpx
import pytest
from click.testing import CliRunner

from kiosk.cli import main
from tests.support.service import make_submissions, running_service

TEXTS = ["The lift has been broken for three weeks.", "The night nurse on the top floor shouted at my mother.",
         "Lovely soup on Fridays.", "The garden is tidy."]


def _story(text: str) -> dict:
    return {"text": text, "author_role": "resident", "title": text[:20], "tags": ["building"], "feelings": ["sad"],
            "rating": 2, "contact": None, "language": "en", "prompts": {"shown": 0, "accepted": 0, "declined": 0},
            "route": "kiosk"}


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    with running_service(tmp_path_factory.mktemp("org-cmds") / "service") as svc:
        home = svc.add_home("Rose House")
        dev = svc.enrol(svc.enrol_code(home), "dev-rose")
        subs = make_submissions(svc.public_key, "dev-rose", len(TEXTS), stories=[_story(t) for t in TEXTS])
        httpx.post(f"{svc.url}/v1/stories", json={"stories": subs}, timeout=10,
                   headers={"Authorization": f"Bearer {dev['device_token']}"})
        mod = {"Authorization": f"Bearer {svc.moderator_key()}"}
        for sub, body in zip(subs, ({"action": "publish", "criticality": 4},
                                    {"action": "restrict", "criticality": 5, "reason": "It names a nurse."},
                                    {"action": "publish", "criticality": 0}, {"action": "publish", "criticality": 1})):
            r = httpx.post(f"{svc.url}/v1/moderation/stories/{sub['uuid']}/decision", json=body, headers=mod, timeout=10)
            assert r.status_code == 200, r.text
        yield {"svc": svc, "home": home, "subs": subs, "provider": svc.provider_key(home),
               "regulator": svc.public_interest_key("Care Inspectorate Wales", "regulator", home)}


def run(scene, who: str, *args: str, env: dict | None = None):
    opts = ["--server", scene["svc"].url, "--key", scene[who]] if who else []
    return CliRunner(env=env).invoke(main, ["stories", *opts, *args])


def test_the_provider_lists_decides_and_responds_with_a_change(scene, ck_home):
    lift, restricted, soup, garden = scene["subs"]
    listed = json.loads(run(scene, "provider", "list", "--json").stdout)
    by_ref = {s["ref"]: s for s in listed}
    assert by_ref[lift["ref"]]["body"] == TEXTS[0] and by_ref[lift["ref"]]["criticality"] == 4
    assert by_ref[restricted["ref"]]["body"] is None and by_ref[restricted["ref"]]["view"] == "notice"
    table = run(scene, "provider", "list")
    assert table.exit_code == 0 and lift["ref"] in table.stdout and "strongly critical" in table.stdout
    assert TEXTS[1] not in table.stdout

    done = run(scene, "provider", "decide", soup["ref"], "go")
    assert done.exit_code == 0 and "go ahead recorded" in done.stdout
    again = run(scene, "provider", "decide", soup["ref"], "go")
    assert again.exit_code == 8 and "not waiting" in again.stderr  # the service refused: nothing changed
    review = run(scene, "provider", "decide", garden["uuid"][:8], "review", "--json")
    assert json.loads(review.stdout)["status"] == "in_moderation"

    said = run(scene, "provider", "respond", soup["ref"], "--text", "Thank you, we will tell the cook.", "--name",
               "Sam Jones", "--role", "Home manager", "--change", "made", "--change-note", "Soup on Fridays kept")
    assert said.exit_code == 0 and "posted on story" in said.stdout and "Provider of Rose House" in said.stdout
    shown = run(scene, "provider", "show", soup["ref"])
    assert "Sam Jones, Home manager" in shown.stdout and "Change made: Soup on Fridays kept" in shown.stdout
    assert TEXTS[2] in shown.stdout and "care provider" in shown.stdout
    notice = run(scene, "provider", "show", restricted["ref"])
    assert notice.exit_code == 0 and TEXTS[1] not in notice.stdout and "It names a nurse." in notice.stdout
    assert "not what it says" in notice.stdout


def test_a_public_interest_body_reads_comments_and_responds_as_itself(scene, ck_home):
    lift, restricted, soup, _ = scene["subs"]
    shown = json.loads(run(scene, "regulator", "show", restricted["ref"], "--json").stdout)
    assert shown["body"] == TEXTS[1] and shown["criticality"] == 5 and shown["history"]
    comment = run(scene, "regulator", "comment", restricted["ref"], "--text", "We are following this up.", "--name",
                  "Jo Evans", "--role", "Inspector")
    assert comment.exit_code == 0 and "Care Inspectorate Wales" in comment.stdout
    pending = json.loads(run(scene, "regulator", "show", lift["ref"], "--json").stdout)
    assert pending["view"] == "notice" and pending["body"] is None and pending["criticality"] == 4
    refused = run(scene, "regulator", "decide", lift["ref"], "go")
    assert refused.exit_code == 6 and "does not let this key do that" in refused.stderr
    respond = run(scene, "regulator", "respond", soup["ref"], "--text", "Good to hear.", "--name", "Jo Evans", "--role",
                  "Inspector", "--change", "planned", "--change-note", "Asking every home about food")
    assert respond.exit_code == 0
    opinion = httpx.get(f"{scene['svc'].url}/v1/public/opinions", params={"home_id": scene["home"]}).json()
    voices = [(r["responderKind"], r["change"]) for o in opinion["opinions"] if o["ref"] == soup["ref"]
              for r in o["responses"]]
    assert ("regulator", "planned") in voices
    said_on_restricted = next(o for o in opinion["opinions"] if o["ref"] == restricted["ref"])["responses"]
    assert [r["responderOrganisation"]["name"] for r in said_on_restricted] == ["Care Inspectorate Wales"]


def test_naming_a_story_and_what_goes_wrong(scene, ck_home):
    subs = scene["subs"]
    nothing = run(scene, "provider", "show", "0000")
    assert nothing.exit_code == 1 and "No story you can see" in nothing.stderr
    # every uuid starts with a hex digit: find a prefix two stories share, if there is one
    prefixes = {}
    for s in subs:
        prefixes.setdefault(s["uuid"][0], []).append(s)
    shared = next((p for p, found in prefixes.items() if len(found) > 1), None)
    if shared is not None:
        many = run(scene, "provider", "show", shared)
        assert many.exit_code == 1 and "stories match" in many.stderr
        for s in prefixes[shared]:
            assert s["uuid"] in many.stderr
    exact = run(scene, "provider", "show", subs[0]["uuid"], "--json")
    assert json.loads(exact.stdout)["uuid"] == subs[0]["uuid"]
    no_words = run(scene, "provider", "respond", subs[2]["ref"], "--text", "x", "--name", "x", "--role", "x",
                   "--change", "made")
    assert no_words.exit_code == 1 and "--change-note" in no_words.stderr
    unknown_key = CliRunner().invoke(main, ["stories", "--server", scene["svc"].url, "--key", "ckp_nope", "list"])
    assert unknown_key.exit_code == 6 and "does not know this key" in unknown_key.stderr
    no_server = CliRunner(env={"CAREKIOSK_STORIES_SERVER": "", "CAREKIOSK_NOTIFY_SERVER": ""}).invoke(
        main, ["stories", "--key", "x", "list"])
    assert no_server.exit_code == 1 and "--server URL" in no_server.stderr
    plain = CliRunner().invoke(main, ["stories", "--server", "http://example.org", "--key", "x", "list"])
    assert plain.exit_code == 1 and "plain http" in plain.stderr


def test_the_service_and_key_can_come_from_the_environment(scene, ck_home):
    env = {"CAREKIOSK_STORIES_SERVER": scene["svc"].url, "CAREKIOSK_STORIES_KEY": scene["regulator"]}
    listed = CliRunner(env=env).invoke(main, ["stories", "list", "--json"])
    assert listed.exit_code == 0 and {s["ref"] for s in json.loads(listed.stdout)} == {s["ref"] for s in scene["subs"]}


def test_the_service_and_key_can_come_from_the_settings_file(scene, ck_home):
    from sync.config import Config
    from sync.paths import Paths

    config = Config.load(Paths.from_env())
    config.set("stories", "server_url", scene["svc"].url)
    config.set("stories", "key", scene["provider"])
    config.save()
    listed = CliRunner().invoke(main, ["stories", "list", "--status", "published", "--json"])
    assert listed.exit_code == 0, listed.stderr
    assert all(s["status"] == "published" for s in json.loads(listed.stdout))


def test_a_council_officer_prints_a_homes_transparency_page(scene, ck_home, tmp_path):
    """``carekiosk print transparency HOME`` asks the service's public figures and prints one A4 page;
    an unknown home is one sentence (exit 8: the service refused the request)."""
    from pypdf import PdfReader

    for lang, words in (("en", "Transparency at Rose House"), ("cy", "Tryloywder yn Rose House")):
        out = tmp_path / f"t-{lang}.pdf"
        done = CliRunner().invoke(main, ["print", "transparency", scene["home"], "--server", scene["svc"].url,
                                         "--since", "2020-01-01", "--lang", lang, "--out", str(out)])
        assert done.exit_code == 0, done.output
        pages = PdfReader(out).pages
        text = " ".join(pages[0].extract_text().split())
        assert len(pages) == 1 and "Rose House" in text and words in text, text
        assert "It names a nurse." in text and TEXTS[1] not in text  # the public reason, never the words
    unknown = CliRunner().invoke(main, ["print", "transparency", "home_nope", "--server", scene["svc"].url,
                                        "--out", str(tmp_path / "x.pdf")])
    assert unknown.exit_code == 8 and "care home" in unknown.output and not (tmp_path / "x.pdf").exists()
