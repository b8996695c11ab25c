"""The one way carekiosk speaks English and Welsh: the kiosk's screens, the printed notices, the level
page and the texts to managers all look their words up here.

**Words** are gettext catalogues, one domain (``carekiosk``) per language, in
``assets/locale/<lang>/LC_MESSAGES/carekiosk.po`` with the compiled ``.mo`` beside them (committed, so
an installed kiosk needs no build step). The msgid is the English text itself, so a word not yet
translated still shows plain English; where the same English needs different Welsh, a context tells
the two apart (:func:`pgettext`). Placeholders are ``str.format`` names; the language is always
passed, because one process prints Welsh for one home and English for the next::

    _("Reference {ref}", lang, ref="4821")
    pgettext("self-assessment answer", "yes", "cy")                     # -> "ie"
    ngettext("over {n} story with a response", "over {n} stories with a response", 5, lang)
    N_("stories reach the moderator")    # a literal in a data table, looked up later by its English

**Plurals** use the catalogue's ``Plural-Forms``, which Babel writes from CLDR: English has two forms,
Welsh six (zero, one, two, few, many, other). **Dates and times** come from Babel (CLDR month and day
names, e.g. ``1 Rhagfyr 2026``) in UK time, the time the notices' readers live in.

Developer commands (Babel extracts and compiles; run from a checkout)::

    python -m sync.i18n extract   # scan the sources (see METHOD_MAP), merge new words into en + cy .po
    python -m sync.i18n compile   # write the .mo files from the .po files
    python -m sync.i18n check     # fail unless every Welsh entry is translated, not fuzzy, has the
                                  # same placeholders, the .mo files are fresh and no source word is missing

To add or fix a translation: edit ``assets/locale/cy/LC_MESSAGES/carekiosk.po``, then ``compile`` and
``check``. New English words in the code: ``extract`` first, translate the empty ``msgstr``, then the same.
The tests run ``check``, so a word without its Welsh fails the suite.
"""

from __future__ import annotations

import gettext as _gettext
import re
import string
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

from .assets import asset_path

DOMAIN = "carekiosk"
LANGS = ("en", "cy")
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}
#: Dates on notices and in texts are UK local dates and times (GMT/BST): ``UK``, made on first use
#: (module ``__getattr__`` below), so the kiosk, which looks words up before Welcome is drawn, does
#: not read the time zone database then.
UK_ZONE = "Europe/London"
#: The Babel (CLDR) locale for each language. Plain ``en``, not ``en_GB``: CLDR's British short month
#: for September is "Sept", and the texts have always said "Sep".
BABEL_LOCALES = {"en": "en", "cy": "cy"}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    return lang


def __getattr__(name: str) -> Any:
    if name == "UK":
        return uk()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def uk() -> "ZoneInfo":
    """UK time (GMT/BST)."""
    from zoneinfo import ZoneInfo

    return ZoneInfo(UK_ZONE)  # ZoneInfo keeps one instance per key


def locale_dir() -> Path:
    return asset_path("locale")


# -- looking words up ------------------------------------------------------------------------------

