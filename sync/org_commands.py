"""``carekiosk stories list|show|decide|respond|comment``: one command group for any organisation's
key - a provider's (a manager's office, a field worker helping a manager) or a public-interest
body's (a council officer, an inspector, Healthwatch). The key's role decides what it may see and
do; the service enforces it (``sync/server/domain/access.py``), this only asks and shows.

Where a story is named, its reference (``4821``) or the start of its uuid will do; when more than
one story matches, they are listed and nothing is done.

The service and key: ``--server URL --key KEY``, else ``CAREKIOSK_STORIES_SERVER`` /
``CAREKIOSK_STORIES_KEY``, else the ``[stories]`` settings (``server_url``, ``key``), else the
notifier's (``CAREKIOSK_NOTIFY_SERVER``/``_KEY``, ``[notify]``). Plain ``http://`` only to this
machine unless ``--insecure``.

Exit codes: 0 done; 1 a setting, an argument or the story named is wrong (nothing done);
5 the service could not be reached; 6 the service refused the key; 8 the service refused the
request (for example a decision on a story that is no longer waiting).
"""

from __future__ import annotations

import json
import os
from typing import Any

import click

from .client import AuthError, check_server_url
from .config import Config
from .conversation import CHANGES, change_label, kind_label
from .errors import UserError
from .organisation_api import OrganisationApi
from .paths import Paths

ENV = {"server_url": ("CAREKIOSK_STORIES_SERVER", "CAREKIOSK_NOTIFY_SERVER"),
       "key": ("CAREKIOSK_STORIES_KEY", "CAREKIOSK_NOTIFY_KEY")}
DECISIONS = {"go": "go_ahead", "go_ahead": "go_ahead", "review": "request_review", "request_review": "request_review"}
STATUS_WORDS = {"received": "received", "in_moderation": "with the moderator", "awaiting_provider":
                "awaiting the provider's decision", "published": "published", "restricted": "restricted",
                "rejected": "not published", "withheld_safeguarding": "withheld for safeguarding"}


def _setting(name: str, given: str | None) -> str | None:
    if given:
        return given
    for env in ENV[name]:
        if os.environ.get(env):
            return os.environ[env]
    config = Config.load(Paths.from_env())
    for section in ("stories", "notify"):
        found = config.section(section, {}).get(name)
        if found:
            return str(found)
    return None


