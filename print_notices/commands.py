"""``carekiosk print digest|notice REF|poster|leaflet|transparency HOME`` and ``carekiosk notify``."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import click

from sync.config import Config
from sync.i18n import LANGS, UK
from sync.paths import Paths

from . import content


def _since(value: str | None) -> datetime | None:
    """Midnight at the start of that day in UK time (BST in summer), as the reader means it."""
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use a date like 2025-03-01") from None
    return datetime.combine(day, time.min, tzinfo=UK)


def _common(fn):
    fn = click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True,
                      help="Language: en (English) or cy (Cymraeg).")(fn)
    fn = click.option("--large-print", is_flag=True, help="18 pt body text instead of 14 pt.")(fn)
    fn = click.option("--printer", metavar="QUEUE", help="Print on this CUPS printer (default: the usual one).")(fn)
    fn = click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE.pdf",
                      help="Save the PDF here and do not print (unless --printer is given too).")(fn)
    return fn


def _default_out(paths: Paths, name: str) -> Path:
    return paths.data_dir / "notices" / f"{name}.pdf"


def _finish(pdf: Path, *, out: Path | None, printer: str | None, paths: Paths, is_sample: bool) -> None:
    sample = " (SAMPLE content: this device is on the demo profile)" if is_sample else ""
    if out is not None and not printer:
        click.echo(f"Saved {pdf}{sample}")
        return
    from .printing import NoPrinter, print_pdf

    queue = printer or Config.load(paths).section("printing", {"printer": None}).get("printer")
    try:
        job = print_pdf(pdf, queue)
    except NoPrinter as exc:
        click.echo(str(exc), err=True)
        click.echo(f"PDF: {pdf}{sample}")
        raise SystemExit(exc.exit_code) from None
    click.echo(f"Sent to printer {job.printer}" + (f" (job {job.job_id})" if job.job_id else "") + f": {pdf}{sample}")


@click.group("print")
def print_command() -> None:
    """Print a notice for the noticeboard (or save it as a PDF with --out).

    Without a printer the PDF is still made, and its path is shown.
    """


@print_command.command("digest")
@click.option("--since", metavar="DATE", help="Start of the period (YYYY-MM-DD); default: the last 7 days.")
@_common
def digest_cmd(since, out, printer, large_print, lang) -> None:
    """The weekly digest: what was published, replied to, restricted and still waiting."""
    from .digest import render_digest

    paths = Paths.from_env()
    data = content.load(paths, lang=lang)
    level = None if data.is_sample else _fetch_level(paths)
    figures = None if data.is_sample else _fetch_transparency(paths)
    pdf = render_digest(data, out or _default_out(paths, f"digest-{lang}"), since=_since(since), lang=lang,
                        large_print=large_print, level=level, transparency=figures)
    _finish(pdf, out=out, printer=printer, paths=paths, is_sample=data.is_sample)


def _enrolled(paths: Paths):
    from sync.profile import open_store

    store = open_store(paths)
    try:
        return store.device()
    finally:
        store.close()


def _fetch_transparency(paths: Paths) -> dict | None:
    """The home's public transparency figures for the digest's line, if this device is enrolled and
    online (best effort, like the level page)."""
    from sync.organisation_api import OrganisationApi

    device = _enrolled(paths)
    if device.is_demo or not device.server_url or not device.home_id:
        return None
    try:
        with OrganisationApi(device.server_url, None, connect_timeout=5, read_timeout=10) as api:
            return api.transparency(device.home_id)
    except Exception as exc:  # noqa: BLE001 - any failure only leaves the line out
        click.echo(f"Note: the transparency line was left out; the moderation service could not be asked "
                   f"({type(exc).__name__}).", err=True)
        return None


def _fetch_level(paths: Paths) -> dict | None:
    """The home's level page from the moderation service, if this device is enrolled and online.
    Best effort: without a connection the digest is printed without it, and says so here."""
    from sync.client import ApiClient
    from sync.profile import open_store

    store = open_store(paths)
    try:
        device = store.device()
    finally:
        store.close()
    if device.is_demo or not device.server_url or not device.home_id:
        return None
    try:
        with ApiClient(device.server_url, device.token, connect_timeout=5, read_timeout=10) as client:
            return client.level(device.home_id)
    except Exception as exc:  # noqa: BLE001 - any failure only leaves the page out
        click.echo(f"Note: the level page was left out; the moderation service could not be asked "
                   f"({type(exc).__name__}).", err=True)
        return None


def _service_url(paths: Paths, given: str | None, insecure: bool) -> str:
    """``--server``, else the organisation commands' or the notifier's setting, else this kiosk's service."""
    import os

    from sync.client import check_server_url

    url = given or os.environ.get("CAREKIOSK_STORIES_SERVER") or os.environ.get("CAREKIOSK_NOTIFY_SERVER")
    if not url:
        config = Config.load(paths)
        url = config.section("stories", {}).get("server_url") or config.section("notify", {}).get("server_url")
    if not url:
        device = _enrolled(paths)
        url = None if device.is_demo else device.server_url
    if not url:
        raise click.UsageError("Say which moderation service with --server URL (this device is not enrolled).")
    return check_server_url(str(url), insecure=insecure)


@print_command.command("transparency")
@click.argument("home_id")
@click.option("--since", metavar="DATE", help="Start of the period (YYYY-MM-DD); default: the last 12 months.")
@click.option("--server", "server_url", metavar="URL", help="The moderation service (default: the one in the "
                                                            "settings, or this kiosk's).")
