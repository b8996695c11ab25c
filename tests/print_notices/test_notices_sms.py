"""The real twilio and notifications-python-client SDKs against the local stand-in."""

from __future__ import annotations

import pytest

from print_notices.notifier.ledger import Ledger
from print_notices.sms import suppressions
from print_notices.sms.base import (Ambiguous, InvalidNumber, OptedOut, PermanentFailure, Sender, TemporaryFailure,
                                    send_with_backoff)
from print_notices.sms.gateway import deliver
from print_notices.sms.notify_sender import NotifySender
from print_notices.sms.twilio_sender import TwilioSender
from sync.paths import Paths
from sync.retry import Backoff, Retry

SID = "AC" + "a" * 32
TOKEN = "secret-token"
TO = "+447700900123"
# Notify keys are "name-<service id>-<secret>"
SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
NOTIFY_KEY = f"carekiosk_test-{SERVICE_ID}-{SECRET}"
TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"


class NoSleep:
    def __init__(self):
        self.slept: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.slept.append(seconds)


@pytest.fixture
def twilio(standin):
    return TwilioSender(SID, TOKEN, from_number="+447700900000", base_url=standin.url,
                        status_callback="https://example.org/sms/status")


@pytest.fixture
def notify(standin):
    return NotifySender(NOTIFY_KEY, TEMPLATE, base_url=standin.url)


def tries(attempts: int = 5, *, base: float = 1.0, cap: float = 60.0, sleep=None) -> Retry:
    """The senders' retry policy with a recording (or no) sleep."""
    return Retry(Backoff(base=base, cap=cap), max_attempts=attempts, sleep=sleep or NoSleep())


@pytest.fixture
def log_path(tmp_path):
    return tmp_path / "notifier.sqlite3"


@pytest.fixture
def store(log_path):
    """The notifier's send log, where what the providers say about numbers is kept."""
    with Ledger(log_path) as log:
        yield log


def test_twilio_send_goes_through_the_real_sdk(twilio, standin):
    assert isinstance(twilio, Sender)
    result = twilio.send(TO, "Demo House: story 4821 is ready.")
    assert result.provider == "twilio" and result.provider_ref.startswith("SM") and result.segments == 1
    [req] = standin.requests
    assert req.method == "POST" and req.path == f"/2010-04-01/Accounts/{SID}/Messages.json"
    assert req.form == {"To": TO, "From": "+447700900000", "Body": "Demo House: story 4821 is ready.",
                        "StatusCallback": "https://example.org/sms/status"}
    import base64
    scheme, _, token = req.headers["Authorization"].partition(" ")
    assert scheme == "Basic" and base64.b64decode(token).decode() == f"{SID}:{TOKEN}"
    assert req.headers["User-Agent"].startswith("twilio-python/")


def test_twilio_base_url_keeps_a_path_prefix(standin):
    sender = TwilioSender(SID, TOKEN, messaging_service_sid="MG" + "b" * 32, base_url=standin.url + "/compat/")
    standin.answer_next(201, {"sid": "SMx", "status": "accepted"})
    sender.send(TO, "hello")
    assert standin.requests[0].path == f"/compat/2010-04-01/Accounts/{SID}/Messages.json"
    assert standin.requests[0].form["MessagingServiceSid"] == "MG" + "b" * 32


@pytest.mark.parametrize("code, error, kind", [
    (21610, OptedOut, None), (21211, InvalidNumber, "invalid"), (21614, InvalidNumber, "landline"),
    (20003, PermanentFailure, None),
])
def test_twilio_error_codes_map_to_plain_errors(twilio, standin, code, error, kind):
    standin.twilio_error(code)
    with pytest.raises(error) as caught:
        twilio.send(TO, "hello")
    assert caught.value.code == code
    assert type(caught.value) is error
    if kind:
        assert caught.value.kind == kind


