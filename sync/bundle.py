"""Offline bundles: the device's unsent sealed stories on a USB stick, for a connected laptop to upload.

A bundle is one UTF-8 JSON file::

    {"format": "carekiosk-bundle/1", "created_at", "device_id", "home_id", "home_name", "server_url",
     "count", "stories": [Submission, ...], "updates": [UpdateSubmission, ...], "token_id": "...",
     "sha256": "...", "hmac": "..."}

- ``stories`` are exactly the contract's Submissions (``docs/api.md``): sealed bytes (base64) and
  metadata. No plain text ever: the device cannot read its own sealed stories.
- ``sha256`` is over the canonical JSON of everything else (sorted keys, no spaces), so a damaged
  or truncated file fails; ``hmac`` is HMAC-SHA256 of the same bytes keyed with the device's
  token, so an *altered* file fails too (changing it needs the token, which the stick never holds).
  ``token_id`` (a hash of the token, which it does not give away) tells a bundle sealed with an
  earlier token of the kiosk (exported before it enrolled again) from one that was altered.
  Each story is also checked on its own: its sealed bytes against ``payload_sha256``, and its
  ``chain_hash`` recomputed with :func:`sync.chain.link`.
- ``updates`` are authors' updates waiting to be sent (``sync.update_outbox``), sealed like the stories
  and checked the same way (their bytes against ``payload_sha256``); they are uploaded after the
  stories. A bundle from before updates existed has no ``updates``: it reads as none.
- Verification happens completely before anything is uploaded: a refused bundle imports nothing.
- Export marks nothing on the device. Only the service's acknowledgement clears the outbox: after
  an import, the device's next ``carekiosk sync`` gets ``duplicate`` for each story and clears it.
  Importing the same bundle twice is harmless for the same reason.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from . import bounded_json, chain, outcomes
from .client import MAX_BATCH, SUCCESS_RESULTS, fit_batch, ApiClient, ApiError, AuthError, RequestRefused, TransientError
from .errors import UserError
from .retry import Retry
from .store import Store, iso, utcnow

FORMAT = "carekiosk-bundle/1"
MAX_BUNDLE_BYTES = 512 * 1024 * 1024
EXIT_BUNDLE = 9
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_UPDATE_KEYS = {"uuid": str, "device_id": str, "created_hour": str, "size": int, "payload_sha256": str, "sealed": str}
_SUBMISSION_KEYS = {"uuid": str, "device_id": str, "seq": int, "ref": str, "created_hour": str, "route": str,
                    "size": int, "payload_sha256": str, "prev_hash": str, "chain_hash": str, "sealed": str}


class BundleError(UserError):
    """A bundle that cannot be used; nothing was imported."""

    exit_code = EXIT_BUNDLE


def _canonical(doc: dict[str, Any]) -> bytes:
    body = {k: v for k, v in doc.items() if k not in ("sha256", "hmac")}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def _hmac_key(token: str) -> bytes:
    return hashlib.sha256(b"carekiosk-bundle/1\0" + token.encode("utf-8")).digest()


def token_id(token: str) -> str:
    """Which device token sealed a bundle, without giving the token away (a hash of a long random
    secret): so a bundle from before the kiosk enrolled again is told from an altered one."""
    return hashlib.sha256(b"carekiosk-bundle/1 token id\0" + token.encode("utf-8")).hexdigest()[:16]


def seal_bundle(doc: dict[str, Any], token: str) -> dict[str, Any]:
    raw = _canonical(doc)
    out = dict(doc)
    out["sha256"] = hashlib.sha256(raw).hexdigest()
    out["hmac"] = hmac.new(_hmac_key(token), raw, hashlib.sha256).hexdigest()
    return out


# -- export ----------------------------------------------------------------------------------------
@dataclass
class Exported:
    path: Path
    count: int
    first_seq: int | None
    last_seq: int | None


def export_bundle(store: Store, path: str | os.PathLike, *, overwrite: bool = False) -> Exported:
    """Write every story not yet acknowledged (held ones too) to ``path``, atomically. Marks nothing."""
    device = store.device()
    if device.is_demo or not device.token or not device.home_id:
        raise BundleError("This device is not enrolled, so there is nothing to export for a moderation service; "
                          "run `carekiosk enrol` first.")
    path = Path(path)
    if path.exists() and not overwrite:
        raise BundleError(f"{path} already exists; choose another file name or add --force to replace it.")
    stories: list[dict[str, Any]] = []
    after = 0
    while True:
        rows = outcomes.sendable(store, limit=1000, after_seq=after, include_held=True)
        if not rows:
            break
        from .client import submission

        stories.extend(submission(r) for r in rows)
        after = rows[-1]["seq"]
    from . import update_outbox

    updates = [update_outbox.submission(r) for r in update_outbox.sendable(store, limit=100_000, include_held=True)]
    doc = seal_bundle({
        "format": FORMAT,
        "created_at": iso(utcnow()),
        "device_id": device.device_id,
        "home_id": device.home_id,
        "home_name": device.home_name,
        "server_url": device.server_url,
        "count": len(stories),
        "stories": stories,
        "updates": updates,
        "token_id": token_id(device.token),
    }, device.token)
    data = json.dumps(doc, indent=1, ensure_ascii=True).encode("ascii") + b"\n"
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise BundleError(f"The bundle could not be written to {path} ({exc.strerror or exc}).") from None
    seqs = [s["seq"] for s in stories]
    return Exported(path, len(stories), min(seqs) if seqs else None, max(seqs) if seqs else None)


# -- reading and checking --------------------------------------------------------------------------
def read_bundle(path: str | os.PathLike, token: str) -> dict[str, Any]:
    """Load and fully verify a bundle with the device token; raises :class:`BundleError`."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BUNDLE_BYTES:
            raise BundleError(f"{path} is too large to be a carekiosk bundle; nothing was imported.")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BundleError(f"There is no file at {path}; nothing was imported.") from None
    except OSError as exc:
        raise BundleError(f"{path} cannot be read ({exc.strerror or exc}); nothing was imported.") from None
    try:
        doc = bounded_json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):  # TooDeep too: no bundle nests more than a few levels
        raise BundleError(f"{path} is damaged or incomplete (it is not a whole carekiosk bundle); "
                          "nothing was imported.") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise BundleError(f"{path} is not a carekiosk bundle (or a newer kind than this carekiosk reads); "
                          "nothing was imported.")
    canonical = _canonical(doc)
    if not isinstance(doc.get("sha256"), str) or not hmac.compare_digest(
            hashlib.sha256(canonical).hexdigest(), doc["sha256"]):
        raise BundleError(f"{path} has been damaged or altered since it was exported (its checksum does not "
                          "match); nothing was imported.")
    expected = hmac.new(_hmac_key(token), canonical, hashlib.sha256).hexdigest()
    if not isinstance(doc.get("hmac"), str) or not hmac.compare_digest(expected, doc["hmac"]):
        if isinstance(doc.get("token_id"), str) and doc["token_id"] != token_id(token):
            raise BundleError(f"{path} was exported with another device token than this one: it comes from "
                              "another device, or the kiosk has enrolled again since (which gives it a new "
                              "token); run `carekiosk export` on the kiosk again and import that file with the "
                              "token `carekiosk status --show-token` shows there; nothing was imported.")
        raise BundleError(f"{path} was not sealed with this device token: it was altered, or the token belongs "
                          "to another device; nothing was imported.")
    _check_stories(doc, path)
    _check_updates(doc, path)
    return doc


