"""``carekiosk serve``, ``carekiosk admin …`` and ``carekiosk moderate …``.

The admin and moderate commands work directly on the service's data folder (its key) and its
database, so they work whether or not ``carekiosk serve`` is running. The folder is ``--data-dir``,
else ``CAREKIOSK_HOME``, else the platform's data folder + ``/service``; the database is
``--database-url``, else ``CAREKIOSK_DATABASE_URL``, else the SQLite file in that folder.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from sync.errors import UserError

try:  # the server extra: without it the `carekiosk` command hides serve, admin and moderate (kiosk/cli.py)
    import sqlalchemy  # noqa: F401
except ModuleNotFoundError as exc:
    raise ModuleNotFoundError(f"{__name__} needs the server extra: pip install 'carekiosk[server]'",
                              name=__name__) from exc

from sync.conversation import PUBLIC_INTEREST_KINDS, criticality_label
from sync.i18n import LANGS
from sync.story import role_label

from .clock import utcnow
from .db import DATABASE_URL_ENV, Database, database_target, resolve_data_dir
from .domain import auth, homes, lifecycle
from .domain import organisations as orgs
from .errors import ApiError
from .keys import load_or_create, private_key_path
from .queries.homes import list_homes as home_rows
from .queries.keys import list_keys as key_rows
from .queries.stories import find_stories, moderation_detail, moderation_items, status_out

DEFAULT_PORT = 8470


def _data_dir_option(fn):
    fn = click.option("--database-url", default=None, metavar="URL",
                      help=f"The service's database, e.g. postgresql://user:pass@host/carekiosk (default: "
                           f"${DATABASE_URL_ENV}, else the SQLite file in the data folder).")(fn)
    return click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                        help="The service's data folder (default: $CAREKIOSK_HOME, else the user data folder).")(fn)


def _root(ctx: click.Context, data_dir: Path | None) -> Path:
    chosen = data_dir or (ctx.obj or {}).get("data_dir")
    return resolve_data_dir(chosen)


def _db(ctx: click.Context, data_dir: Path | None) -> Database:
    """The service's database for a command: ``--database-url`` (here or on the group), else
    ``CAREKIOSK_DATABASE_URL``, else the SQLite file in the data folder."""
    params = ctx.params
    url = params.get("database_url") or (ctx.obj or {}).get("database_url")
    return Database(database_target(_root(ctx, data_dir), url))


_LANGUAGE_NAMES = {"en": "English", "cy": "Welsh"}
_language_option = click.option("--language", type=click.Choice(LANGS), default="en", show_default=True,
                                help="The language of the manager's texts and notices: en (English) or cy (Welsh).")


def _emit(obj: Any) -> None:
    click.echo(json.dumps(obj, indent=2, ensure_ascii=False))


def _api_errors(fn):
    """Turn an ApiError from the shared code into a UserError (one sentence, non-zero exit)."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ApiError as exc:
            raise UserError(exc.message) from None
    return wrapper


# -- serve ----------------------------------------------------------------------------------

@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535))
@_data_dir_option
@click.option("--print-openapi", is_flag=True, help="Print the OpenAPI document (docs/openapi.json) and exit.")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve(host: str, port: int, data_dir: Path | None, database_url: str | None, print_openapi: bool,
          log_level: str) -> None:
    """Run the reference moderation service (HTTP on 127.0.0.1:8470 by default).

    Put it behind a TLS proxy before letting devices reach it over a network.
    """
    from .app import create_app, openapi_text

    if print_openapi:
        sys.stdout.write(openapi_text())
        return
    import uvicorn

    from .access_log import log_config

    _check_port_free(host, port)
    root = resolve_data_dir(data_dir)
    app = create_app(root, database_url=database_url)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo("carekiosk: listening beyond this machine over plain HTTP; put a TLS proxy in front.", err=True)
    where = app.state.service.db.where
    click.echo(f"carekiosk moderation service: http://{host}:{port}/v1/health (data in {root}, database {where})",
               err=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=True, server_header=False,
                log_config=log_config())