def test_twilio_429_backs_off_honouring_retry_after_then_succeeds(twilio, standin):
    standin.answer_next(429, {"code": 20429, "message": "Too Many Requests", "status": 429},
                        headers={"Retry-After": "7"})
    standin.answer_next(503, {"code": 20503, "message": "Service unavailable", "status": 503})
    sleep = NoSleep()
    result = send_with_backoff(twilio, TO, "hello", retry=tries(4, base=1, cap=60, sleep=sleep))
    assert result.provider_ref.startswith("SM")
    assert len(standin.requests) == 3
    assert sleep.slept[0] == 7  # Retry-After honoured
    assert 0 <= sleep.slept[1] <= 2  # then full jitter, capped exponential


def test_a_retry_after_longer_than_we_wait_leaves_the_text_for_the_next_pass(twilio, standin):
    """Retry-After beyond the policy's limit: no wait in this run, the text stays queued (Temporary)."""
    standin.answer_next(429, {"code": 20429, "message": "Too Many Requests", "status": 429},
                        headers={"Retry-After": "120"})
    sleep = NoSleep()
    retry = Retry(Backoff(base=1, cap=30, max_retry_after=30), max_attempts=4, sleep=sleep)
    with pytest.raises(TemporaryFailure) as caught:
        send_with_backoff(twilio, TO, "hello", retry=retry)
    assert caught.value.retry_after == 120 and sleep.slept == [] and len(standin.requests) == 1


def test_twilio_503_every_time_gives_up_as_temporary(twilio, standin):
    standin.answer_next(503, {"code": 20503, "message": "Service unavailable", "status": 503}, times=3)
    sleep = NoSleep()
    with pytest.raises(TemporaryFailure):
        send_with_backoff(twilio, TO, "hello", retry=tries(3, sleep=sleep))
    assert len(standin.requests) == 3 and len(sleep.slept) == 2


@pytest.mark.parametrize("status", [500, 502, 504])
def test_twilio_other_5xx_is_ambiguous_and_never_resent(twilio, standin, status):
    """A 500/502/504 may come after the text was taken: no blind resend."""
    standin.answer_next(status, {"code": 20500, "message": "Internal Server Error", "status": status}, times=3)
    sleep = NoSleep()
    with pytest.raises(Ambiguous):
        send_with_backoff(twilio, TO, "hello", retry=tries(4, sleep=sleep))
    assert len(standin.sends()) == 1 and sleep.slept == []


def test_twilio_unreachable_is_temporary():
    sender = TwilioSender(SID, TOKEN, from_number="+447700900000", base_url="http://127.0.0.1:9", timeout=2)
    with pytest.raises(TemporaryFailure):
        sender.send(TO, "hello")


def test_permanent_errors_are_not_retried(twilio, standin):
    standin.twilio_error(21211)
    sleep = NoSleep()
    with pytest.raises(InvalidNumber):
        send_with_backoff(twilio, TO, "hello", retry=tries(5, sleep=sleep))
    assert len(standin.requests) == 1 and sleep.slept == []


def test_notify_send_goes_through_the_real_sdk(notify, standin):
    from notifications_python_client.authentication import decode_jwt_token, get_token_issuer

    result = notify.send(TO, "Demo House: digest ready.", reference="notice-42")
    assert result.provider == "notify"
    [req] = standin.requests
    assert req.path == "/v2/notifications/sms"
    assert req.json == {"phone_number": TO, "template_id": TEMPLATE, "personalisation": {"body": "Demo House: digest ready."},
                        "reference": "notice-42"}
    scheme, _, token = req.headers["Authorization"].partition(" ")
    assert scheme == "Bearer"
    assert get_token_issuer(token) == SERVICE_ID and decode_jwt_token(token, SECRET)  # signed with our key