class Translator:
    """The loaded catalogues, one per language, read once. ``gettext.NullTranslations`` (English as
    written) stands in for a catalogue that is missing."""

    def __init__(self, directory: Path | None = None):
        self.directory = Path(directory) if directory else locale_dir()
        self._cache: dict[str, _gettext.NullTranslations] = {}

    def catalogue(self, lang: str) -> _gettext.NullTranslations:
        if lang not in self._cache:
            check_lang(lang)
            try:
                with (self.directory / lang / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as fh:
                    self._cache[lang] = _gettext.GNUTranslations(fh)
            except OSError:
                self._cache[lang] = _gettext.NullTranslations()
        return self._cache[lang]

    def gettext(self, msgid: str, lang: str) -> str:
        return self.catalogue(lang).gettext(msgid) if msgid else ""

    def pgettext(self, context: str, msgid: str, lang: str) -> str:
        return self.catalogue(lang).pgettext(context, msgid) if msgid else ""

    def ngettext(self, singular: str, plural: str, n: int, lang: str) -> str:
        return self.catalogue(lang).ngettext(singular, plural, n)

    def npgettext(self, context: str, singular: str, plural: str, n: int, lang: str) -> str:
        return self.catalogue(lang).npgettext(context, singular, plural, n)


_default: Translator | None = None


def translator() -> Translator:
    global _default
    if _default is None:
        _default = Translator()
    return _default


def _fill(text: str, values: dict[str, Any]) -> str:
    return text.format(**values) if values else text


def gettext(msgid: str, lang: str, /, **values: Any) -> str:
    """``msgid`` (English) in ``lang``, placeholders filled from ``values`` (none given: left as they are)."""
    return _fill(translator().gettext(msgid, lang), values)


_ = gettext


def pgettext(context: str, msgid: str, lang: str, /, **values: Any) -> str:
    """Like :func:`gettext`, for English that needs different Welsh in different places."""
    return _fill(translator().pgettext(context, msgid, lang), values)


def ngettext(singular: str, plural: str, n: int, lang: str, /, **values: Any) -> str:
    """The form for ``n`` (``{n}`` is filled with it, as are ``values``)."""
    return _fill(translator().ngettext(singular, plural, n, lang), {"n": n, **values})


def npgettext(context: str, singular: str, plural: str, n: int, lang: str, /, **values: Any) -> str:
    return _fill(translator().npgettext(context, singular, plural, n, lang), {"n": n, **values})


def N_(msgid: str) -> str:
    """Mark an English literal for the catalogue without translating it (data tables, error ids)."""
    return msgid


def NP_(context: str, msgid: str) -> str:
    """:func:`N_` with a context; look it up later with :func:`pgettext` and the same context."""
    return msgid


def plural_count(value: float) -> int:
    """A whole number for gettext's plural formula: ``value`` itself when whole, else 100, which is
    "other" in English and in Welsh, as CLDR reads every fraction (``1.5 days``, ``1.5 diwrnod``)."""
    return int(value) if float(value).is_integer() else 100


# -- dates and times (Babel) ---------------------------------------------------------------------------

def local_time(moment: datetime, tz: "ZoneInfo | None" = None) -> datetime:
    """``moment`` in ``tz`` (default UK time); a naive datetime counts as UTC, like every stored time."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(tz or uk())


def format_date(moment: date | datetime | None, lang: str = "en", tz: "ZoneInfo | None" = None) -> str:
    """``3 March 2025`` / ``3 Mawrth 2025`` (no weekday; day first, as people write it in the UK).

    A moment in time is shown as the date in ``tz`` (UK time: a story published at 00:30 BST on
    1 July is "1 July", though it is still 30 June in UTC); a naive datetime counts as UTC; a plain
    ``date`` is shown as it is. ``None`` is "?"."""
    from babel.dates import format_date as babel_format_date

    if moment is None:
        return "?"
    if isinstance(moment, datetime):
        moment = local_time(moment, tz).date()
    return babel_format_date(moment, "d MMMM y", locale=BABEL_LOCALES[check_lang(lang)])


def format_datetime(moment: datetime, pattern: str, lang: str = "en", tz: "ZoneInfo | None" = None) -> str:
    """``moment`` in UK time with a CLDR ``pattern`` (e.g. ``EEE d MMM HH:mm`` -> ``Thu 13 Mar 17:00``)."""
    from babel.dates import format_datetime as babel_format_datetime

    return babel_format_datetime(local_time(moment, tz), pattern, locale=BABEL_LOCALES[check_lang(lang)])


# -- the catalogues: extract, compile, check (Babel; developer commands) ---------------------------

#: The checkout: ``kiosk/``, ``print_notices/`` and ``sync/`` side by side (read as files, never imported).
ROOT = Path(__file__).resolve().parent.parent
#: Which files hold words, and how Babel reads them: what a ``babel.cfg`` mapping file would say.
#: ``kiosk/anonymise/**`` is inside ``kiosk/**``: its reasons and suggestions are ``N_`` literals.
METHOD_MAP = [
    ("kiosk/**.kv", "sync.i18n:extract_kv"),
    ("kiosk/**.py", "python"),
    ("print_notices/**.py", "python"),
    ("sync/**.py", "python"),
]
SOURCE_DIRS = ("kiosk", "print_notices", "sync")
#: The calls whose literal arguments are words (Babel keyword specs: argument numbers, ``c`` = context).
#: ``t`` / ``tr`` are the kiosk's ``app.t("…")`` and ``self.t("…")``.
KEYWORDS: dict[str, Any] = {
    "_": None, "gettext": None, "N_": None, "t": None, "tr": None,
    "pgettext": ((1, "c"), 2), "NP_": ((1, "c"), 2),
    "ngettext": (1, 2), "npgettext": ((1, "c"), 2, 3),
}
#: A comment starting so, on the line before a word, reaches the translator (``#.`` in the .po).
COMMENT_TAGS = ("Translators:",)
PROJECT, VERSION = "carekiosk", "0.1.0"

_KV_CALL = re.compile(r"""\bt\(\s*(?P<q>["'])(?P<msg>(?:\\.|(?!(?P=q)).)*)(?P=q)""")


def extract_kv(fileobj, keywords, comment_tags, options) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel extraction method for Kivy ``.kv`` files: every ``t("…")`` / ``app.t("…")`` with a literal."""
    for lineno, line in enumerate(fileobj.read().decode("utf-8").splitlines(), 1):
        for match in _KV_CALL.finditer(line):
            yield lineno, "t", bytes(match.group("msg"), "utf-8").decode("unicode_escape"), []


def _new_catalog(lang: str | None = None):
    from babel.messages.catalog import Catalog

    return Catalog(locale=lang, domain=DOMAIN, project=PROJECT, version=VERSION, charset="utf-8", fuzzy=False)


def extract(root: Path = ROOT):
    """The template: every word in the sources, with its file, context and translator comments."""
    from babel.messages.extract import extract_from_dir

    catalog = _new_catalog()
    root = Path(root)

    def wanted(dirname: str) -> bool:
        rel = Path(dirname).resolve().relative_to(root.resolve())
        return rel.parts[0] in SOURCE_DIRS and not rel.name.startswith((".", "_"))

    for filename, lineno, message, comments, context in extract_from_dir(
        root, METHOD_MAP, keywords=KEYWORDS, comment_tags=COMMENT_TAGS, strip_comment_tags=True,
        directory_filter=wanted,
    ):
        if not (message[0] if isinstance(message, tuple) else message).strip():
            continue
        catalog.add(message, locations=[(Path(filename).as_posix(), lineno)], auto_comments=comments,
                    context=context)
    return catalog


def _po_path(directory: Path, lang: str) -> Path:
    return Path(directory) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(lang: str, directory: Path | None = None):
    from babel.messages.pofile import read_po

    with _po_path(directory or locale_dir(), lang).open("rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


def _po_bytes(catalog) -> bytes:
    from io import BytesIO

    from babel.messages.pofile import write_po

    out = BytesIO()
    write_po(out, catalog, width=100, include_lineno=False, ignore_obsolete=True)
    return out.getvalue()


def update_catalogues(directory: Path | None = None, root: Path = ROOT) -> dict[str, int]:
    """Merge the sources' words into each language's .po: translations of words still in the code are
    kept, new words arrive untranslated (English: the msgid itself), words gone from the code go.
    The header's Plural-Forms is Babel's (CLDR) for the language. Returns the entries per language."""
    directory = Path(directory or locale_dir())
    template = extract(root)
    counts: dict[str, int] = {}
    for lang in LANGS:
        path = _po_path(directory, lang)
        old = read_catalogue(lang, directory) if path.exists() else None
        catalog = _new_catalog(lang)
        if old is not None:
            catalog.creation_date, catalog.revision_date = old.creation_date, old.revision_date
            catalog.last_translator, catalog.language_team = old.last_translator, old.language_team
        for message in template:
            if not message.id:
                continue
            before = old.get(message.id, message.context) if old is not None else None
            plural = isinstance(message.id, tuple)
            if before is not None and isinstance(before.id, tuple) == plural:
                text, flags, user_comments = before.string, set(before.flags), list(before.user_comments)
            else:
                text, flags, user_comments = (("",) * catalog.num_plurals if plural else ""), set(), []
            if lang == "en" and not any(text if plural else [text]):
                text = message.id  # English: the msgid is the text (singular, plural)
            if plural:
                text = tuple(text) if isinstance(text, (tuple, list)) else (text,)
                text = (text + ("",) * catalog.num_plurals)[:catalog.num_plurals]
            flags = {f for f in flags if f not in ("python-format", "python-brace-format")} | set(message.flags)
            catalog.add(message.id, text, locations=message.locations, flags=flags,
                        auto_comments=message.auto_comments, user_comments=user_comments, context=message.context)
        counts[lang] = sum(1 for m in catalog if m.id)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = _po_bytes(catalog)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
    return counts


def _mo_bytes(catalog) -> bytes:
    from io import BytesIO

    from babel.messages.mofile import write_mo

    out = BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def compile_catalogues(directory: Path | None = None) -> list[Path]:
    """Write each language's .mo from its .po (fuzzy entries are left out, so they show English)."""
    directory = Path(directory or locale_dir())
    written = []
    for lang in LANGS:
        mo = _po_path(directory, lang).with_suffix(".mo")
        mo.write_bytes(_mo_bytes(read_catalogue(lang, directory)))
        written.append(mo)
    return written


def placeholders(text: str) -> set[str]:
    """The ``str.format`` names in ``text``: ``{home}: story {ref}`` -> ``{"home", "ref"}``."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<unbalanced braces>"}


def _message_problems(lang: str, message) -> Iterator[str]:
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    where = f"{lang}: {msgid!r}" + (f" (context {message.context!r})" if message.context else "")
    forms = message.string if isinstance(message.string, tuple) else (message.string,)
    if message.fuzzy:
        yield f"{where}: marked fuzzy (check the translation, then remove the fuzzy flag)"
    if not all(form.strip() for form in forms):
        yield f"{where}: not translated"
        return
    if isinstance(message.id, tuple):
        allowed = placeholders(message.id[0]) | placeholders(message.id[1])
        for form in forms:
            if not placeholders(form) <= allowed:
                yield f"{where}: placeholders {sorted(placeholders(form) - allowed)} are not in the English"
    elif placeholders(forms[0]) != placeholders(msgid):
        yield (f"{where}: placeholders differ: English {sorted(placeholders(msgid))}, "
               f"translation {sorted(placeholders(forms[0]))}")


def check(directory: Path | None = None, root: Path | None = ROOT) -> list[str]:
    """Everything wrong with the catalogues, one sentence each (an empty list: all is well).

    Every entry of every language is translated, not fuzzy, with the English's placeholders; the
    header's Plural-Forms is CLDR's (via Babel); each .mo is what ``compile`` would write; and (unless
    ``root`` is None) every word in the sources has an entry and no entry is left over."""
    from babel.messages.plurals import get_plural

    directory = Path(directory or locale_dir())
    found: list[str] = []
    wanted = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in extract(root) if m.id} \
        if root is not None else None
    for lang in LANGS:
        catalog = read_catalogue(lang, directory)
        expected = get_plural(lang)
        if (catalog.num_plurals, catalog.plural_expr) != (expected.num_plurals, expected.plural_expr):
            found.append(f"{lang}: Plural-Forms should be {expected.plural_forms!r}; run `python -m sync.i18n extract`")
        for message in catalog:
            if message.id:
                found.extend(_message_problems(lang, message))
        mo = _po_path(directory, lang).with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != _mo_bytes(catalog):
            found.append(f"{lang}: {mo.name} is out of date; run `python -m sync.i18n compile`")
        if wanted is not None:
            have = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalog if m.id}
            for msgid, context in sorted(wanted - have, key=str):
                found.append(f"{lang}: {msgid!r} is in the code but not in the catalogue; "
                             "run `python -m sync.i18n extract`")
            for msgid, context in sorted(have - wanted, key=str):
                found.append(f"{lang}: {msgid!r} is no longer in the code; run `python -m sync.i18n extract`")
    return found


def main(argv: Iterable[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m sync.i18n",
                                     description="Extract, compile and check carekiosk's English and Welsh catalogues.")
    parser.add_argument("command", choices=("extract", "compile", "check"))
    parser.add_argument("--locale-dir", type=Path, default=None,
                        help="the catalogues' folder (default: assets/locale of this install)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.command == "extract":
        for lang, n in update_catalogues(args.locale_dir).items():
            print(f"{lang}: {n} entries")
        return 0
    if args.command == "compile":
        for path in compile_catalogues(args.locale_dir):
            print(f"wrote {path}")
        return 0
    problems = check(args.locale_dir)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in the catalogues", file=sys.stderr)
        return 1
    print("every entry translated in " + " and ".join(LANGUAGE_NAMES[lang] for lang in LANGS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
