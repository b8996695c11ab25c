"""The level report over the API: who may read it, and the enrolled kiosk's digest ending with it."""

from __future__ import annotations

import subprocess

import httpx
from pypdf import PdfReader

from tests.support.service import running_service


def test_level_endpoint_roles_and_the_enrolled_kiosks_digest(tmp_path, ck_env, carekiosk_cmd):
    with running_service(tmp_path / "service") as svc:
        home = svc.add_home("Rosewood House")
        other = svc.add_home("Elm House")
        provider = {"Authorization": f"Bearer {svc.provider_key(home)}"}
        stranger = {"Authorization": f"Bearer {svc.provider_key(other)}"}

        r = httpx.get(f"{svc.url}/v1/homes/{home}/level", headers=provider, timeout=10)
        assert r.status_code == 200, r.text
        report = r.json()["report"]
        assert r.json()["api"] == "carekiosk/v1"
        assert report["level"] == 1 and report["home_name"] == "Rosewood House"
        assert report["next_steps"] and report["holding_back"][0]["id"] == "stories_arrive"
        assert httpx.get(f"{svc.url}/v1/homes/{home}/level", headers=stranger, timeout=10).status_code == 403
        assert httpx.get(f"{svc.url}/v1/homes/{home}/level", timeout=10).status_code == 401
        bad = httpx.get(f"{svc.url}/v1/homes/{home}/level", params={"since": "last year"}, headers=provider,
                        timeout=10)
        assert bad.status_code == 422 and "error" in bad.json()

        enrol = subprocess.run([*carekiosk_cmd, "enrol", "--server", svc.url, "--code", svc.enrol_code(home)],
                               env=ck_env, capture_output=True, text=True, timeout=60)
        assert enrol.returncode == 0, enrol.stderr
        out = tmp_path / "digest.pdf"
        printed = subprocess.run([*carekiosk_cmd, "print", "digest", "--out", str(out)], env=ck_env,
                                 capture_output=True, text=True, timeout=60)
        assert printed.returncode == 0, printed.stderr
        pages = [" ".join(p.extract_text().split()) for p in PdfReader(out).pages]
        assert "Where we are: level 1 of 9" in pages[-1] and "SAMPLE" not in pages[-1]

    # the service gone: the digest still prints, without the level page, and says why
    printed = subprocess.run([*carekiosk_cmd, "print", "digest", "--out", str(out)], env=ck_env,
                             capture_output=True, text=True, timeout=60)
    assert printed.returncode == 0, printed.stderr
    assert "level page was left out" in printed.stderr
    assert not any("Where we are" in p.extract_text() for p in PdfReader(out).pages)
