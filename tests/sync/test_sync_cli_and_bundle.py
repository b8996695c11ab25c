"""enrol / sync / export / import as a field worker runs them (in-process CliRunner, fake service)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kiosk.cli import main
from sync import outcomes
from sync.bundle import BundleError, read_bundle
from sync.client import InsecureServerError, check_server_url
from sync.profile import open_store
from tests.sync.conftest import make_stories


def cli(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


# -- enrol ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://localhost", "http://[::1]:9000/",
                                 "https://moderation.example.org", "https://10.0.0.5:8443"])
def test_sync_server_url_allowed(url):
    assert check_server_url(url) == url.rstrip("/")


@pytest.mark.parametrize("url", ["http://moderation.example.org", "http://192.168.1.20:8000", "ftp://x",
                                 "moderation.example.org", "https://user:pw@host", "http://127.0.0.1.evil.org"])
def test_sync_server_url_refused(url):
    with pytest.raises(InsecureServerError):
        check_server_url(url)


def test_enrol_refuses_plain_http_to_a_lan_address(ck_home):
    result = cli("enrol", "--server", "http://192.168.1.20:8000", "--code", "CODE-1")
    assert result.exit_code == 1
    assert "Refusing plain http:// to 192.168.1.20" in result.output
    store = open_store()
    assert store.device().is_demo
    store.close()


def test_enrol_insecure_flag_allows_it_but_still_needs_a_service(ck_home):
    # --insecure lifts the http:// refusal; nothing answers at this documentation address.
    (ck_home / "carekiosk.toml").write_text("[sync]\nconnect_timeout = 0.3\nread_timeout = 0.3\n")
    result = cli("enrol", "--server", "http://192.0.2.1:9", "--code", "CODE-1", "--insecure",
                 env={"CAREKIOSK_HOME": str(ck_home)})
    assert "Refusing" not in result.output
    assert result.exit_code == 5 and "could not be reached" in result.output or "in time" in result.output


def test_enrol_with_the_service(ck_home, fake_service):
    result = cli("enrol", "--server", fake_service.url, "--code", "CODE-1", "--json", "--show-token")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["home_id"] == "home-1" and doc["device_token"] == "good-token"
    store = open_store()
    dev = store.device()
    assert (dev.profile, dev.home_id, dev.public_key, dev.server_url) == (
        "enrolled", "home-1", fake_service.public_key, fake_service.url)
    store.close()
    again = cli("enrol", "--server", fake_service.url, "--code", "CODE-1")
    assert again.exit_code == 1 and "already enrolled" in again.output


def test_enrol_with_a_used_code_is_refused(ck_home, fake_service):
    fake_service.codes.clear()
    result = cli("enrol", "--server", fake_service.url, "--code", "CODE-1")
    assert result.exit_code == 6
    assert "used or unknown" in result.output
    store = open_store()
    assert store.device().is_demo
    store.close()


# -- sync command ----------------------------------------------------------------------------------

def test_sync_command_not_enrolled(ck_home):
    result = cli("sync")
    assert result.exit_code == 4 and "not enrolled" in result.output


def test_sync_command_json_and_exit_codes(enrolled_store, fake_service, stories):
    stories(enrolled_store, 12)
    result = cli("sync", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["accepted"] == 12 and doc["remaining"] == 0 and doc["held_stories"] == []
    fake_service.tokens.clear()
    stories(enrolled_store, 1)
    result = cli("sync")
    assert result.exit_code == 6
    assert "does not recognise this device's token" in result.output
    assert "1 still to send" in result.output


def test_sync_command_summary_line(enrolled_store, fake_service, stories):
    stories(enrolled_store, 3)
    result = cli("sync")
    assert result.exit_code == 0
    assert result.output.count("\n") == 1
    assert result.output.startswith("Sent 3 of 3 stories; 0 still to send;")


# -- export / import -------------------------------------------------------------------------------

def _service_sees_each_once(service, added):
    assert sorted(service.accept_log) == sorted(a.uuid for a in added)


def test_export_import_round_trip(enrolled_store, fake_service, stories, tmp_path, no_sleep):
    added = stories(enrolled_store, 150)
    bundle = tmp_path / "usb" / "rose-house.ckb"
    bundle.parent.mkdir()
    result = cli("export", str(bundle))
    assert result.exit_code == 0, result.output
    assert "Wrote 150 sealed stories (numbers 1–150)" in result.output
    # export marks nothing and never holds plain text
    assert outcomes.outbox_summary(enrolled_store) == {"pending": 150, "held": 0, "acknowledged": 0, "not_sent": 0}
    text = bundle.read_text()
    assert "the tea was lovely" not in text
    assert fake_service.requests == []
    assert cli("export", str(bundle)).exit_code == 9  # no silent overwrite

    # on the connected laptop (no device store needed)
    result = cli("import", str(bundle), "--server", fake_service.url, "--token", "good-token", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert (doc["count"], doc["accepted"], doc["duplicate"]) == (150, 150, 0)
    assert doc["requests"] == 2
    _service_sees_each_once(fake_service, added)

    # importing twice is harmless
    result = cli("import", str(bundle), "--server", fake_service.url, "--token", "good-token", "--json")
    doc = json.loads(result.output)
    assert result.exit_code == 0 and (doc["accepted"], doc["duplicate"]) == (0, 150)
    _service_sees_each_once(fake_service, added)

    # the device's next sync sees duplicates and clears its outbox
    result = cli("sync", "--json")
    doc = json.loads(result.output)
    assert result.exit_code == 0 and doc["duplicate"] == 150 and doc["accepted"] == 0
    assert outcomes.outbox_summary(enrolled_store)["pending"] == 0
    _service_sees_each_once(fake_service, added)


def _export(enrolled_store, stories, tmp_path, n=5):
    stories(enrolled_store, n)
    path = tmp_path / "b.ckb"
    assert cli("export", str(path)).exit_code == 0
    return path


def _import(path, fake_service, token="good-token"):
    return cli("import", str(path), "--server", fake_service.url, "--token", token)


def _refused(result, fake_service, words):
    assert result.exit_code == 9, result.output
    assert words in result.output and "nothing was imported" in result.output
    assert result.output.strip().count("\n") == 0  # one sentence
    assert fake_service.story_requests() == 0 and fake_service.accept_log == []


def test_truncated_bundle_is_refused(enrolled_store, fake_service, stories, tmp_path):
    path = _export(enrolled_store, stories, tmp_path)
    path.write_bytes(path.read_bytes()[:-200])
    _refused(_import(path, fake_service), fake_service, "damaged or incomplete")


def test_one_flipped_byte_is_refused(enrolled_store, fake_service, stories, tmp_path):
    path = _export(enrolled_store, stories, tmp_path)
    doc = json.loads(path.read_text())
    sealed = doc["stories"][2]["sealed"]
    doc["stories"][2]["sealed"] = ("A" if sealed[10] != "A" else "B").join([sealed[:10], sealed[11:]])
    path.write_text(json.dumps(doc))
    _refused(_import(path, fake_service), fake_service, "damaged or altered")


def test_altered_bundle_with_recomputed_checksum_is_refused(enrolled_store, fake_service, stories, tmp_path):
    import hashlib
    from sync.bundle import _canonical

    path = _export(enrolled_store, stories, tmp_path)
    doc = json.loads(path.read_text())
    del doc["stories"][1]  # someone drops a story and fixes up the checksum
    doc["count"] = 4
    doc["sha256"] = hashlib.sha256(_canonical(doc)).hexdigest()
    path.write_text(json.dumps(doc))
    _refused(_import(path, fake_service), fake_service, "not sealed with this device token")


def test_wrong_token_is_refused(enrolled_store, fake_service, stories, tmp_path):
    path = _export(enrolled_store, stories, tmp_path)
    _refused(_import(path, fake_service, token="someone-elses"), fake_service, "another device")


def test_not_a_bundle_is_refused(ck_home, fake_service, tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 not json")
    _refused(_import(path, fake_service), fake_service, "damaged or incomplete")
    path.write_text('{"hello": 1}')
    _refused(_import(path, fake_service), fake_service, "not a carekiosk bundle")
    _refused(_import(tmp_path / "missing.ckb", fake_service), fake_service, "There is no file")


def test_import_refuses_plain_http_to_a_lan_address(ck_home, tmp_path):
    result = cli("import", str(tmp_path / "x"), "--server", "http://10.1.1.1", "--token", "t")
    assert result.exit_code == 1 and "Refusing plain http://" in result.output


def test_import_with_faults_retries(enrolled_store, fake_service, stories, tmp_path, ck_home):
    path = _export(enrolled_store, stories, tmp_path, n=120)
    fake_service.fail("500", "truncated", ("429", 0))
    result = cli("import", str(path), "--server", fake_service.url, "--token", "good-token", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["accepted"] + doc["duplicate"] == 120 and doc["retries"] == 3
    assert len(fake_service.accept_log) == len(set(fake_service.accept_log)) == 120


def test_export_not_enrolled(ck_home, tmp_path):
    result = cli("export", str(tmp_path / "x.ckb"))
    assert result.exit_code == 9 and "not enrolled" in result.output


def test_bundle_includes_held_stories(enrolled_store, fake_service, stories, tmp_path, no_sleep):
    from sync.runner import run_sync

    added = stories(enrolled_store, 3)
    fake_service.answers[added[0].uuid] = ("invalid", "nope")
    run_sync(enrolled_store, sleep=no_sleep)
    stories(enrolled_store, 2)
    path = tmp_path / "b.ckb"
    assert cli("export", str(path)).exit_code == 0
    doc = read_bundle(path, "good-token")
    assert [s["seq"] for s in doc["stories"]] == [1, 4, 5]
    with pytest.raises(BundleError):
        read_bundle(path, "bad")


def test_enrol_refuses_while_demo_stories_wait(ck_home, fake_service):
    from sync.story import Story

    store = open_store()
    store.add_stories([Story(text="A demo story.", author_role="visitor")] * 2)
    store.close()
    result = cli("enrol", "--server", fake_service.url, "--code", "CODE-1")
    assert result.exit_code == 1 and "2 stories written on the demo profile are waiting" in result.output
    assert fake_service.requests == []
    result = cli("enrol", "--server", fake_service.url, "--code", "CODE-1", "--drop-demo-stories")
    assert result.exit_code == 0, result.output
    store = open_store()
    assert outcomes.outbox_summary(store) == {"pending": 0, "held": 0, "acknowledged": 0, "not_sent": 2}
    device = store.device()
    assert not device.is_demo and device.last_seq == 0, "enrolment starts a fresh chain"
    assert store.verify() == [], "the closed demo chain still verifies"
    store.close()
    from sync.paths import Paths

    assert not Paths.from_env().demo_private_key.exists(), "nobody at the home can open demo stories now"


def test_a_service_without_authors_updates_keeps_them_on_the_kiosk_for_later(enrolled_store, fake_service, tmp_path):
    """An older service (no ``/v1/updates``): sync and import still send the stories and leave the
    updates waiting on the kiosk, untouched, instead of failing."""
    from sync import reply_code, update_outbox
    from sync.author_update import AuthorUpdate
    from sync.runner import EXIT_OK, run_sync

    update_outbox.add_update(enrolled_store, AuthorUpdate(story_uuid="0b7e6f3a-0000-4000-8000-0000000000aa",
                                                          story_ref="4821", reply_code=reply_code.new_code(),
                                                          text="Better now."))
    make_stories(enrolled_store, 3)
    report = run_sync(enrolled_store)
    assert report.exit_code == EXIT_OK and report.accepted == 3 and report.updates_sent == 0, report.summary()
    assert update_outbox.summary(enrolled_store)["pending"] == 1
    bundle = tmp_path / "usb.ckb"
    runner = CliRunner()
    assert runner.invoke(main, ["export", str(bundle)]).exit_code == 0
    result = runner.invoke(main, ["import", str(bundle), "--server", fake_service.url, "--token", "good-token",
                                  "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["updates"] == 1 and doc["updates_left"] == 1 and doc["updates_sent"] == 0


def test_an_update_written_on_the_demo_profile_is_counted_and_set_aside_at_enrolment(ck_home):
    from sync import reply_code, update_outbox
    from sync.author_update import AuthorUpdate

    with open_store() as store:
        update_outbox.add_update(store, AuthorUpdate(story_uuid="0b7e6f3a-0000-4000-8000-0000000000aa",
                                                     story_ref="4821", reply_code=reply_code.new_code(),
                                                     text="Written on the demo."))
        assert update_outbox.summary(store)["pending"] == 1
        set_aside = store.enrol(home_id="h1", home_name="Rose House", public_key=store.device().public_key,
                                server_url="http://127.0.0.1:9", token="t", device_id="enrolled-1", may_set_aside=1)
        assert set_aside == 1 and update_outbox.summary(store)["not_sent"] == 1
        assert update_outbox.sendable(store) == []