def _check_port_free(host: str, port: int) -> None:
    """One sentence, before uvicorn's own ``[Errno 98] error while attempting to bind``, when the address
    cannot be listened on (another ``carekiosk serve`` already there, a port only root may use...)."""
    import errno
    import socket

    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise UserError(f"This machine has no address called {host!r} to listen on; check --host.") from None
    for family, kind, proto, _, address in addresses:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds: only a listener counts
            try:
                probe.bind(address)
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE:
                    raise UserError(f"Port {port} on {host} is already in use (is another carekiosk serve running?); "
                                    "stop it or choose another --port.") from None
                if exc.errno == errno.EACCES:
                    raise UserError(f"carekiosk is not allowed to listen on port {port} (ports below 1024 need "
                                    "root); choose another --port.") from None
                if exc.errno == errno.EADDRNOTAVAIL:
                    raise UserError(f"This machine has no address {host} to listen on; check --host.") from None
                raise UserError(f"Cannot listen on {host} port {port} ({exc.strerror or type(exc).__name__}).") \
                    from None


# -- admin ----------------------------------------------------------------------------------

@click.group()
@_data_dir_option
@click.pass_context
def admin(ctx: click.Context, data_dir: Path | None, database_url: str | None) -> None:
    """Set up homes, enrolment codes and keys (works on the service's data folder and database)."""
    ctx.ensure_object(dict)
    ctx.obj["data_dir"] = data_dir
    ctx.obj["database_url"] = database_url


@admin.command("add-home")
@click.argument("name")
@click.option("--manager-phone", required=True, help="The manager's mobile number (SMS notices).")
@click.option("--public-interest-phone", default=None,
              help="Optional number for public-interest alerts: makes (or reuses) a public-interest body "
                   "\"Public-interest contact\" covering this home (see admin public-interest-key).")
@click.option("--allow-landline", is_flag=True,
              help="Accept a manager's number that is not a mobile (only if that line can receive texts).")
@_language_option
@_data_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print {\"home_id\": ...}.")
@click.pass_context
def add_home(ctx, name, manager_phone, public_interest_phone, allow_landline, language, data_dir, database_url,
             as_json):
    """Add a care home; prints its id (and warns if a home of that name exists already)."""
    with _db(ctx, data_dir) as db, db.transaction() as conn:
        namesakes = homes.same_name(conn, name)
        home_id = homes.add_home(conn, name, manager_phone, public_interest_phone=public_interest_phone,
                                 now=utcnow(), language=language, allow_landline=allow_landline)
    if public_interest_phone and not allow_landline:
        try:
            homes.check_textable(homes.normalise_phone(public_interest_phone), "public-interest phone number")
        except UserError:  # often a council's 0300 line: allowed, but its texts will be printed instead
            click.echo("carekiosk: note: the public-interest number is not a mobile, so texts to it will fail and "
                       "its alerts will be printed instead.", err=True)
    if namesakes:
        click.echo(f"carekiosk: note: there is already a home called {name.strip()!r} ({', '.join(namesakes)}); "
                   f"{home_id} was added as another one. Check it is not the same home twice.", err=True)
    _emit({"home_id": home_id}) if as_json else click.echo(f"Added home {home_id}.")


@admin.command("enrol-code")
@click.argument("home_id")
@_data_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print {\"code\": ...}.")
@click.pass_context
def enrol_code(ctx, home_id, data_dir, database_url, as_json):
    """Issue a one-time enrolment code for a home's kiosk (valid 14 days)."""
    with _db(ctx, data_dir) as db, db.transaction() as conn:
        code = auth.new_enrol_code(conn, home_id, now=utcnow())
    _emit({"code": code, "home_id": home_id}) if as_json else click.echo(
        f"Enrolment code for {home_id}: {code}\nUse it once, on the kiosk: carekiosk enrol --server URL --code {code}")


