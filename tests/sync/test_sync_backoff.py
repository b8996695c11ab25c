"""Backoff arithmetic and Retry-After parsing; the client's reading of replies."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync.retry import Backoff, parse_retry_after
from sync.client import API_VERSION, ApiClient, AuthError, RequestRefused, TransientError


@given(attempt=st.integers(0, 200), seed=st.integers(0, 2**32), base=st.floats(0.01, 5), cap=st.floats(0.1, 120))
def test_full_jitter_stays_within_the_capped_envelope(attempt, seed, base, cap):
    b = Backoff(base=base, cap=cap, rng=random.Random(seed))
    wait = b.delay(attempt)
    assert 0 <= wait <= min(cap, base * 2 ** min(attempt, 62)) + 1e-9


@given(attempt=st.integers(0, 50), retry_after=st.floats(0, 1000))
def test_retry_after_is_a_floor(attempt, retry_after):
    assert Backoff(base=0.1, cap=2).delay(attempt, retry_after) >= retry_after


def test_jitter_is_spread_out():
    b = Backoff(base=1, cap=8, rng=random.Random(1))
    waits = [b.delay(5) for _ in range(2000)]
    assert max(waits) <= 8 and min(waits) < 0.5 and 3 < sum(waits) / len(waits) < 5


def test_parse_retry_after():
    now = datetime(2025, 1, 1, tzinfo=timezone.utc)
    assert parse_retry_after("12") == 12
    assert parse_retry_after(" 0 ") == 0
    assert parse_retry_after("-5") == 0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=90), usegmt=True), now=now) == 90
    assert parse_retry_after(format_datetime(now - timedelta(seconds=90), usegmt=True), now=now) == 0
    for junk in (None, "", "soon", "nan", "inf"):
        assert parse_retry_after(junk) is None


class Headers(dict):
    def get(self, key, default=None):
        return super().get(key, default)


@pytest.mark.parametrize("status,body,exc", [
    (200, b"<html>Log in to Wi-Fi</html>", TransientError),
    (200, b'{"results": []}', TransientError),                       # JSON, but not the API's
    (200, b'{"api": "carekiosk/v1", "resu', TransientError),         # truncated
    (200, b'[1, 2]', TransientError),
    (200, b'{"api": "carekiosk/v2"}', TransientError),
    (302, b"", TransientError),
    (500, b'{"error": "Oops."}', TransientError),
    (502, b"<html>Bad gateway</html>", TransientError),
    (429, b'{"error": "Slow down."}', TransientError),
    (401, b'{"error": "Unknown token."}', AuthError),
    (403, b'{"error": "Not your home."}', AuthError),
    (403, b"<html>Forbidden by proxy</html>", TransientError),      # not the service speaking
    (422, b'{"error": "Bad body."}', RequestRefused),
    (413, b'{"error": "Too large."}', RequestRefused),
])
def test_client_sorts_replies(status, body, exc):
    client = ApiClient("http://127.0.0.1:1")
    with pytest.raises(exc):
        client._interpret(status, Headers(), body, (200,))


def test_client_accepts_only_the_api_json():
    client = ApiClient("http://127.0.0.1:1")
    assert client._interpret(200, Headers(), b'{"api": "%s", "x": 1}' % API_VERSION.encode(), (200,))["x"] == 1


def test_429_carries_retry_after():
    client = ApiClient("http://127.0.0.1:1")
    with pytest.raises(TransientError) as info:
        client._interpret(429, Headers({"Retry-After": "17"}), b'{"error": "Slow down."}', (200,))
    assert info.value.retry_after == 17


def test_every_request_has_a_timeout_and_verifies_tls():
    seen = {}

    class Session:
        def request(self, method, url, **kw):
            seen.update(kw)
            raise __import__("requests").exceptions.ConnectTimeout()

        def close(self):
            pass

    client = ApiClient("https://example.invalid", "t", connect_timeout=2, read_timeout=3, verify=False,
                       session=Session())
    with pytest.raises(TransientError):
        client.submit([])
    assert seen["timeout"] == (2.0, 3.0) and seen["verify"] is True and seen["allow_redirects"] is False
