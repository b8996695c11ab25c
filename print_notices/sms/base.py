"""The one small interface every SMS provider implements, and what a send can come back with.

A sender turns a provider's answer into exactly one of: a :class:`SendResult` (accepted), or one of
the errors below, so callers never look at provider error codes themselves:

- :class:`OptedOut` - the number has opted out (Twilio 21610): stop texting it, print instead.
- :class:`InvalidNumber` - not a number that can get texts (Twilio 21211 invalid, 21614 landline).
- :class:`TemporaryFailure` - the text was **definitely not taken**: no connection (refused, DNS,
  connect timeout), or an answer that says the request was not taken (429, 503). Safe to send again,
  after ``retry_after`` seconds if the provider said so.
- :class:`Ambiguous` - the request **may have reached the provider** but its answer was lost: a read
  timeout, a connection reset after the request was sent, or another 5xx (500, 502, 504...). Sending
  again blindly could text the person twice, so it is never retried here; the caller asks the
  provider (:meth:`Sender.find_sent`) whether the text went before it sends again.
- :class:`PermanentFailure` - anything else the provider refused (bad credentials, bad request).
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from sync.retry import Backoff, Retry


@dataclass(frozen=True)
class SendResult:
    provider: str
    provider_ref: str  # Twilio message SID / Notify notification id
    status: str = "accepted"
    to: str = ""
    segments: int | None = None


class SmsError(Exception):
    """A send that did not succeed. ``code`` is the provider's code (e.g. 21610), when there is one."""

    permanent = True

    def __init__(self, message: str, *, code: int | str | None = None, status: int | None = None,
                 to: str | None = None, retry_after: float | None = None):
        super().__init__(message)
        self.code = code
        self.status = status
        self.to = to
        self.retry_after = retry_after


class OptedOut(SmsError):
    """The recipient replied STOP (or equivalent): do not text them again; print instead."""


class InvalidNumber(SmsError):
    """The number cannot receive texts: not a valid number, or a landline."""

    def __init__(self, message: str, *, kind: str = "invalid", **kw):
        super().__init__(message, **kw)
        self.kind = kind  # "invalid" or "landline"


class TemporaryFailure(SmsError):
    """The provider definitely did not take the text (no connection, 429, 503): safe to send again."""

    permanent = False


class Ambiguous(SmsError):
    """The request may have reached the provider, but no answer came back (read timeout, reset after
    sending, 500/502/504). Never resend without first asking the provider whether the text arrived."""

    permanent = False


class PermanentFailure(SmsError):
    """Refused for a reason retrying will not fix (credentials, account, malformed request)."""


@runtime_checkable
class Sender(Protocol):
    name: str

    def send(self, to: str, body: str, *, reference: str | None = None) -> SendResult:
        """Hand one text to the provider. Raises an :class:`SmsError` subclass when not accepted."""
        ...

    def find_sent(self, to: str, body: str, *, reference: str | None, since: datetime,
                  exclude: frozenset[str] = frozenset()) -> SendResult | None:
        """Ask the provider whether this text (same ``reference``, or same number and body since
        ``since``) was taken; ``exclude`` lists message ids already known to be other texts.
        Returns the message, or None when the provider has no such text. Raises :class:`SmsError`
        when the provider cannot be asked (then nothing is known yet)."""
        ...


def default_retry() -> Retry:
    """5 tries, full jitter from 1 s doubling up to 60 s; a ``Retry-After`` over 60 s gives up."""
    return Retry(Backoff(base=1.0, cap=60.0, max_retry_after=60.0), max_attempts=5)


def send_with_backoff(sender: Sender, to: str, body: str, *, reference: str | None = None,
                      retry: Retry | None = None) -> SendResult:
    """``sender.send`` again only after a :class:`TemporaryFailure` (the text was definitely not
    taken), waiting as :mod:`sync.retry` says (``Retry-After`` honoured); every other error,
    :class:`Ambiguous` included, is raised at once.

    When the tries run out (or the provider asks for a longer pause than ``retry`` waits) the
    :class:`TemporaryFailure` is raised, so the caller keeps the message queued and tries again on
    its next run.
    """
    return (retry or default_retry()).call(lambda: sender.send(to, body, reference=reference),
                                           retry_on=TemporaryFailure)


def _chain(exc: BaseException):
    """``exc`` and everything it explicitly wraps (``raise ... from``, urllib3's ``reason``,
    exceptions passed as arguments), each once. Not ``__context__``: an error merely raised while
    handling another says nothing about whether the request went."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        item = todo.pop()
        if item is None or id(item) in seen or not isinstance(item, BaseException):
            continue
        seen.add(id(item))
        yield item
        todo += [item.__cause__, getattr(item, "reason", None)]
        todo += [a for a in getattr(item, "args", ()) if isinstance(a, BaseException)]


def never_sent(exc: BaseException) -> bool:
    """True when a transport error proves the request never reached the provider: the connection
    was refused, the name did not resolve, or connecting timed out. Anything else (a read timeout, a
    reset or a closed connection after the request was written) may have delivered the request."""
    try:
        from urllib3.exceptions import ConnectTimeoutError, NewConnectionError  # NameResolutionError too
    except ImportError:  # pragma: no cover - requests always brings urllib3
        ConnectTimeoutError = NewConnectionError = ()  # type: ignore[assignment]
    try:
        from requests.exceptions import ConnectTimeout
    except ImportError:  # pragma: no cover
        ConnectTimeout = ()  # type: ignore[assignment]
    definite = (ConnectionRefusedError, socket.gaierror, ConnectTimeoutError, NewConnectionError, ConnectTimeout)
    return any(isinstance(item, definite) for item in _chain(exc))


def transport_error(provider: str, exc: BaseException, to: str) -> SmsError:
    """A :class:`TemporaryFailure` when the request surely did not go, else :class:`Ambiguous`.
    The message names the error's type only (never a number or the text)."""
    if never_sent(exc):
        return TemporaryFailure(f"{provider} could not be reached ({type(exc).__name__}).", to=to)
    return Ambiguous(f"{provider} did not answer after the text was sent ({type(exc).__name__}); "
                     "it may have gone.", to=to)


#: HTTP answers that say the provider did not take the request, so sending again is safe
NOT_TAKEN_STATUSES = {429, 503}