def _key_out(made: auth.NewKey) -> dict[str, Any]:
    return {"key": made.key, "key_id": made.key_id, "org_id": made.org_id, "home_ids": list(made.home_ids)}


@admin.command("provider-key")
@click.argument("home_ids", nargs=-1, required=True)
@click.option("--label", default=None, help="A note to recognise the key by (not secret).")
@click.option("--name", default=None, help="The provider organisation's name (reused if it exists; default: the "
                                           "label, else the homes' names).")
@click.option("--org", "org_id", default=None, help="Add the key to this existing provider organisation (org_…).")
@_data_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print {\"key\": ..., \"key_id\": ..., \"org_id\": ...}.")
@click.pass_context
def provider_key(ctx, home_ids, label, name, org_id, data_dir, database_url, as_json):
    """Create a provider key for one or more of a provider's homes (shown once)."""
    with _db(ctx, data_dir) as db, db.transaction() as conn:
        made = auth.provider_key(conn, list(home_ids), now=utcnow(), label=label, name=name, org_id=org_id)
    _emit(_key_out(made)) if as_json else click.echo(
        f"Provider key {made.key_id} for organisation {made.org_id} (shown once, keep it safe): {made.key}")


@admin.command("public-interest-key")
@click.argument("name")
@click.option("--kind", required=True, type=click.Choice(PUBLIC_INTEREST_KINDS),
              help="commissioner (the local authority), regulator (e.g. CQC, CIW) or healthwatch.")
@click.option("--home", "home_ids", multiple=True, required=True, metavar="HOME_ID",
              help="A home in the body's area (repeat for each).")
@click.option("--phone", default=None, help="Where the body's alerts are texted (else they are printed only).")
@click.option("--label", default=None, help="A note to recognise the key by (not secret).")
@_data_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print {\"key\": ..., \"org_id\": ..., \"key_id\": ...}.")
@click.pass_context
def public_interest_key(ctx, name, kind, home_ids, phone, label, data_dir, database_url, as_json):
    """Create a key for a public-interest body (shown once): it reads its homes' restricted stories,
    comments on them, responds to published ones, and is alerted about critical or reviewed stories.
    A body of the same name and kind is reused, and its area widened to these homes."""
    with _db(ctx, data_dir) as db, db.transaction() as conn:
        made = auth.public_interest_key(conn, name, kind, list(home_ids), now=utcnow(), label=label, phone=phone)
    _emit(_key_out(made)) if as_json else click.echo(
        f"Public-interest key {made.key_id} for {name} ({kind}, organisation {made.org_id}; shown once, keep it "
        f"safe): {made.key}")


@admin.command("moderator-key")
@click.option("--label", default=None, help="A note to recognise the key by (not secret).")
@_data_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print {\"key\": ..., \"key_id\": ...}.")
@click.pass_context
def moderator_key(ctx, label, data_dir, database_url, as_json):
    """Create a moderator key (shown once)."""
    with _db(ctx, data_dir) as db, db.transaction() as conn:
        made = auth.moderator_key(conn, now=utcnow(), label=label)
    _emit({"key": made.key, "key_id": made.key_id}) if as_json else click.echo(
        f"Moderator key {made.key_id} (shown once, keep it safe): {made.key}")


@admin.command("list-keys")
@click.option("--active", is_flag=True, help="Leave out revoked keys.")
@_data_dir_option
@click.option("--json", "as_json", is_flag=True, help="A JSON list (key_id, role, organisation, home_ids, ...).")
@click.pass_context
def list_keys(ctx, active, data_dir, database_url, as_json):
    """List every key (device, provider, public-interest, moderator) by id; never the keys themselves."""
    with _db(ctx, data_dir) as db, db.read() as conn:
        rows = key_rows(conn, include_revoked=not active)
    if as_json:
        return _emit(rows)
    if not rows:
        return click.echo("No keys yet.")
    from rich.console import Console
    from rich.table import Table

    table = Table("key id", "role", "organisation", "homes", "label", "created", "revoked")
    for k in rows:
        org = k["organisation"]
        table.add_row(k["key_id"], k["role"], f"{org['name']} ({org['kind']}, {org['id']})" if org else "-",
                      ", ".join(k["home_ids"]) or ("all" if k["role"] == "moderator" else "-"),
                      k["label"] or "-", k["created_at"], k["revoked_at"] or "-")
    Console(width=200).print(table)


