"""The kiosk's words in English and Welsh: gettext with Babel catalogues shipped in the package.

Catalogues live in ``assets/locale/<lang>/LC_MESSAGES/carekiosk.po`` (and the compiled
``.mo`` next to them, committed so an installed kiosk needs no build step). The msgid is the English
text itself, so an untranslated string still shows plain English.

Regenerate after changing any words::

    python -m kiosk.i18n --extract   # scan screens, session and the anonymiser; update en + cy .po
    python -m kiosk.i18n --compile   # write the .mo files
    python -m kiosk.i18n --check     # fail if any Welsh translation is missing or fuzzy

Sources scanned: ``kiosk/*.py`` and ``kiosk/screens/*.py`` (keywords ``_``, ``N_``, ``t``),
``kiosk/screens/*.kv`` (``app.t("...")``), and ``kiosk/anonymise/**.py`` (keyword ``N_``: its reasons
and suggestions are English literals translated here at display time).
"""

from __future__ import annotations

import argparse
import gettext
import re
import sys
from pathlib import Path
from typing import Iterable, Iterator

from sync.assets import asset_path

DOMAIN = "carekiosk"
LANGUAGES = ("en", "cy")
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}
PACKAGE_DIR = Path(__file__).resolve().parent


def locale_dir() -> Path:
    return asset_path("locale")


class Translator:
    """Looks words up per language; one loaded catalogue per language, cached."""

    def __init__(self, directory: Path | None = None):
        self.directory = directory or locale_dir()
        self._cache: dict[str, gettext.NullTranslations] = {}

    def catalogue(self, lang: str) -> gettext.NullTranslations:
        if lang not in self._cache:
            try:
                self._cache[lang] = gettext.translation(DOMAIN, str(self.directory), languages=[lang])
            except OSError:
                self._cache[lang] = gettext.NullTranslations()
        return self._cache[lang]

    def gettext(self, msgid: str, lang: str) -> str:
        if not msgid:
            return ""
        return self.catalogue(lang).gettext(msgid)

    def ngettext(self, singular: str, plural: str, n: int, lang: str) -> str:
        return self.catalogue(lang).ngettext(singular, plural, n)


_default: Translator | None = None


def translator() -> Translator:
    global _default
    if _default is None:
        _default = Translator()
    return _default


def _(msgid: str, lang: str = "en") -> str:
    return translator().gettext(msgid, lang)


# -- catalogue maintenance (Babel) ------------------------------------------------------------------
_KV_CALL = re.compile(r"""\bt\(\s*(?P<q>["'])(?P<msg>(?:\\.|(?!(?P=q)).)*)(?P=q)""")


def extract_kv(fileobj, keywords, comment_tags, options) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel extractor for .kv files: every ``t("…")`` / ``app.t("…")`` call with a literal."""
    for lineno, line in enumerate(fileobj.read().decode("utf-8").splitlines(), 1):
        for match in _KV_CALL.finditer(line):
            yield lineno, "t", bytes(match.group("msg"), "utf-8").decode("unicode_escape"), []


def _sources() -> Iterable[tuple[Path, str]]:
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        yield path, "python"
    for path in sorted((PACKAGE_DIR / "screens").glob("*.py")):
        yield path, "python"
    for path in sorted((PACKAGE_DIR / "screens").glob("*.kv")):
        yield path, "kv"
    for path in sorted((PACKAGE_DIR / "anonymise").rglob("*.py")):
        yield path, "anonymise"


def extract():
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_file

    catalog = Catalog(project="carekiosk", version="0.1.0", charset="utf-8")
    py_keywords = {"_": None, "N_": None, "t": None}
    for path, kind in _sources():
        if kind == "python":
            found = extract_from_file("python", str(path), keywords=py_keywords)
        elif kind == "kv":
            found = extract_from_file(extract_kv, str(path), keywords={"t": None})
        else:
            found = extract_from_file("python", str(path), keywords={"N_": None})
        rel = path.relative_to(PACKAGE_DIR.parent).as_posix()
        for lineno, message, comments, context in found:
            if isinstance(message, tuple):
                message = message[0]
            if message and message.strip():
                catalog.add(message, locations=[(rel, lineno)], auto_comments=comments, context=context)
    return catalog


def update_catalogues(write: bool = True) -> dict[str, int]:
    """Merge the extracted template into each language's .po, keeping existing translations."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    counts: dict[str, int] = {}
    for lang in LANGUAGES:
        template = extract()  # fresh each time: Catalog.update may share message objects
        po_path = locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po_path.exists():
            with po_path.open("rb") as fh:
                catalog = read_po(fh, locale=lang)
        else:
            catalog = Catalog(locale=lang, project="carekiosk", version="0.1.0")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if lang == "en":
            for message in catalog:
                if message.id and not message.string:
                    message.string = message.id
        counts[lang] = len([m for m in catalog if m.id])
        if write:
            po_path.parent.mkdir(parents=True, exist_ok=True)
            with po_path.open("wb") as fh:
                write_po(fh, catalog, width=100, sort_output=False, omit_header=False)
    return counts


def missing(lang: str) -> list[str]:
    from babel.messages.pofile import read_po

    po_path = locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    return [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]


def compile_catalogues() -> list[Path]:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for lang in LANGUAGES:
        po_path = locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        mo_path = po_path.with_suffix(".mo")
        with mo_path.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        written.append(mo_path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.i18n", description=__doc__.split("\n\n")[0])
    parser.add_argument("--extract", action="store_true", help="update the en and cy .po files from the sources")
    parser.add_argument("--compile", action="store_true", help="compile the .po files to .mo")
    parser.add_argument("--check", action="store_true", help="fail if a Welsh translation is missing")
    args = parser.parse_args(argv)
    if not (args.extract or args.compile or args.check):
        args.extract = args.compile = args.check = True
    if args.extract:
        for lang, n in update_catalogues().items():
            print(f"{lang}: {n} messages")
    if args.compile:
        for path in compile_catalogues():
            print(f"wrote {path}")
    if args.check:
        gaps = missing("cy")
        for msgid in gaps:
            print(f"cy: missing translation: {msgid!r}", file=sys.stderr)
        if gaps:
            return 1
        print("cy: every message translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
