"""Field-worker commands: ``carekiosk enrol``, ``sync``, ``export`` and ``import`` (see docs/sync.md).

Exit codes (also in docs/sync.md):
  0 done; 1 general problem (bad address, plain http refused...); 3 device database problem;
  4 not enrolled; 5 the service could not be reached or kept failing (stories kept, try later);
  6 the service refused this device's token (401/403: enrol again); 7 finished, but some stories
  were answered ``conflict``/``invalid`` and are held for a person; 8 the service refused a request
  (4xx); 9 the bundle is damaged, altered or unreadable (nothing imported).
"""

from __future__ import annotations

import base64
import uuid as uuidlib
import binascii
import json
import sys
from typing import Any

import click

from . import outcomes, refs
from .bundle import BundleError, export_bundle, read_bundle, upload_bundle
from .client import ApiClient, ApiError, check_server_url
from .config import Config
from .errors import UserError
from .i18n import ngettext
from .profile import open_store, retire_demo_key
from .runner import EXIT_OK, retry_for, run_sync, settings


def _emit_json(doc: Any) -> None:
    click.echo(json.dumps(doc, indent=2, sort_keys=True))


class _RichProgress:
    """A rich progress bar on a terminal; nothing otherwise."""

    def __init__(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), transient=True)
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> "_RichProgress":
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def __call__(self, phase: str, done: int, total: int) -> None:
        label = {"send": "Sending stories", "receive": "Receiving updates"}.get(phase, phase)
        if phase not in self.tasks:
            self.tasks[phase] = self.progress.add_task(label, total=max(total, 1) if phase == "send" else None)
        task = self.tasks[phase]
        if phase == "send":
            self.progress.update(task, completed=done, total=max(total, 1))
        else:
            self.progress.update(task, completed=done)


def _progress_for(as_json: bool):
    if as_json or not sys.stdout.isatty():
        return None
    return _RichProgress()


ENROLLED_ID_NAMESPACE = uuidlib.UUID("6f0c5d2e-8a1b-4c3d-9e7f-2a4b6c8d0e1f")