@admin.command("revoke-key")
@click.argument("key_id")
@_data_dir_option
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def revoke_key(ctx, key_id, data_dir, database_url, as_json):
    """Revoke a key of any kind by its id (from list-keys); it is refused from the next request."""
    with _db(ctx, data_dir) as db, db.transaction() as conn:
        out = auth.revoke(conn, key_id, now=utcnow())
    if as_json:
        return _emit(out)
    click.echo(f"Key {out['key_id']} ({out['role']}) was already revoked on {out['revoked_at']}." if out["already"]
               else f"Key {out['key_id']} ({out['role']}) is revoked; it no longer works.")


@admin.command("set-organisation")
@click.argument("org_id")
@click.option("--name", default=None, help="A new name (shown beside its responses).")
@click.option("--phone", default=None, help="A new number for its alerts.")
@click.option("--no-phone", is_flag=True, help="Stop texting its alerts (they are printed only).")
@_data_dir_option
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def set_organisation(ctx, org_id, name, phone, no_phone, data_dir, database_url, as_json):
    """Rename an organisation or change the number its alerts go to."""
    with _db(ctx, data_dir) as db, db.transaction() as conn:
        orgs.change(conn, org_id, name=name, phone=phone, clear_phone=no_phone)
        row = dict(orgs.get(conn, org_id))
    _emit(row) if as_json else click.echo(f"Organisation {org_id}: {row['name']} ({row['kind']}), alerts to "
                                          f"{row['phone'] or 'the printer only'}.")


@admin.command("set-roster")
@click.argument("home_id")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@_data_dir_option
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def set_roster(ctx, home_id, file, data_dir, database_url, as_json):
    """Set a home's roster from a JSON object file (given to kiosks at enrolment)."""
    try:
        roster = json.load(file)
    except json.JSONDecodeError:
        raise UserError("The roster file is not valid JSON.") from None
    with _db(ctx, data_dir) as db, db.transaction() as conn:
        homes.set_roster(conn, home_id, roster)
    _emit({"home_id": home_id, "ok": True}) if as_json else click.echo(f"Roster set for {home_id}.")


@admin.command("set-language")
@click.argument("home_id")
@click.argument("language", type=click.Choice(LANGS))
@_data_dir_option
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def set_language(ctx, home_id, language, data_dir, database_url, as_json):
    """Set the language of a home's texts and notices to its manager: en (English) or cy (Welsh)."""
    with _db(ctx, data_dir) as db, db.transaction() as conn:
        homes.set_language(conn, home_id, language)
    _emit({"home_id": home_id, "language": language}) if as_json else click.echo(
        f"Texts and notices for {home_id} will be in {_LANGUAGE_NAMES[language]}.")


@admin.command("list-homes")
@_data_dir_option
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def list_homes(ctx, data_dir, database_url, as_json):
    """List the homes with their device and story counts."""
    with _db(ctx, data_dir) as db, db.read() as conn:
        rows = home_rows(conn)
    if as_json:
        return _emit(rows)
    from rich.console import Console
    from rich.table import Table

    table = Table("home id", "name", "manager phone", "language", "devices", "stories", "public-interest bodies")
    for h in rows:
        table.add_row(h["home_id"], h["name"], h["manager_phone"], h["language"], str(h["devices"]),
                      str(h["stories"]), ", ".join(h["public_interest_bodies"]) or "-")
    Console().print(table) if rows else click.echo("No homes yet; add one with `carekiosk admin add-home`.")