class Session:
    """The service and key for one command, with the key's homes read on first use."""

    def __init__(self, server: str | None, key: str | None, insecure: bool):
        url = _setting("server_url", server)
        token = _setting("key", key)
        if not url:
            raise UserError("Say which moderation service: --server URL (or CAREKIOSK_STORIES_SERVER, or "
                            "[stories] server_url in the settings).")
        if not token:
            raise UserError("Give your organisation's key: --key KEY (or CAREKIOSK_STORIES_KEY, or [stories] key "
                            "in the settings).")
        self.api = OrganisationApi(check_server_url(url, insecure=insecure), token, user_agent="carekiosk-stories")
        self._me: dict[str, Any] | None = None

    def call(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except AuthError as exc:
            raise KeyRefused(exc) from None

    @property
    def me(self) -> dict[str, Any]:
        if self._me is None:
            self._me = self.call(self.api.me)
        return self._me

    def home_name(self, home_id: str) -> str:
        return next((h["name"] for h in self.me["homes"] if h["id"] == home_id), home_id)

    def find(self, named: str) -> dict[str, Any]:
        """The one story ``named`` (a reference or the start of a uuid) names, or a UserError listing them."""
        wanted = (named or "").strip().lstrip("#")
        if not wanted:
            raise UserError("Name a story by its reference (e.g. 4821) or the start of its uuid.")
        found = self.call(self.api.org_stories, match=wanted)
        exact = [s for s in found if s["uuid"] == wanted.lower()]
        found = exact or found
        if not found:
            raise UserError(f"No story you can see has the reference {wanted} or a uuid starting with it.")
        if len(found) > 1:
            lines = "\n".join(f"  {s['uuid']}  ref {s['ref']}  {self.home_name(s['home_id'])}  "
                              f"{STATUS_WORDS.get(s['status'], s['status'])}" for s in found)
            raise UserError(f"{len(found)} stories match {wanted}; name one by more of its uuid:\n{lines}")
        return found[0]


class KeyRefused(UserError):
    exit_code = 6

    def __init__(self, exc: AuthError):
        detail = str(exc).split("(", 1)[-1].split(")", 1)[0] if "(" in str(exc) else ""
        what = "does not know this key (or it was revoked)" if exc.status == 401 else "does not let this key do that"
        super().__init__(f"The moderation service {what}" + (f": {detail}." if detail else "."))


def _emit(doc: Any) -> None:
    click.echo(json.dumps(doc, indent=2, ensure_ascii=False))


def _session(ctx: click.Context) -> Session:
    obj = ctx.find_object(dict) or {}
    return Session(obj.get("server"), obj.get("key"), bool(obj.get("insecure")))


def _one_line(s: dict[str, Any], session: Session) -> list[str]:
    level = f"{s['criticality']} {s['criticality_label']}" if s.get("criticality") is not None else "-"
    return [s["ref"], s["uuid"][:8], session.home_name(s["home_id"]), STATUS_WORDS.get(s["status"], s["status"]),
            level, (s.get("title") or "-")[:40], (s.get("decision_deadline") or s.get("published_at") or "-")[:16]]


# -- the commands ---------------------------------------------------------------------------------

@click.group("stories")
@click.option("--server", metavar="URL", help="The moderation service (else CAREKIOSK_STORIES_SERVER or [stories]).")
@click.option("--key", metavar="KEY", help="Your organisation's key (else CAREKIOSK_STORIES_KEY or [stories] key).")
@click.option("--insecure", is_flag=True, help="Allow plain http:// to another machine (trusted networks only).")
@click.pass_context
def stories(ctx: click.Context, server: str | None, key: str | None, insecure: bool) -> None:
    """Read and answer the stories about your homes, as your organisation.

    A provider decides (go ahead / review) and responds; a public-interest body (commissioner,
    regulator, Healthwatch) reads restricted stories, comments on them and responds to published ones.
    Name a story by its reference (4821) or the start of its uuid.
    """
    ctx.ensure_object(dict)
    ctx.obj.update(server=server, key=key, insecure=insecure)


@stories.command("list")
@click.option("--status", type=click.Choice(list(STATUS_WORDS)), default=None, help="Only stories in this state.")
@click.option("--home", "home_id", default=None, metavar="HOME_ID", help="Only this one of your homes.")
@click.option("--json", "as_json", is_flag=True, help="A JSON list, one object per story.")
@click.pass_context
def list_command(ctx, status, home_id, as_json):
    """The stories of your homes you may see, oldest first."""
    session = _session(ctx)
    found = session.call(session.api.org_stories, status=status, home_id=home_id)
    if as_json:
        return _emit(found)
    if not found:
        return click.echo("No stories" + (f" {STATUS_WORDS[status]}" if status else "") + ".")
    from rich.console import Console
    from rich.table import Table

    table = Table("ref", "uuid", "home", "state", "criticality", "title", "deadline / published")
    for s in found:
        table.add_row(*_one_line(s, session))
    Console(width=max(120, Console().width)).print(table)


def _show_text(s: dict[str, Any], session: Session) -> str:
    state = STATUS_WORDS.get(s["status"], s["status"])
    level = f", {s['criticality_label']} ({s['criticality']} of 5)" if s.get("criticality") is not None else ""
    lines = [f"Story {s['ref']} ({s['uuid']}) at {session.home_name(s['home_id'])}: {state}{level}"]
    if s.get("decision_deadline"):
        lines.append(f"The provider decides by {s['decision_deadline']} (GO or REVIEW); no decision = go ahead.")
    if s.get("review_requested"):
        lines.append("The provider asked for this story to be reviewed.")
    if s.get("published_at"):
        lines.append(f"Published {s['published_at']} as story {s['story_id']}.")
    if s["status"] == "restricted":
        lines.append(f"Restricted: {s.get('reason') or '-'}")
        if s.get("readable_by"):
            lines.append("Readable by: " + ", ".join(f"{o['name']} ({kind_label(o['kind'])})" for o in s["readable_by"]))
    lines.append("")
    if s["view"] == "text":
        lines += [f"Title: {s.get('title') or '-'}", f"Written by {s.get('author_role') or 'someone'}"
                  + (f"; topics: {', '.join(s['tags'])}" if s.get("tags") else "")
                  + (f"; feelings: {', '.join(s['feelings'])}" if s.get("feelings") else ""), "",
                  s.get("body") or "", ""]
    else:
        lines += ["(You can see that this story exists and where it stands, not what it says.)", ""]
    talk = s.get("responses") or []
    if talk:
        lines.append("Conversation:")
        for r in talk:
            who = r["organisation"]["name"] if r.get("organisation") else kind_label(r["responder_kind"])
            kind = f" ({kind_label(r['responder_kind'])})" if r.get("organisation") else ""
            person = ", ".join(x for x in (r.get("responder_name"), r.get("responder_role")) if x)
            lines.append(f"  {r['posted_at']}  {who}{kind}" + (f" - {person}" if person else ""))
            lines += [f"    {part}" for part in (r.get("body") or "").splitlines() or [""]]
            if r.get("change"):
                lines.append(f"    {change_label(r['change'])}: {r.get('change_description') or ''}")
    if s.get("history"):
        lines += ["", "History:"]
        lines += [f"  {h['at']}  {h['action']} by {h['actor']}" + (f" ({h['note']})" if h.get("note") else "")
                  for h in s["history"]]
    return "\n".join(lines).rstrip()


@stories.command("show")
@click.argument("story")
@click.option("--json", "as_json", is_flag=True, help="The story as the service answers it.")
@click.pass_context
def show(ctx, story, as_json):
    """One story with its conversation (what your key may see of it)."""
    session = _session(ctx)
    found = session.call(session.api.org_story, session.find(story)["uuid"])
    _emit(found) if as_json else click.echo(_show_text(found, session))


@stories.command("decide")
@click.argument("story")
@click.argument("decision", type=click.Choice(sorted(DECISIONS)))
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def decide(ctx, story, decision, as_json):
    """The provider's answer within 72 hours: go (publish it) or review (a second check)."""
    session = _session(ctx)
    found = session.find(story)
    out = session.call(session.api.decide, found["uuid"], DECISIONS[decision])
    if as_json:
        return _emit({k: v for k, v in out.items() if k != "api"})
    click.echo(f"Story {out['ref']}: " + ("go ahead recorded; it is now public." if out["status"] == "published"
                                          else "review requested; a moderator will check it again."))


def _speak(ctx, story, text, name, role, change, change_note, as_json, what: str) -> None:
    if change and not (change_note or "").strip():
        raise UserError(f"Say what is {change} with --change-note (a few words, shown with the response).")
    if change_note and not change:
        raise UserError("--change-note goes with --change planned or --change made.")
    session = _session(ctx)
    found = session.find(story)
    call = session.api.comment if what == "comment" else session.api.respond
    out = session.call(call, found["uuid"], text, name=name, role=role, change=change, change_description=change_note)
    if as_json:
        return _emit(out)
    org = out["organisation"]["name"] if out.get("organisation") else "your organisation"
    click.echo(f"{'Comment' if what == 'comment' else 'Response'} {out['id']} posted on story {found['ref']} as {org}.")


def _speaking(fn):
    for option in reversed([
        click.option("--text", required=True, help="What you want to say (public)."),
        click.option("--name", required=True, help="Your name, as it will be shown."),
        click.option("--role", required=True, help="Your role, e.g. \"Home manager\"."),
        click.option("--change", type=click.Choice(CHANGES), default=None, help="Flag a change: planned or made."),
        click.option("--change-note", default=None, help="With --change: what, in a few words."),
        click.option("--json", "as_json", is_flag=True),
    ]):
        fn = option(fn)
    return fn


@stories.command("respond")
@click.argument("story")
@_speaking
@click.pass_context
def respond(ctx, story, text, name, role, change, change_note, as_json):
    """A public response to a published story, as your organisation."""
    _speak(ctx, story, text, name, role, change, change_note, as_json, "respond")


@stories.command("comment")
@click.argument("story")
@_speaking
@click.pass_context
def comment(ctx, story, text, name, role, change, change_note, as_json):
    """A public-interest body's public comment on a restricted story."""
    _speak(ctx, story, text, name, role, change, change_note, as_json, "comment")