@click.option("--insecure", is_flag=True, help="Allow plain http:// to another machine (trusted networks only).")
@_common
def transparency_cmd(home_id, since, server_url, insecure, out, printer, large_print, lang) -> None:
    """One A4 page of what became of a home's stories (for a public-interest body): published,
    restricted and why, reviews and how they ended, lapsed decisions, replies, changes, a chart of the
    last 12 months and any flag raised. HOME_ID is the home's id (home_...)."""
    from datetime import datetime, timezone

    from sync.organisation_api import OrganisationApi

    from .transparency import render_transparency

    paths = Paths.from_env()
    day = _since(since)
    with OrganisationApi(_service_url(paths, server_url, insecure), None, user_agent="carekiosk-print") as api:
        found = api.transparency(home_id, since=day.date().isoformat() if day else None)
    if found is None:
        raise click.ClickException("This moderation service has no transparency figures (it is older than "
                                   "carekiosk's); update it.")
    pdf = render_transparency(found, out or _default_out(paths, f"transparency-{home_id}-{lang}"),
                              now=datetime.now(timezone.utc), lang=lang, large_print=large_print)
    _finish(pdf, out=out, printer=printer, paths=paths, is_sample=False)


@print_command.command("notice")
@click.argument("ref")
@_common
def notice_cmd(ref, out, printer, large_print, lang) -> None:
    """One published story with the home's replies (REF is its reference, e.g. 4821)."""
    from .story_notice import render_story_notice

    paths = Paths.from_env()
    data = content.load(paths, lang=lang)
    story = data.story(ref)
    pdf = render_story_notice(data, story.ref, out or _default_out(paths, f"story-{story.ref}-{lang}"), lang=lang,
                              large_print=large_print)
    _finish(pdf, out=out, printer=printer, paths=paths, is_sample=data.is_sample)


@print_command.command("poster")
@_common
def poster_cmd(out, printer, large_print, lang) -> None:
    """The "You said, we did" poster of changes the home has made."""
    from .poster import render_poster

    paths = Paths.from_env()
    data = content.load(paths, lang=lang)
    pdf = render_poster(data, out or _default_out(paths, f"poster-{lang}"), lang=lang, large_print=large_print)
    _finish(pdf, out=out, printer=printer, paths=paths, is_sample=data.is_sample)


@print_command.command("leaflet")
@_common
def leaflet_cmd(out, printer, large_print, lang) -> None:
    """The "Tell us your story" leaflet: using the kiosk, giving feedback online, privacy."""
    from .leaflet import render_leaflet

    paths = Paths.from_env()
    data = content.load(paths, lang=lang)
    pdf = render_leaflet(data, out or _default_out(paths, f"leaflet-{lang}"), lang=lang, large_print=large_print)
    _finish(pdf, out=out, printer=printer, paths=paths, is_sample=data.is_sample)


#: keys of ``ctx.obj`` under which the composition root may hand the notifier a clock (returning an
#: aware ``datetime``) and an ``on_step(name)`` observer (see ``notifier.runner.STEPS``)
NOTIFIER_CLOCK = "notify.clock"
NOTIFIER_ON_STEP = "notify.on_step"


@click.command("notify")
@click.option("--once", is_flag=True, help="One pass, then exit (default: keep running).")
@click.option("--server", "server_url", metavar="URL", help="The moderation service (else [notify] server_url).")
@click.option("--key", metavar="KEY", help="A provider key (else CAREKIOSK_NOTIFY_KEY or [notify] key).")
@click.option("--home", "homes", multiple=True, metavar="HOME_ID",
              help="Only this home (repeatable; default: every home the key can see).")
@click.option("--interval", type=float, metavar="SECONDS", help="Seconds between passes (default 60).")
@click.option("--insecure", is_flag=True, default=None,
              help="Allow plain http:// to a non-loopback service (trusted networks only; else [notify] insecure).")
@click.pass_context
def notify(ctx, once, server_url, key, homes, interval, insecure) -> None:
    """Turn moderation events into texts and printouts, each exactly once.

    Texts wait through quiet hours (21:00-08:00) and more than three to one manager within an hour
    become one summary. Numbers that opted out get printouts instead.

    Exit status: 0 done; 1 a setting or the key is wrong; 5 (--once) the moderation service could
    not be reached; 10 another notify is already running for this data folder.
    """
    import logging

    from .notifier import runner, status
    from .notifier.config import NotifySettings
    from .notifier.ledger import FILE, Ledger

    wiring = ctx.find_object(dict) or {}
    paths = Paths.from_env()
    settings = NotifySettings.load(paths, server_url=server_url, key=key, homes=homes, interval=interval,
                                   insecure=insecure or None)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    paths.ensure()
    server = None
    with runner.one_per_data_folder(paths.data_dir / FILE), Ledger(paths.data_dir / FILE) as ledger:
        notifier = runner.build(settings, ledger, clock=wiring.get(NOTIFIER_CLOCK),
                                on_step=wiring.get(NOTIFIER_ON_STEP))
        if settings.status_listen:
            from .sms.config import settings as sms_settings

            host, _, port = settings.status_listen.rpartition(":")
            server = status.serve(paths.data_dir / FILE, host or "127.0.0.1", int(port),
                                  auth_token=sms_settings(paths).get("auth_token"), public_url=settings.status_url)
        try:
            runner.loop(notifier, once=once, interval=settings.interval, echo=click.echo)
        except KeyboardInterrupt:
            pass
        finally:
            if server is not None:
                server.shutdown()