@admin.command("devices")
@click.argument("home_id")
@_data_dir_option
@click.option("--json", "as_json", is_flag=True, help="One object per device, with its last heartbeat.")
@click.pass_context
def admin_devices(ctx, home_id, data_dir, database_url, as_json):
    """A home's kiosks and their health: last contact, software version, stories waiting, last
    number and highest number ever reported, free disk, uptime, and any integrity findings.

    Example:  carekiosk admin devices home_1a2b3c4d
    """
    from .domain import health
    from .queries import devices as device_queries
    from .queries import health as health_queries
    from .queries import homes as home_queries

    with _db(ctx, data_dir) as db, db.read() as conn:
        if not home_queries.exists(conn, home_id):
            raise UserError(f"There is no care home with the id {home_id}; `carekiosk admin list-homes` lists them.")
        rows = device_queries.home_devices(conn, home_id)
        reported = health_queries.of_devices(conn, [d["device_id"] for d in rows])
        for row in rows:
            row["health"] = reported.get(row["device_id"])
            row["problems"] = health.problems(conn, row["device_id"])
    if as_json:
        return _emit(rows)
    if not rows:
        click.echo("No kiosks enrolled for this home yet; make a code with `carekiosk admin enrol-code`.")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("device", "label", "last contact", "version", "waiting", "last no.", "highest no.",
                  "free disk", "uptime", "problems")
    for d in rows:
        h = d["health"] or {}
        free = h.get("free_disk_bytes")
        up = h.get("uptime_seconds")
        table.add_row(d["device_id"][:12], d["label"] or "", d["last_seen_at"] or h.get("reported_at") or "never",
                      h.get("software_version", "-"), str(h.get("pending", "-")), str(h.get("last_seq", "-")),
                      str(h.get("highest_seq", "-")), f"{free / 1e9:.1f} GB" if free is not None else "-",
                      f"{up / 86400:.1f} days" if up is not None else "-", str(len(d["problems"])) or "0")
    Console(width=160).print(table)
    for d in rows:
        for problem in d["problems"]:
            click.echo(f"{d['device_id'][:12]}: {problem}")


# -- moderate -------------------------------------------------------------------------------

@click.group()
@_data_dir_option
@click.pass_context
def moderate(ctx: click.Context, data_dir: Path | None, database_url: str | None) -> None:
    """Read and decide on stories (decrypts with the service key in the data folder)."""
    ctx.ensure_object(dict)
    ctx.obj["data_dir"] = data_dir
    ctx.obj["database_url"] = database_url


@moderate.command("list")
@click.option("--status", type=click.Choice(lifecycle.STATUSES), default=None)
@click.option("--home", "home_id", default=None, help="Only this home's stories.")
@_data_dir_option
@click.option("--json", "as_json", is_flag=True, help="A JSON list, one object per story (uuid, status, ...).")
@click.pass_context
def moderate_list(ctx, status, home_id, data_dir, database_url, as_json):
    """List stories received (no story text)."""
    root = _root(ctx, data_dir)
    # With the key, stories still to moderate that are malformed say so; the list itself needs none.
    key = load_or_create(root, create=False).private if private_key_path(root).exists() else None
    with _db(ctx, data_dir) as db:
        with db.transaction() as conn:
            lifecycle.apply_lapses(conn, utcnow())
        with db.read() as conn:
            items = moderation_items(conn, status=status, home_id=home_id, private_key=key)
    if as_json:
        return _emit(items)
    if not items:
        return click.echo("No stories.")
    from rich import box
    from rich.console import Console
    from rich.table import Table

    # Fits 80 columns: the uuid (what `moderate show` and `decide` take) is never cut or folded; the
    # home's name and the status wrap instead, and the time loses its seconds.
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column("uuid", no_wrap=True, min_width=36)
    table.add_column("ref", no_wrap=True)
    table.add_column("home", overflow="fold")
    table.add_column("status", overflow="fold", min_width=10)
    table.add_column("received (UTC)", min_width=10)
    for it in items:
        state = ("MALFORMED, " if it["malformed"] else "") + it["status"].replace("_", " ")
        table.add_row(it["uuid"], it["ref"], it["home"]["name"], state, it["received_at"][:16].replace("T", " "))
    Console().print(table)
    malformed = sum(1 for it in items if it["malformed"])
    if malformed:
        click.echo(f"{malformed} {'story is' if malformed == 1 else 'stories are'} MALFORMED (stored before the "
                   "service checked sealed stories): they cannot be published; `carekiosk moderate show UUID` "
                   "says why, then reject them.")