@pytest.mark.parametrize("status, error_name, message, expected, kind", [
    (400, "ValidationError", "phone_number Not a UK mobile number", InvalidNumber, "landline"),
    (400, "ValidationError", "phone_number Not enough digits", InvalidNumber, "invalid"),
    (403, "AuthError", "Invalid token: API key not found", PermanentFailure, None),
    (429, "RateLimitError", "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds",
     TemporaryFailure, None),
    (500, "Exception", "Internal server error", Ambiguous, None),
    (502, "Exception", "Bad gateway", Ambiguous, None),
    (503, "Exception", "Service unavailable", TemporaryFailure, None),
])
def test_notify_errors_map_to_plain_errors(notify, standin, status, error_name, message, expected, kind):
    standin.notify_error(status, error_name, message)
    with pytest.raises(expected) as caught:
        notify.send(TO, "hello")
    assert type(caught.value) is expected
    if kind:
        assert caught.value.kind == kind


def test_notify_429_then_success_with_backoff(notify, standin):
    standin.notify_error(429, "RateLimitError", "slow down", headers={"Retry-After": "3"})
    sleep = NoSleep()
    result = send_with_backoff(notify, TO, "hello", retry=tries(sleep=sleep))
    assert result.provider == "notify" and sleep.slept == [3]


# -- the gateway: suppression list, printouts instead ----------------------------------------

def test_opted_out_number_is_never_texted_again_and_prints_instead(store, twilio, standin):
    standin.twilio_error(21610)
    first = deliver(store, twilio, TO, "Demo House: story 4821 is ready.")
    assert first.status == "opted_out" and first.print_instead
    second = deliver(store, twilio, TO, "Demo House: story 4821 is ready.")
    assert second.status == "opted_out" and second.print_instead
    assert len(standin.requests) == 1  # the second was not even attempted
    assert suppressions.sms_problems(store)[0]["state"] == "opted_out"


@pytest.mark.parametrize("code, state", [(21211, "invalid"), (21614, "landline")])
def test_invalid_and_landline_numbers_are_flagged_durably(log_path, twilio, standin, code, state):
    standin.twilio_error(code)
    with Ledger(log_path) as store:
        outcome = deliver(store, twilio, TO, "hello")
    assert outcome.status == "invalid" and outcome.print_instead
    with Ledger(log_path) as store:  # survives reopening (a new process)
        [problem] = suppressions.sms_problems(store)
        assert problem["number"] == TO and problem["state"] == state and problem["code"] == str(code)
        assert deliver(store, twilio, TO, "hello").status == "invalid"
        assert suppressions.clear(store, TO)
        assert deliver(store, twilio, TO, "hello").status == "sent"


def test_gateway_keeps_message_for_later_after_repeated_503(store, twilio, standin):
    standin.answer_next(503, {"code": 20503, "message": "Service unavailable", "status": 503}, times=2)
    outcome = deliver(store, twilio, TO, "hello", retry=tries(2, sleep=NoSleep()))
    assert outcome.status == "retry_later" and not outcome.print_instead
    assert suppressions.sms_problems(store) == []


def test_gateway_reports_a_lost_answer_as_unknown(store, twilio, standin):
    standin.answer_next(502, {"code": 20500, "message": "Bad gateway", "status": 502}, times=2)
    outcome = deliver(store, twilio, TO, "hello", retry=tries(4, sleep=NoSleep()))
    assert outcome.status == "unknown" and not outcome.print_instead
    assert len(standin.sends()) == 1


def test_gateway_refuses_a_body_longer_than_one_segment(store, twilio):
    with pytest.raises(ValueError):
        deliver(store, twilio, TO, "x" * 161)


# -- status callbacks -------------------------------------------------------------------------

