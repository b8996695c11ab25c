"""``carekiosk add``: stories typed in by staff from paper forms or an assisted conversation.

It belongs to the tablet's side because it runs the anonymiser over each story before sealing it,
exactly as the kiosk's own "check for personal details" screen does.
"""

from __future__ import annotations

import json
from typing import Any

import click

from sync.errors import StoryError
from sync.profile import open_store
from sync.story import Story, validate_story

from .anonymise import apply, find_identifiers


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