def picture_answers_lines(content: dict) -> list[str]:
    """A story told with pictures: its answers, readably, after the sentences it was sealed with
    (which are in the visit's language); nothing for a story told in words."""
    from sync.story import PHRASES, TOPIC_LABELS, face

    pictures = content.get("pictures")
    if not pictures:
        return []
    lines = ["Told with pictures (answers in English):"]
    for answer in pictures.get("answers", []):
        topic, face_id = answer.get("topic"), answer.get("face")
        try:
            lines.append(f"  {TOPIC_LABELS[topic]}: {face(face_id).label.lower()}")
        except KeyError:
            lines.append(f"  {topic}: {face_id}")
    lines += [f"  Picked: {PHRASES.get(p, p)}" for p in pictures.get("phrases", [])]
    return lines + [""]


@moderate.command("show")
@click.argument("story")
@_data_dir_option
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@_api_errors
def moderate_show(ctx, story, data_dir, database_url, as_json):
    """Show one story decrypted (for the moderator's terminal only).

    STORY is its uuid, its reference (e.g. 4821) or the start of its uuid (e.g. 3f2a9c).
    """
    root = _root(ctx, data_dir)
    keys = load_or_create(root, create=False)
    with _db(ctx, data_dir) as db, db.transaction() as conn:
        lifecycle.apply_lapses(conn, utcnow())
        uuid = _one_story(conn, story)
        lifecycle.open_for_moderation(conn, uuid, now=utcnow(), actor="moderator:cli")
        detail = moderation_detail(conn, uuid, keys.private)
    if as_json:
        return _emit(detail)
    click.echo("\n".join(_story_lines(detail)))


def _one_story(conn, ident: str) -> str:
    """The uuid of the one story ``ident`` names (uuid, reference or uuid prefix), or a UserError; when
    several match, they are listed (uuid, reference, home, status) so the moderator can pick one."""
    found = find_stories(conn, ident)
    if not found:
        raise UserError(f"There is no story with the uuid, reference or uuid start {ident.strip()!r}; "
                        "see `carekiosk moderate list`.")
    if len(found) > 1:
        for row in found:
            click.echo(f"  {row['uuid']}  ref {row['ref']}  {row['home_name']}  {row['status'].replace('_', ' ')}",
                       err=True)
        more = " (the first 20 are listed)" if len(found) >= 20 else " (listed above)"
        raise UserError(f"More than one story matches {ident.strip()!r}{more}; give more of the uuid, or all of it.")
    return found[0]["uuid"]