def test_twilio_delivery_failure_callback_is_recorded_and_flags_landline(store):
    store.conn.execute("INSERT INTO notices_log (key, kind, channel, recipient, state, due_at, provider_ref,"
                       " created_at) VALUES ('k1', 'published', 'sms', ?, 'sent', '2025-03-10T12:00:00+00:00', 'SM1',"
                       " '2025-03-10T12:00:00+00:00')", (TO,))
    suppressions.record_status_callback(store, {"MessageSid": "SM1", "MessageStatus": "sent", "To": TO})
    got = suppressions.record_status_callback(store, {"MessageSid": "SM1", "MessageStatus": "undelivered",
                                                      "To": TO, "ErrorCode": "30006"})
    assert got["flagged"] == "landline"
    # a late, out-of-order "sent" does not overwrite the final state
    suppressions.record_status_callback(store, {"MessageSid": "SM1", "MessageStatus": "sent", "To": TO})
    assert suppressions.delivery(store, "SM1")["status"] == "undelivered"
    assert suppressions.delivery(store, "SM1")["error_code"] == "30006"
    status, error = store.conn.execute("SELECT status, error FROM notices_log WHERE key = 'k1'").fetchone()
    assert status == "failed" and "30006" in error
    assert suppressions.sms_problems(store)[0]["state"] == "landline"


def test_notify_callbacks_recorded(store):
    suppressions.record_status_callback(store, {"id": "n-1", "status": "delivered", "to": TO})
    suppressions.record_status_callback(store, {"id": "n-2", "status": "temporary-failure", "to": TO})
    assert suppressions.delivery(store, "n-1")["status"] == "delivered"
    assert suppressions.delivery(store, "n-2")["status"] == "temporary-failure"
    assert suppressions.sms_problems(store) == []  # a phone switched off is not the number's fault
    suppressions.record_status_callback(store, {"id": "n-3", "status": "permanent-failure", "to": TO})
    assert suppressions.sms_problems(store)[0]["state"] == "undeliverable"


def test_callback_without_id_is_refused(store):
    with pytest.raises(ValueError):
        suppressions.record_status_callback(store, {"MessageStatus": "failed"})


def test_sender_from_config_env_and_file(ck_home, standin, monkeypatch):
    from print_notices.sms.config import sender_from_config
    from sync.errors import UserError

    paths = Paths.from_env()
    assert sender_from_config(paths, env={}) is None
    (ck_home / "carekiosk.toml").write_text(f'[sms]\nprovider = "twilio"\nbase_url = "{standin.url}"\n'
                                            'from_number = "+447700900000"\n')
    with pytest.raises(UserError, match="account_sid, auth_token"):
        sender_from_config(paths, env={})
    sender = sender_from_config(paths, env={"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": TOKEN})
    sender.send(TO, "hello")
    assert standin.requests[-1].form["From"] == "+447700900000"
    notify = sender_from_config(paths, env={"CAREKIOSK_SMS_PROVIDER": "notify", "NOTIFY_API_KEY": NOTIFY_KEY,
                                            "NOTIFY_TEMPLATE_ID": TEMPLATE})
    notify.send(TO, "hello")
    assert standin.requests[-1].path == "/v2/notifications/sms"
    with pytest.raises(UserError, match="not known"):
        sender_from_config(paths, env={"CAREKIOSK_SMS_PROVIDER": "pigeon"})


# -- "definitely not sent" vs "may have gone" --------------------------------------------------

FAST = Retry(Backoff(base=0.01, cap=0.02), max_attempts=4)


def test_twilio_slow_answer_after_accepting_sends_one_text_not_four(standin):
    """The reviewer's evidence: the provider takes the text, answers after 1.5 s; timeout 1 s."""
    sender = TwilioSender(SID, TOKEN, from_number="+447700900000", base_url=standin.url, timeout=1.0)
    standin.accept_then_slow(1.5, times=4)
    with pytest.raises(Ambiguous):
        send_with_backoff(sender, TO, "Demo House: story 4821 is ready.", retry=FAST)
    assert len(standin.accepted) == 1 and len(standin.sends()) == 1


@pytest.mark.parametrize("provider", ["twilio", "notify"])
def test_reset_after_the_request_went_is_ambiguous(standin, twilio, notify, provider):
    sender = twilio if provider == "twilio" else notify
    standin.accept_then_reset(times=4)
    with pytest.raises(Ambiguous):
        send_with_backoff(sender, TO, "hello", reference="ref-1", retry=FAST)
    assert len(standin.accepted) == 1 and len(standin.sends()) == 1


