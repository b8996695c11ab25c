"""Choosing and configuring the SMS sender from ``[sms]`` in the settings file or the environment.

```toml
[sms]
provider = "twilio"            # or "notify"
# Twilio (or a Twilio-compatible provider: set base_url)
account_sid = "AC..."          # or env TWILIO_ACCOUNT_SID
auth_token = "..."             # or env TWILIO_AUTH_TOKEN
from_number = "+447700900123"  # or env TWILIO_FROM_NUMBER; or messaging_service_sid / TWILIO_MESSAGING_SERVICE_SID
status_callback = "https://example.org/sms/status"
# GOV.UK Notify
api_key = "..."                # or env NOTIFY_API_KEY
template_id = "..."            # or env NOTIFY_TEMPLATE_ID (a template whose body is ((body)))
base_url = "http://127.0.0.1:8025"  # or env CAREKIOSK_SMS_BASE_URL; default: the provider's own API
```
Environment variables win over the file, so secrets need not be written to disk.
"""

from __future__ import annotations

import os
from typing import Mapping

from sync.config import Config
from sync.errors import UserError
from sync.paths import Paths

from .base import Sender

DEFAULTS = {"provider": None, "base_url": None, "account_sid": None, "auth_token": None, "from_number": None,
            "messaging_service_sid": None, "status_callback": None, "api_key": None, "template_id": None}
ENV = {
    "provider": "CAREKIOSK_SMS_PROVIDER", "base_url": "CAREKIOSK_SMS_BASE_URL",
    "account_sid": "TWILIO_ACCOUNT_SID", "auth_token": "TWILIO_AUTH_TOKEN", "from_number": "TWILIO_FROM_NUMBER",
    "messaging_service_sid": "TWILIO_MESSAGING_SERVICE_SID", "status_callback": "TWILIO_STATUS_CALLBACK",
    "api_key": "NOTIFY_API_KEY", "template_id": "NOTIFY_TEMPLATE_ID",
}


def settings(paths: Paths | None = None, env: Mapping[str, str] | None = None) -> dict:
    env = os.environ if env is None else env
    merged = Config.load(paths).section("sms", DEFAULTS)
    for key, name in ENV.items():
        if env.get(name):
            merged[key] = env[name]
    return merged


def sender_from_config(paths: Paths | None = None, env: Mapping[str, str] | None = None) -> Sender | None:
    """The configured sender, or None when SMS is not set up (then every notice is printed)."""
    cfg = settings(paths, env)
    provider = (cfg.get("provider") or "").strip().lower()
    if not provider:
        if cfg.get("account_sid"):
            provider = "twilio"
        elif cfg.get("api_key"):
            provider = "notify"
        else:
            return None
    if provider == "twilio":
        from .twilio_sender import TwilioSender

        missing = [k for k in ("account_sid", "auth_token") if not cfg.get(k)]
        if not (cfg.get("from_number") or cfg.get("messaging_service_sid")):
            missing.append("from_number")
        if missing:
            raise UserError(f"Texts through Twilio need {', '.join(missing)} in [sms] (or TWILIO_* variables).")
        return TwilioSender(cfg["account_sid"], cfg["auth_token"], from_number=cfg.get("from_number"),
                            messaging_service_sid=cfg.get("messaging_service_sid"), base_url=cfg.get("base_url"),
                            status_callback=cfg.get("status_callback"))
    if provider == "notify":
        from .notify_sender import NotifySender

        missing = [k for k in ("api_key", "template_id") if not cfg.get(k)]
        if missing:
            raise UserError(f"Texts through GOV.UK Notify need {', '.join(missing)} in [sms] (or NOTIFY_* variables).")
        return NotifySender(cfg["api_key"], cfg["template_id"], base_url=cfg.get("base_url"))
    raise UserError(f"The [sms] provider '{provider}' is not known; use twilio or notify.")