def _check_updates(doc: dict[str, Any], path: Path) -> None:
    updates = doc.setdefault("updates", [])
    if not isinstance(updates, list):
        raise BundleError(f"{path} holds its authors' updates in the wrong shape; nothing was imported.")
    seen: set[str] = set()
    for update in updates:
        bad = not isinstance(update, dict) or any(
            not isinstance(update.get(k), t) or isinstance(update.get(k), bool) for k, t in _UPDATE_KEYS.items())
        if not bad:
            try:
                sealed = base64.b64decode(update["sealed"].encode("ascii"), validate=True)
            except (binascii.Error, ValueError, UnicodeEncodeError):
                bad = True
        if bad or update["uuid"] in seen or update["device_id"] != doc.get("device_id"):
            raise BundleError(f"{path} holds an author's update that is not complete, twice, or from another "
                              "device; nothing was imported.")
        seen.add(update["uuid"])
        if chain.payload_digest(sealed) != update["payload_sha256"] or len(sealed) != update["size"]:
            raise BundleError(f"An author's update in {path} was altered (its sealed content does not match its "
                              "hash); nothing was imported.")


def _check_stories(doc: dict[str, Any], path: Path) -> None:
    stories = doc.get("stories")
    if not isinstance(stories, list) or doc.get("count") != len(stories):
        raise BundleError(f"{path} does not hold the number of stories it says; nothing was imported.")
    seen: set[str] = set()
    for story in stories:
        bad = not isinstance(story, dict) or any(
            not isinstance(story.get(k), t) or isinstance(story.get(k), bool) for k, t in _SUBMISSION_KEYS.items())
        if not bad:
            try:
                sealed = base64.b64decode(story["sealed"].encode("ascii"), validate=True)
            except (binascii.Error, ValueError, UnicodeEncodeError):
                bad = True
        if bad:
            raise BundleError(f"{path} holds a story that is not complete; nothing was imported.")
        seq = story["seq"]
        if story["uuid"] in seen or story["device_id"] != doc.get("device_id"):
            raise BundleError(f"{path} holds story number {seq} twice or from another device; nothing was imported.")
        seen.add(story["uuid"])
        if (chain.payload_digest(sealed) != story["payload_sha256"] or len(sealed) != story["size"]
                or not _HEX64.match(story["prev_hash"])):
            raise BundleError(f"Story number {seq} in {path} was altered (its sealed content does not match its "
                              "hash); nothing was imported.")
        link = chain.link(story["prev_hash"], uuid=story["uuid"], seq=seq, device_id=story["device_id"],
                          created_hour=story["created_hour"], route=story["route"], size=story["size"],
                          payload_sha256=story["payload_sha256"])
        if link != story["chain_hash"]:
            raise BundleError(f"Story number {seq} in {path} was altered (it does not match its chain hash); "
                              "nothing was imported.")