def test_notify_slow_answer_is_ambiguous(standin):
    sender = NotifySender(NOTIFY_KEY, TEMPLATE, base_url=standin.url, timeout=1.0)
    standin.accept_then_slow(1.5, times=4)
    with pytest.raises(Ambiguous):
        send_with_backoff(sender, TO, "hello", reference="ref-2", retry=FAST)
    assert len(standin.accepted) == 1


def _dead_url() -> str:
    import socket

    with socket.socket() as s:  # a port nobody listens on: connection refused
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.mark.parametrize("provider", ["twilio", "notify"])
def test_connection_refused_is_definitely_not_sent_and_retried(provider):
    url = _dead_url()
    sender = (TwilioSender(SID, TOKEN, from_number="+447700900000", base_url=url, timeout=2) if provider == "twilio"
              else NotifySender(NOTIFY_KEY, TEMPLATE, base_url=url, timeout=2))
    sleep = NoSleep()
    with pytest.raises(TemporaryFailure):
        send_with_backoff(sender, TO, "hello", reference="r", retry=tries(3, sleep=sleep))
    assert len(sleep.slept) == 2  # retried: nothing can have gone


def test_unknown_host_is_definitely_not_sent():
    sender = TwilioSender(SID, TOKEN, from_number="+447700900000", base_url="http://no-such-host.invalid", timeout=2)
    with pytest.raises(TemporaryFailure):
        sender.send(TO, "hello")


def test_connect_timeout_is_definitely_not_sent():
    """A listener that never accepts, its backlog full: connecting times out, nothing was sent."""
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    try:
        for _ in range(8):  # fill the accept queue so further SYNs are dropped
            c = socket.socket()
            c.setblocking(False)
            c.connect_ex(("127.0.0.1", port))
            fillers.append(c)
        sender = TwilioSender(SID, TOKEN, from_number="+447700900000", base_url=f"http://127.0.0.1:{port}",
                              timeout=0.5)
        with pytest.raises(TemporaryFailure, match="ConnectTimeout"):
            sender.send(TO, "hello")
    finally:
        for c in fillers:
            c.close()
        listener.close()


def test_twilio_lookup_finds_a_text_whose_answer_was_lost(standin, twilio):
    from datetime import datetime, timedelta, timezone

    since = datetime.now(timezone.utc) - timedelta(seconds=5)
    standin.accept_then_reset()
    with pytest.raises(Ambiguous):
        twilio.send(TO, "Demo House: story 4821 is ready.")
    found = twilio.find_sent(TO, "Demo House: story 4821 is ready.", reference=None, since=since)
    assert found is not None and found.provider_ref == standin.accepted[0]["sid"]
    [lookup] = standin.lookups()
    assert lookup.query["To"] == TO and lookup.query["From"] == "+447700900000"
    assert twilio.find_sent(TO, "Demo House: story 5150 is ready.", reference=None, since=since) is None
    assert twilio.find_sent(TO, "Demo House: story 4821 is ready.", reference=None, since=since,
                            exclude=frozenset({found.provider_ref})) is None
    later = datetime.now(timezone.utc) + timedelta(hours=1)
    assert twilio.find_sent(TO, "Demo House: story 4821 is ready.", reference=None, since=later) is None


def test_notify_lookup_by_reference(standin, notify):
    standin.accept_then_reset()
    with pytest.raises(Ambiguous):
        notify.send(TO, "hello", reference="abc123")
    found = notify.find_sent(TO, "hello", reference="abc123")
    assert found is not None and found.provider_ref == standin.accepted[0]["id"]
    assert notify.find_sent(TO, "hello", reference="other") is None
    assert [r.query for r in standin.lookups()] == [{"reference": "abc123"}, {"reference": "other"}]
