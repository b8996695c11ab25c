"""``carekiosk add``: stories typed in by staff from paper forms or an assisted conversation.

It belongs to the tablet's side because it runs the anonymiser over each story before sealing it,
exactly as the kiosk's own "check for personal details" screen does.
"""

from __future__ import annotations

import json
from typing import Any

import click

from sync import bounded_json
from sync.errors import StoryError
from sync.i18n import ngettext
from sync.profile import open_store
from sync.story import Story, suggest_title, validate_story

from .anonymise import apply, find_identifiers


#: fields carekiosk sets itself (the route: typed in by staff; the anonymiser's counts), never the writer
SET_BY_CAREKIOSK = ("route", "prompts")
#: only the kiosk's picture route has picture answers: a story typed in by staff is words
KIOSK_ONLY = ("pictures",)
WRITER_FIELDS = tuple(sorted(set(Story.__dataclass_fields__) - set(SET_BY_CAREKIOSK) - set(KIOSK_ONLY)))


def _parse_stories(raw: str, source: str) -> list[tuple[int, dict[str, Any]]]:
    """One JSON object, or JSON Lines (one object per line), each with the line it starts on.
    Errors name the line, never the text."""
    stripped = raw.strip()
    if not stripped:
        raise StoryError(f"{source} is empty; give one JSON object or one JSON object per line.")
    try:
        whole = bounded_json.loads(stripped)
    except bounded_json.TooDeep:
        raise StoryError(f"{source} is nested more than {bounded_json.MAX_DEPTH} levels deep; a story is one "
                         "JSON object of words.") from None
    except json.JSONDecodeError:
        whole = None
    if isinstance(whole, dict):
        return [(1, whole)]
    if isinstance(whole, list):
        raise StoryError(f"{source} holds a JSON list; give one JSON object per line instead (JSON Lines).")
    items: list[tuple[int, dict[str, Any]]] = []
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = bounded_json.loads(line)
        except bounded_json.TooDeep:
            raise StoryError(f"{source} line {number} is nested more than {bounded_json.MAX_DEPTH} levels deep; "
                             "a story is one JSON object of words.") from None
        except json.JSONDecodeError as exc:
            raise StoryError(f"{source} line {number} is not valid JSON ({exc.msg} at column {exc.colno}).") from None
        if not isinstance(item, dict):
            raise StoryError(f"{source} line {number} is not a JSON object.")
        items.append((number, item))
    return items


def _check_fields(item: dict[str, Any]) -> None:
    """Only the writer's fields: ``route`` and ``prompts`` would change what the moderator sees (and how
    the home's level counts the story), and carekiosk sets them itself."""
    unknown = sorted(set(item) - set(WRITER_FIELDS))
    if unknown:
        why = (" (carekiosk sets it)" if unknown[0] in SET_BY_CAREKIOSK
               else " (only the kiosk's picture route has it)" if unknown[0] in KIOSK_ONLY else "")
        raise StoryError(f"Unknown field '{unknown[0]}'{why}; allowed fields are: {', '.join(WRITER_FIELDS)}.")


def _kind_count(kind: str, n: int) -> str:
    """How ``add`` counts what the anonymiser found of one kind ("1 name", "3 names"): English, like
    every message of the command line."""
    words = {
        "NAME": ngettext("{n} name", "{n} names", n, "en"),
        "ROOM": ngettext("{n} room number", "{n} room numbers", n, "en"),
        "PHONE": ngettext("{n} phone number", "{n} phone numbers", n, "en"),
        "EMAIL": ngettext("{n} email address", "{n} email addresses", n, "en"),
        "NHS_NUMBER": ngettext("{n} NHS number", "{n} NHS numbers", n, "en"),
        "POSTCODE": ngettext("{n} postcode", "{n} postcodes", n, "en"),
        "ADDRESS": ngettext("{n} street address", "{n} street addresses", n, "en"),
        "DATE": ngettext("{n} date", "{n} dates", n, "en"),
        "AGE": ngettext("{n} age", "{n} ages", n, "en"),
        "QUASI": ngettext("{n} detail that could single someone out", "{n} details that could single someone out",
                          n, "en"),
    }
    return words.get(kind) or f"{n} {kind.lower().replace('_', ' ')}"


def _anonymiser_prompts(story: Story, roster: dict[str, Any], accept: bool, *,
                        title_given: bool = True) -> tuple[Story, list[str]]:
    """Run the anonymiser over an assisted story; record how many prompts were shown/accepted/declined
    inside the (sealed) story, so the moderator knows a name was kept on purpose. A title carekiosk
    suggested is made again from the text as it now stands, so it never repeats a detail replaced."""
    findings = find_identifiers(story.text, roster)
    if not findings:
        return story, []
    if accept:
        story.text = apply(story.text, findings, findings)
        if not title_given:
            story.title = suggest_title(story.text)
    shown = len(findings)
    accepted = shown if accept else 0
    story.prompts = {"shown": shown, "accepted": accepted, "declined": shown - accepted}
    return story, [f.kind for f in findings]


@click.command()
@click.argument("source", type=click.File("r", encoding="utf-8-sig"), default="-")  # -sig: files saved by Excel
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
    for number, item in items:
        try:
            _check_fields(item)
            stories.append(validate_story(item, default_route="assisted"))
        except StoryError as exc:
            where = f"line {number}" if len(items) > 1 or number > 1 else "the story"
            raise StoryError(f"{name}, {where}: {exc}") from None
    titled = [bool(str(item.get("title") or "").strip()) for _, item in items]

    store = open_store()
    try:
        device = store.device()
        roster = dict(device.roster)
        roster.setdefault("home", device.home_name)
        found: list[list[str]] = []
        for story, title_given in zip(stories, titled):
            _, kinds = _anonymiser_prompts(story, roster, accept_suggestions, title_given=title_given)
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
            counts = ", ".join(_kind_count(k, kinds.count(k)) for k in dict.fromkeys(kinds))
            action = "replaced" if accept_suggestions else "kept as written; check with the writer"
            note = f" — personal details found: {counts} ({action})"
        click.echo(f"Story {index}: saved as number {item.seq}, reference {item.ref}{note}")
    click.echo(ngettext("{n} story queued; it is sealed and will be sent at the next sync.",
                        "{n} stories queued; they are sealed and will be sent at the next sync.", len(added), "en"))