# -- import ----------------------------------------------------------------------------------------
@dataclass
class Imported:
    count: int = 0
    accepted: int = 0
    duplicate: int = 0
    conflict: int = 0
    invalid: int = 0
    unanswered: int = 0
    updates: int = 0
    updates_sent: int = 0  # answered for good: accepted, duplicate or refused (sync.update_outbox)
    updates_left: int = 0  # not answered (or the service takes none yet): they wait on the kiosk for its sync
    requests: int = 0
    problems: list[dict[str, Any]] | None = None
    error: str | None = None
    exit_code: int = 0

    def summary(self) -> str:
        line = (f"Uploaded {self.accepted + self.duplicate} of {self.count} stories ({self.accepted} new, "
                f"{self.duplicate} already there")
        if self.conflict or self.invalid:
            line += f", {self.conflict + self.invalid} refused: see --json"
        if self.updates:
            line += f"; {self.updates_sent} of {self.updates} authors' updates"
            if self.updates_left:
                line += f" ({self.updates_left} left on the kiosk for its next sync)"
        line += f"; {self.requests} requests)."
        if self.error:
            line = line[:-1] + f": {self.error}"
        return line


def _upload_updates(updates: list[dict[str, Any]], client: ApiClient, retry: Retry, report: Imported, call) -> None:
    from . import update_outbox
    from .client import MAX_UPDATE_BATCH

    report.updates = len(updates)
    for start in range(0, len(updates), MAX_UPDATE_BATCH):
        batch = updates[start:start + MAX_UPDATE_BATCH]
        try:
            results = call(retry, lambda: client.submit_updates(batch))
        except RequestRefused:  # a service without authors' updates: the kiosk's own syncs send them later
            report.updates_left = len(updates) - start
            return
        for u in batch:
            r = results.get(u["uuid"])
            if r is None:
                report.updates_left += 1
            elif r["result"] in update_outbox.DONE_RESULTS:
                report.updates_sent += 1
            else:
                report.problems.append({"uuid": u["uuid"], "kind": "update", "result": r["result"],
                                        "reason": r.get("reason")})
                setattr(report, r["result"], getattr(report, r["result"]) + 1)


def upload_bundle(doc: dict[str, Any], client: ApiClient, *, retry: Retry,
                  progress: Callable[[str, int, int], None] | None = None) -> Imported:
    """Upload a verified bundle in batches (transient failures retried with backoff)."""
    from .runner import EXIT_AUTH, EXIT_HELD, EXIT_REFUSED, EXIT_UNREACHABLE, call

    stories = doc["stories"]
    report = Imported(count=len(stories), problems=[])
    before = client.requests_made
    try:
        start = 0
        while start < len(stories):
            batch = stories[start:start + MAX_BATCH]
            batch = batch[:fit_batch(batch)]
            results = call(retry, lambda: client.submit(batch))
            for s in batch:
                r = results.get(s["uuid"])
                if r is None:
                    report.unanswered += 1
                    continue
                setattr(report, r["result"], getattr(report, r["result"]) + 1)
                if r["result"] not in SUCCESS_RESULTS:
                    report.problems.append({"uuid": s["uuid"], "seq": s["seq"], "ref": s["ref"],
                                            "result": r["result"], "reason": r.get("reason")})
            start += len(batch)
            if progress:
                progress("send", start, len(stories))
        _upload_updates(doc.get("updates") or [], client, retry, report, call)
    except AuthError as exc:
        report.error, report.exit_code = str(exc), EXIT_AUTH
    except RequestRefused as exc:
        report.error, report.exit_code = str(exc), EXIT_REFUSED
    except (TransientError, ApiError) as exc:
        report.error, report.exit_code = str(exc), EXIT_UNREACHABLE
    report.requests = client.requests_made - before
    if report.exit_code == 0 and (report.conflict or report.invalid):
        report.exit_code = EXIT_HELD
    elif report.exit_code == 0 and report.unanswered:
        report.exit_code = EXIT_UNREACHABLE
        report.error = f"the service did not answer for {report.unanswered} stories; import the bundle again."
    return report