def _slot(value: Any) -> int | None:
    """The reference slot from the enrolment answer (none from a service before slots)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < refs.SLOTS else None


@click.command("enrol")
@click.option("--server", "server", required=True, metavar="URL", help="The moderation service, e.g. https://moderation.example.org")
@click.option("--code", required=True, help="The one-time enrolment code from the service's administrator.")
@click.option("--label", default=None, help="A name for this device (e.g. 'front lobby').")
@click.option("--insecure", is_flag=True, help="Allow plain http:// to a non-loopback address (trusted networks only).")
@click.option("--force", is_flag=True, help="Enrol again although this device is already enrolled.")
@click.option("--drop-demo-stories", is_flag=True,
              help="Enrol although stories written on the demo profile are waiting (they are never sent).")
@click.option("--show-token", is_flag=True, help="Print the device token (needed for `carekiosk import` of this device's bundles).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def enrol(server: str, code: str, label: str | None, insecure: bool, force: bool, drop_demo_stories: bool,
          show_token: bool, as_json: bool) -> None:
    """Join this device to a care home on a moderation service (leaves the demo profile)."""
    url = check_server_url(server, insecure=insecure)
    store = open_store()
    try:
        device = store.device()
        if not device.is_demo and not force:
            raise UserError(f"This device is already enrolled with {device.server_url} for {device.home_name}; "
                            "add --force to enrol it again.")
        from . import update_outbox

        # authors' updates written on the demo profile were sealed to the demo key too: counted alike
        demo_waiting = (outcomes.outbox_summary(store)["pending"] + update_outbox.summary(store)["pending"]
                        if device.is_demo else 0)
        if demo_waiting and not drop_demo_stories:
            raise UserError(ngettext(
                "{n} story written on the demo profile is waiting; the service could not open it, so enrol a fresh "
                "device or add --drop-demo-stories.",
                "{n} stories written on the demo profile are waiting; the service could not open them, so enrol a "
                "fresh device or add --drop-demo-stories.", demo_waiting, "en"))
        cfg = settings()
        # Leaving the demo profile starts a fresh chain under a new device id, so the service sees
        # numbers from 1 and never the demo stories as missing (the demo chain stays for `verify`).
        # Derived, not random: running the same command again after a lost answer asks for the
        # same id, which the service accepts as a retry of the same code.
        device_id = str(uuidlib.uuid5(ENROLLED_ID_NAMESPACE, f"{device.device_id}/enrolled")) if device.is_demo \
            else device.device_id
        # Re-enrolling an enrolled kiosk: it proves it is the same device with its current token.
        current_token = None if device.is_demo else device.token
        with ApiClient(url, current_token, connect_timeout=cfg["connect_timeout"], read_timeout=cfg["read_timeout"],
                       verify=cfg.get("ca_bundle") or True) as client:
            answer = client.enrol(code.strip(), device_id, label)
        if answer["device_id"] != device_id:
            raise UserError("The service enrolled a different device id than this device's; nothing was changed.")
        key = answer["service_public_key"]
        try:
            if not isinstance(key, str) or len(base64.b64decode(key, validate=True)) != 32:
                raise ValueError
        except (binascii.Error, ValueError):
            raise UserError("The service's public key is not a valid key; nothing was changed.") from None
        home = answer["home"]
        store.enrol(home_id=str(home["id"]), home_name=str(home.get("name") or home["id"]), public_key=key,
                    server_url=url, token=str(answer["device_token"]), roster=home.get("roster") or {},
                    device_id=device_id, may_set_aside=demo_waiting if device.is_demo else None,
                    ref_slot=_slot(answer.get("ref_slot")))
        if device.is_demo:
            retire_demo_key()
    finally:
        store.close()
    if as_json:
        doc = {"enrolled": True, "home_id": str(home["id"]), "home_name": home.get("name"),
               "device_id": device_id, "server": url, "demo_stories_not_sent": demo_waiting}
        if show_token:
            doc["device_token"] = answer["device_token"]
        _emit_json(doc)
        return
    click.echo(f"Enrolled with {url} for {home.get('name') or home['id']}; new stories are now sealed to "
               "the moderation service.")
    if demo_waiting:
        click.echo(ngettext("Note: {n} demo story stays on this device and will not be sent.",
                            "Note: {n} demo stories stay on this device and will not be sent.", demo_waiting, "en"),
                   err=True)
    if show_token:
        click.echo(f"Device token (keep it safe; needed only for `carekiosk import`): {answer['device_token']}")
    else:
        click.echo("To upload this kiosk's exported bundles from a laptop (`carekiosk import`), you need its device "
                   "token: `carekiosk status --show-token` shows it, here on the kiosk.")


@click.command("sync")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON instead of a summary line.")
@click.option("--retry-held", is_flag=True, help="Also send again the stories the service answered conflict/invalid for.")
@click.pass_context
def sync_command(ctx: click.Context, as_json: bool, retry_held: bool) -> None:
    """Send waiting stories to the moderation service and fetch what happened to earlier ones."""
    store = open_store()
    try:
        progress = _progress_for(as_json)
        if progress is not None:
            with progress:
                report = run_sync(store, progress=progress, retry_held=retry_held)
        else:
            report = run_sync(store, retry_held=retry_held)
        held = outcomes.held(store)
    finally:
        store.close()
    if as_json:
        doc = report.to_dict()
        doc["held_stories"] = held
        _emit_json(doc)
    else:
        click.echo(report.summary(), err=report.exit_code not in (EXIT_OK,))
    ctx.exit(report.exit_code)


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def export(file: str, force: bool, as_json: bool) -> None:
    """Write the stories waiting to be sent to FILE (for a USB stick) when there is no connection.

    The stories stay waiting on this device: the next `carekiosk sync` clears them once the
    service has them (after `carekiosk import` on a connected laptop, they come back as duplicates).
    """
    store = open_store()
    try:
        done = export_bundle(store, file, overwrite=force)
    finally:
        store.close()
    if as_json:
        _emit_json({"file": str(done.path), "stories": done.count, "first_seq": done.first_seq,
                    "last_seq": done.last_seq})
        return
    if done.count:
        click.echo(f"Wrote {done.count} sealed stories (numbers {done.first_seq}–{done.last_seq}) to {done.path}; "
                   "they stay waiting here until a sync confirms the service has them.")
    else:
        click.echo(f"Wrote an empty bundle to {done.path}: no stories are waiting to be sent.")


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--server", "server", required=True, metavar="URL", help="The moderation service to upload to.")
@click.option("--token", required=True, envvar="CAREKIOSK_DEVICE_TOKEN",
              help="The device token of the kiosk that exported FILE (on the kiosk: `carekiosk status "
                   "--show-token`; or set CAREKIOSK_DEVICE_TOKEN).")
@click.option("--insecure", is_flag=True, help="Allow plain http:// to a non-loopback address (trusted networks only).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def import_command(ctx: click.Context, file: str, server: str, token: str, insecure: bool, as_json: bool) -> None:
    """Upload a bundle written by `carekiosk export` (safe to repeat: stories already there are skipped)."""
    url = check_server_url(server, insecure=insecure)
    doc = read_bundle(file, token.strip())  # verifies everything before anything is sent
    cfg = settings(Config.load())
    waits: list[float] = []
    retry = retry_for(cfg, waits=waits)
    progress = _progress_for(as_json)
    with ApiClient(url, token.strip(), connect_timeout=cfg["connect_timeout"], read_timeout=cfg["read_timeout"],
                   verify=cfg.get("ca_bundle") or True) as client:
        if progress is not None:
            with progress:
                result = upload_bundle(doc, client, retry=retry, progress=progress)
        else:
            result = upload_bundle(doc, client, retry=retry)
    if as_json:
        out = dict(vars(result))
        out.update({"file": file, "device_id": doc["device_id"], "retries": len(waits)})
        _emit_json(out)
    else:
        click.echo(result.summary(), err=result.exit_code != 0)
    ctx.exit(result.exit_code)


__all__ = ["enrol", "sync_command", "export", "import_command", "BundleError", "ApiError"]