def _story_lines(detail: dict[str, Any]) -> list[str]:
    """A decrypted story as plain lines of words (no Python values: ``None``, dicts, ids in snake_case)."""
    c = detail["content"]
    lines = [f"Story {detail['ref']} ({detail['uuid']}) from {detail['home']['name']}: "
             f"{detail['status'].replace('_', ' ')}"]
    if detail["malformed"]:
        lines += [f"MALFORMED: {detail['malformed']} It cannot be published; reject it "
                  f"(carekiosk moderate decide {detail['uuid']} reject --reason ...).", ""]
    lines.append(f"Received {detail['received_at']}; written around {detail['created_hour']} "
                 f"({_ROUTE_WORDS.get(detail['route'], detail['route'])})")
    if c:
        prompts = c.get("prompts") if isinstance(c.get("prompts"), dict) else {}
        lines += [
            f"Author: {_words(role_label(c.get('author_role')) if isinstance(c.get('author_role'), str) else None)}; "
            f"language: {_LANGUAGE_NAMES.get(c.get('language'), _words(c.get('language')))}; "
            f"rating: {_words(c.get('rating'), none='not given')}",
            f"Topics: {_words(c.get('tags'))}; feelings: {_words(c.get('feelings'))}",
            "Anonymiser prompts: " + ", ".join(f"{_words(prompts.get(k), none='0')} {k}"
                                                 for k in ("shown", "accepted", "declined")),
            f"Contact: {_contact_words(c.get('contact'))}", "", f"Title: {_words(c.get('title'))}", "",
            _words(c.get("text"), none=""), ""]
        if not detail["malformed"]:  # a malformed story's pictures may be anything
            lines += picture_answers_lines(c)
    if detail["reason"]:
        lines.append(f"Reason: {detail['reason']}")
    if detail["criticality"] is not None:
        lines.append(f"Criticality: {detail['criticality']} ({criticality_label(detail['criticality'])})")
    lines.append("History:")
    lines += [f"  {h['at']} {h['action'].replace('_', ' ')} by {h['actor']}" + (f" ({h['note']})" if h["note"] else "")
              for h in detail["history"]]
    return lines


_ROUTE_WORDS = {"kiosk": "at the kiosk", "assisted": "typed in by staff", "pictures": "told with pictures"}


