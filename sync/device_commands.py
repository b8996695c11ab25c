"""Device commands for staff and field workers: ``carekiosk add``, ``status`` and ``verify``."""

from __future__ import annotations

import json
from typing import Any

import click

from .errors import StoryError, UserError
from .profile import open_store
from .story import AUTHOR_ROLES, Story, validate_story


def _parse_stories(raw: str, source: str) -> list[dict[str, Any]]:
    """One JSON object, or JSON Lines (one object per line). Errors name the line, never the text."""
    stripped = raw.strip()
    if not stripped:
        raise StoryError(f"{source} is empty; give one JSON object or one JSON object per line.")
    try:
        whole = json.loads(stripped)
    except json.JSONDecodeError:
        whole = None
    if isinstance(whole, dict):
        return [whole]
    if isinstance(whole, list):
        raise StoryError(f"{source} holds a JSON list; give one JSON object per line instead (JSON Lines).")
    items: list[dict[str, Any]] = []
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise StoryError(f"{source} line {number} is not valid JSON ({exc.msg} at column {exc.colno}).") from None
        if not isinstance(item, dict):
            raise StoryError(f"{source} line {number} is not a JSON object.")
        items.append(item)
    return items


def _anonymiser_prompts(story: Story, roster: dict[str, Any], accept: bool) -> tuple[Story, list[str]]:
    """Run the anonymiser over an assisted story; record how many prompts were shown/accepted/declined
    inside the (sealed) story, so the moderator knows a name was kept on purpose."""
    from kiosk.anonymise import apply, find_identifiers

    findings = find_identifiers(story.text, roster)
    if not findings:
        return story, []
    if accept:
        story.text = apply(story.text, findings, findings)
    shown = len(findings)
    accepted = shown if accept else 0
    story.prompts = {"shown": shown, "accepted": accepted, "declined": shown - accepted}
    return story, [f.kind for f in findings]


@click.command()
@click.argument("source", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--accept-suggestions", is_flag=True,
              help="Replace every personal detail found with its plain suggestion (e.g. 'Nurse Bev' -> 'a nurse').")
@click.option("--json", "as_json", is_flag=True, help="Print each story's uuid, number and reference as JSON.")
def add(source, accept_suggestions: bool, as_json: bool) -> None:
    """Queue stories typed in by staff from paper forms or a conversation.

    SOURCE is a file (or - for what you type or paste) holding one story as a JSON object, or many
    stories, one JSON object per line. Each needs "text" and "author_role" (one of: resident,
    relative, carer, visitor, staff); "title", "tags", "feelings", "rating" (1-5), "contact"
    ({"email": ...} or {"mobile": ...}) and "language" (en or cy) are optional.

    Every story is checked first: if any is wrong, nothing from the file is added. Personal details
    (names, room numbers, phone numbers...) are pointed out so you can check them with the writer.

    Example:  carekiosk add forms.jsonl --json
    """
    name = "standard input" if source.name == "<stdin>" else source.name
    try:
        raw = source.read()
    except UnicodeDecodeError:
        raise StoryError(f"{name} is not UTF-8 text.") from None
    items = _parse_stories(raw, name)
    stories: list[Story] = []
    for number, item in enumerate(items, start=1):
        try:
            stories.append(validate_story(item, default_route="assisted"))
        except StoryError as exc:
            where = f"line {number}" if len(items) > 1 else "the story"
            raise StoryError(f"{name}, {where}: {exc}") from None

    store = open_store()
    try:
        device = store.device()
        roster = dict(device.roster)
        roster.setdefault("home", device.home_name)
        found: list[list[str]] = []
        for story in stories:
            _, kinds = _anonymiser_prompts(story, roster, accept_suggestions)
            found.append(kinds)
        added = store.add_stories(stories)
    finally:
        store.close()

    if as_json:
        for item, kinds in zip(added, found):
            click.echo(json.dumps({"uuid": item.uuid, "seq": item.seq, "ref": item.ref,
                                   "prompts": len(kinds), "kinds": sorted(set(kinds))}))
        return
    for index, (item, kinds) in enumerate(zip(added, found), start=1):
        note = ""
        if kinds:
            counts = ", ".join(f"{kinds.count(k)} {k.lower().replace('_', ' ')}" for k in dict.fromkeys(kinds))
            action = "replaced" if accept_suggestions else "kept as written; check with the writer"
            note = f" — personal details found: {counts} ({action})"
        click.echo(f"Story {index}: saved as number {item.seq}, reference {item.ref}{note}")
    click.echo(f"{len(added)} story(ies) queued; they are sealed and will be sent at the next sync.")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON (for scripts).")
def status(as_json: bool) -> None:
    """Show how many stories are waiting to be sent, when the device last synced, and its health.

    Example:  carekiosk status
    """
    store = open_store()
    try:
        info = store.status()
        info["problems"] = _extra_problems(store)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(info, indent=2, sort_keys=True))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_header=False, box=None)
    home = "Demo House (DEMO profile — not enrolled)" if info["profile"] == "demo" else info["home_name"]
    table.add_row("Home", home)
    table.add_row("Waiting to be sent", str(info["pending"]))
    table.add_row("Received by the service", str(info["acknowledged"]))
    table.add_row("Stories written on this device", str(info["last_seq"]))
    table.add_row("Last sync", info["last_sync"] or "never")
    for problem in info["problems"]:
        table.add_row("Problem", problem)
    Console().print(table)


SMS_STATES = {
    "opted_out": "has opted out of texts (replied STOP); notices are printed instead",
    "invalid": "is not a valid number; check it with the home",
    "landline": "is a landline and cannot receive texts; give a mobile number",
    "undeliverable": "could not be reached; check it with the home",
}


def _extra_problems(store) -> list[str]:
    """Problems other parts of carekiosk record: numbers that cannot be texted. Only the last three
    digits are shown (enough to recognise the number, not enough to leak it)."""
    try:
        from print_notices.sms.suppressions import sms_problems
    except ImportError:
        return []
    problems = []
    for item in sms_problems(store):
        what = SMS_STATES.get(item["state"], item["state"])
        code = f" (code {item['code']})" if item.get("code") else ""
        problems.append(f"The mobile number ending {str(item['number'])[-3:]} {what}{code}.")
    return problems


@click.command()
def verify() -> None:
    """Check the story database: file integrity, no story removed, none altered.

    Exits 0 and says so when all is well; otherwise names the first problem and exits 1.

    Example:  carekiosk verify
    """
    store = open_store()
    try:
        problems = store.verify()
        count = store.status()["last_seq"]
    finally:
        store.close()
    if problems:
        extra = f" ({len(problems) - 1} more problem(s) after it)" if len(problems) > 1 else ""
        raise UserError(f"Problem found: {problems[0]}{extra}.")
    click.echo(f"OK: {count} story(ies) checked; none removed or altered.")


__all__ = ["add", "status", "verify", "AUTHOR_ROLES"]
