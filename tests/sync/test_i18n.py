"""The one translation mechanism: catalogues complete and up to date with the sources, compiled .mo
files fresh, Babel's Welsh plurals and dates, the one role table, and the check that catches a gap."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from babel.dates import get_month_names
from babel.messages.plurals import get_plural

from sync import i18n
from sync.story import AUTHOR_ROLES, ROLES, role_label

ROOT = Path(__file__).resolve().parents[2]


def run_i18n(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sync.i18n", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def ids(catalog) -> set[tuple[str, str | None]]:
    return {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalog if m.id}


@pytest.fixture
def locale_copy(tmp_path) -> Path:
    copy = tmp_path / "locale"
    shutil.copytree(i18n.locale_dir(), copy)
    return copy


# --- the committed catalogues ----------------------------------------------------------------------------

def test_the_committed_catalogues_pass_the_check():
    """Every entry translated in both languages, none fuzzy, same placeholders, .mo fresh, sources covered."""
    assert i18n.check() == []


def test_the_catalogues_are_up_to_date_with_the_sources(locale_copy):
    """Extracting afresh (into a temp copy) finds exactly the words already in the catalogues, and keeps
    every translation as it was."""
    done = run_i18n("extract", "--locale-dir", str(locale_copy))
    assert done.returncode == 0, done.stderr
    for lang in i18n.LANGS:
        fresh, committed = i18n.read_catalogue(lang, locale_copy), i18n.read_catalogue(lang)
        assert ids(fresh) == ids(committed), f"{lang}: run `python -m sync.i18n extract` and translate"
        assert {(m.id, m.context): m.string for m in fresh if m.id} == \
               {(m.id, m.context): m.string for m in committed if m.id}
    template = ids(i18n.extract())
    assert template == ids(i18n.read_catalogue("cy"))


def test_extraction_covers_every_part_and_kind_of_source():
    template = i18n.extract()

    def files(msgid, context=None):
        entry = template.get(msgid, context)
        assert entry is not None, msgid
        return {path for path, _ in entry.locations}

    assert "kiosk/screens/welcome.kv" in files("Tell us about your care")  # the custom .kv extraction method
    assert "kiosk/screens/check.py" in files("Check {number} of {total}")  # (kiosk/speech/script.py says both too)
    assert all(path.startswith("kiosk/anonymise/") for path in files("their room"))  # the anonymiser's N_ literals
    assert "print_notices/leaflet.py" in files("Tell us your story")
    assert files("last {when}", "sms") == {"print_notices/sms/messages.py"}
    assert files("stories reach the moderator") == {"sync/server/engagement/rules.py"}
    assert files("I live here") == {"sync/story.py"}
    assert files("a resident", "author role") == {"sync/story.py"}  # the role label, apart from the suggestion
    assert any(path.startswith("kiosk/anonymise/") for path in files("a resident"))  # its suggestion
    awaiting = template.get(("{n} story has been checked by the moderator and is waiting for the home to say go "
                             "ahead or ask for a review. Its words are shown only once it is published."))
    assert awaiting is not None and isinstance(awaiting.id, tuple)  # ngettext: a plural entry
    assert any("who replied" in c for c in template.get("{name}, {role}, {date}").auto_comments)  # Translators:


def test_compile_reproduces_the_committed_mo_files(locale_copy):
    for mo in locale_copy.glob("*/LC_MESSAGES/*.mo"):
        mo.unlink()
    done = run_i18n("compile", "--locale-dir", str(locale_copy))
    assert done.returncode == 0, done.stderr
    for lang in i18n.LANGS:
        path = Path(lang, "LC_MESSAGES", f"{i18n.DOMAIN}.mo")
        assert (locale_copy / path).read_bytes() == (i18n.locale_dir() / path).read_bytes()


# --- the check catches what it should --------------------------------------------------------------------

def _edit_po(directory: Path, lang: str, old: str, new: str) -> None:
    po = directory / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    text = po.read_text(encoding="utf-8")
    assert old in text
    po.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_check_fails_on_a_missing_translation_and_the_command_says_which(locale_copy):
    _edit_po(locale_copy, "cy", 'msgstr "Dechrau eto"', 'msgstr ""')
    i18n.compile_catalogues(locale_copy)
    problems = i18n.check(locale_copy)
    assert problems == ["cy: 'Start again': not translated"]
    done = run_i18n("check", "--locale-dir", str(locale_copy))
    assert done.returncode == 1 and "'Start again': not translated" in done.stderr


def test_check_fails_on_fuzzy_wrong_placeholders_and_a_stale_mo(locale_copy):
    _edit_po(locale_copy, "cy", 'msgid "Start again"', '#, fuzzy\nmsgid "Start again"')
    _edit_po(locale_copy, "cy", 'msgstr "Cyfeirnod {ref}"', 'msgstr "Cyfeirnod {rhif}"')
    problems = i18n.check(locale_copy)
    assert "cy: 'Start again': marked fuzzy (check the translation, then remove the fuzzy flag)" in problems
    assert any("'Reference {ref}': placeholders differ" in p for p in problems)
    assert any("carekiosk.mo is out of date" in p for p in problems)


def test_check_fails_on_a_word_in_the_code_that_the_catalogue_lacks(locale_copy, tmp_path):
    source = tmp_path / "src"
    for part in i18n.SOURCE_DIRS:
        shutil.copytree(ROOT / part, source / part, ignore=shutil.ignore_patterns("__pycache__"))
    with (source / "print_notices" / "poster.py").open("a", encoding="utf-8") as fh:
        fh.write('\n\nNEW_WORDS = _("A sentence nobody has translated yet.", "cy")\n')
    problems = i18n.check(locale_copy, root=source)
    assert problems == [f"{lang}: 'A sentence nobody has translated yet.' is in the code but not in the catalogue; "
                        "run `python -m sync.i18n extract`" for lang in i18n.LANGS]
    i18n.update_catalogues(locale_copy, root=source)  # extract: the new word arrives, untranslated in Welsh
    assert i18n.read_catalogue("en", locale_copy).get("A sentence nobody has translated yet.").string == \
        "A sentence nobody has translated yet."
    assert "cy: 'A sentence nobody has translated yet.': not translated" in i18n.check(locale_copy, root=source)


# --- looking words up --------------------------------------------------------------------------------------

def test_lookups_fill_placeholders_and_keep_english_for_unknown_words():
    assert i18n._("Reference {ref}", "cy", ref="4821") == "Cyfeirnod 4821"
    assert i18n._("Reference {ref}", "en", ref="4821") == "Reference 4821"
    assert i18n._("Reference {ref}", "cy") == "Cyfeirnod {ref}"  # no values: the template as it is
    assert i18n.gettext("Words nobody wrote", "cy") == "Words nobody wrote"
    assert i18n.pgettext("self-assessment answer", "yes", "cy") == "ie"
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        i18n._("Reference {ref}", "fr")


def test_welsh_plurals_have_babels_six_cldr_forms():
    catalog = i18n.read_catalogue("cy")
    assert catalog.num_plurals == 6 == get_plural("cy").num_plurals
    assert i18n.read_catalogue("en").num_plurals == 2
    one, two, many = ("{n} day", "{n} days"), 2, 5
    assert i18n.ngettext(*one, 1, "en") == "1 day" and i18n.ngettext(*one, many, "en") == "5 days"
    assert i18n.ngettext(*one, two, "cy") == "2 ddiwrnod"  # the "two" form: dau + soft mutation
    assert i18n.ngettext(*one, many, "cy") == "5 diwrnod" and i18n.ngettext(*one, 6, "cy") == "6 diwrnod"
    assert i18n.ngettext(*one, i18n.plural_count(1.5), "en", n="1.5") == "1.5 days"


def test_dates_are_babels_in_uk_time():
    welsh = get_month_names("wide", locale="cy")
    for month in range(1, 13):
        assert i18n.format_date(date(2026, month, 1), "cy") == f"1 {welsh[month]} 2026"
    assert i18n.format_date(date(2026, 12, 1), "cy") == "1 Rhagfyr 2026"
    assert i18n.format_date(datetime(2026, 6, 30, 23, 30, tzinfo=timezone.utc), "cy") == "1 Gorffennaf 2026"  # BST
    assert i18n.format_date(datetime(2026, 12, 31, 23, 30), "en") == "31 December 2026"  # naive = UTC; GMT
    assert i18n.format_date(None) == "?"
    assert i18n.format_datetime(datetime(2026, 7, 1, 16, tzinfo=timezone.utc), "EEE d MMM HH:mm") == "Wed 1 Jul 17:00"


# --- the one role table ------------------------------------------------------------------------------------

def test_one_role_table_for_the_kiosk_the_notices_and_the_service():
    assert [r.id for r in ROLES] == list(AUTHOR_ROLES) == ["resident", "relative", "carer", "visitor", "staff"]
    # what the service publishes as authorRole stays as it was
    assert AUTHOR_ROLES == {"resident": "a resident", "relative": "family or friend", "carer": "an unpaid carer",
                            "visitor": "a visitor", "staff": "a member of staff"}
    for role in ROLES:
        welsh = role_label(role.id, "cy")
        assert welsh == role_label(role.label, "cy") != role.label  # from the id or the published English
        assert role_label(role.id, "en") == role.label
        assert i18n.gettext(role.answer, "cy") != role.answer  # the kiosk's button
    assert role_label("relative", "cy") == "teulu neu ffrind"
    assert role_label(None, "cy") == "rhywun" and role_label("  ", "en") == "someone"
    assert role_label("the chaplain", "cy") == "the chaplain"  # free text from elsewhere, as it is