def _words(value: Any, *, none: str = "-") -> str:
    """A value from a sealed story in words: text as it is, lists joined, nothing as ``none``."""
    if value is None or value == "" or value == []:
        return none
    if isinstance(value, list):
        return ", ".join(_words(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k} {_words(v)}" for k, v in value.items())
    return str(value)


def _contact_words(contact: Any) -> str:
    if not contact:
        return "none (the writer did not ask for a reply)"
    if isinstance(contact, dict):
        return "; ".join(f"{'mobile' if k == 'mobile' else 'email' if k == 'email' else k} {_words(v)}"
                         for k, v in contact.items())
    return _words(contact)


@moderate.command("decide")
@click.argument("uuid")
@click.argument("action", type=click.Choice(["publish", "restrict", "reject", "withhold"]))
@click.option("--criticality", type=click.IntRange(0, 5), default=None,
              help="Required for publish and restrict: 0 not, 1 minimally, 2 mildly, 3 moderately, 4 strongly, "
                   "5 severely critical (the most negative things it says; never public).")
@click.option("--reason", default=None, help="Required for restrict (shown publicly) and reject.")
@click.option("--level", type=click.Choice(["low", "serious"]), default=None, help="Required for withhold.")
@click.option("--title", default=None, help="Moderated title to publish (default: the writer's).")
@click.option("--body", default=None, help="Moderated text to publish (default: the story as written).")
@_data_dir_option
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@_api_errors
def moderate_decide(ctx, uuid, action, criticality, reason, level, title, body, data_dir, database_url, as_json):
    """Decide on a story: publish (to the provider's 72-hour review), restrict, reject or withhold."""
    root = _root(ctx, data_dir)
    keys = load_or_create(root, create=False)
    if action in ("publish", "restrict") and criticality is None:
        raise UserError(f"Say how critical the story is to {action} it: --criticality 0 (not critical) to "
                        "5 (severely critical).")
    with _db(ctx, data_dir) as db, db.transaction() as conn:
        row = lifecycle.moderate(conn, uuid, action, private_key=keys.private, now=utcnow(), actor="moderator:cli",
                                 reason=reason, level=level, title=title, body=body, criticality=criticality)
        out = {k: v for k, v in status_out(row).items() if k != "api"}
    if as_json:
        return _emit(out)
    extra = f"; the provider has until {out['decision_deadline']}" if out["decision_deadline"] else ""
    click.echo(f"Story {out['ref']} is now {out['status'].replace('_', ' ')}{extra}.")


@moderate.command("replies")
@click.option("--all", "show_all", is_flag=True, help="Also replies already posted or rejected.")
@_data_dir_option
@click.option("--json", "as_json", is_flag=True, help="A JSON list (id, ref, body, status, ...).")
@click.pass_context
def moderate_replies(ctx, show_all, data_dir, database_url, as_json):
    """Replies managers sent by text (REPLY 4821 ...), waiting to be checked."""
    from .domain import held_responses

    with _db(ctx, data_dir) as db, db.read() as conn:
        items = held_responses.listing(conn, status=None if show_all else "held")
    if as_json:
        return _emit(items)
    if not items:
        return click.echo("No replies are waiting." if not show_all else "No replies by text yet.")
    for it in items:
        click.echo(f"{it['id']}  story {it['ref']}  {it['status']}  received {it['received_at']}\n  {it['body']}")


def _held_decision(ctx, held_id, action, data_dir, as_json):
    from .domain import held_responses

    with _db(ctx, data_dir) as db, db.transaction() as conn:
        out = held_responses.decide(conn, held_id, action, now=utcnow(), actor="moderator:cli")
    if as_json:
        return _emit(out)
    click.echo(f"The reply to story {out['ref']} is {out['status']}"
               + ("; the manager will be texted that it is public." if out["status"] == "posted" else "."))


@moderate.command("post-reply")
@click.argument("held_id")
@_data_dir_option
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@_api_errors
def moderate_post_reply(ctx, held_id, data_dir, database_url, as_json):
    """Post a held reply as the home's public response."""
    _held_decision(ctx, held_id, "post", data_dir, as_json)


@moderate.command("reject-reply")
@click.argument("held_id")
@_data_dir_option
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@_api_errors
def moderate_reject_reply(ctx, held_id, data_dir, database_url, as_json):
    """Reject a held reply (it is never public)."""
    _held_decision(ctx, held_id, "reject", data_dir, as_json)


@moderate.command("updates")
@click.option("--all", "show_all", is_flag=True, help="Also updates already posted or rejected.")
@_data_dir_option
@click.option("--json", "as_json", is_flag=True, help="A JSON list (id, ref, body, status, ...).")
@click.pass_context
def moderate_updates(ctx, show_all, data_dir, database_url, as_json):
    """Authors' updates to their own stories, told at the kiosk and waiting to be checked."""
    from .domain import author_updates

    keys = load_or_create(_root(ctx, data_dir), create=False)
    with _db(ctx, data_dir) as db, db.read() as conn:
        items = author_updates.listing(conn, private_key=keys.private, status=None if show_all else "held")
    if as_json:
        return _emit(items)
    if not items:
        return click.echo("No authors' updates are waiting." if not show_all else "No authors' updates yet.")
    for it in items:
        click.echo(f"{it['id']}  story {it['ref']}  {it['status']}  received {it['received_at']}")
        if it["body"]:
            click.echo(f"  {it['body']}")


def _update_decision(ctx, update_id, action, data_dir, as_json):
    from .domain import author_updates

    keys = load_or_create(_root(ctx, data_dir), create=False)
    with _db(ctx, data_dir) as db, db.transaction() as conn:
        out = author_updates.decide(conn, update_id, action, private_key=keys.private, now=utcnow(),
                                    actor="moderator:cli")
    if as_json:
        return _emit(out)
    click.echo(f"The author's update to story {out['ref']} is {out['status']}"
               + ("; it shows under the story as the author's." if out["status"] == "posted" else "."))


@moderate.command("post-update")
@click.argument("update_id")
@_data_dir_option
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@_api_errors
def moderate_post_update(ctx, update_id, data_dir, database_url, as_json):
    """Post a held author's update under its story, as the author's."""
    _update_decision(ctx, update_id, "post", data_dir, as_json)


@moderate.command("reject-update")
@click.argument("update_id")
@_data_dir_option
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@_api_errors
def moderate_reject_update(ctx, update_id, data_dir, database_url, as_json):
    """Reject a held author's update (it is never public)."""
    _update_decision(ctx, update_id, "reject", data_dir, as_json)
