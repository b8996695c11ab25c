"""English and Welsh catalogues: complete, compiled, and covering every string the screens use."""

from __future__ import annotations

from babel.messages.pofile import read_po

from kiosk import i18n


def catalogue_ids(lang):
    path = i18n.locale_dir() / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    with path.open("rb") as fh:
        return {m.id for m in read_po(fh, locale=lang) if m.id}


def test_every_source_string_is_in_both_catalogues():
    extracted = {m.id for m in i18n.extract() if m.id}
    assert "Tell us about your care" in extracted and "Next" in extracted
    for lang in i18n.LANGUAGES:
        missing = extracted - catalogue_ids(lang)
        assert not missing, f"{lang}: run `python -m kiosk.i18n` (missing {sorted(missing)[:5]})"


def test_welsh_is_complete():
    assert i18n.missing("cy") == []


def test_anonymiser_reasons_and_suggestions_are_translated():
    try:
        from kiosk.anonymise import REASONS
    except ImportError:
        return
    t = i18n.Translator()
    for reason in REASONS.values():
        assert t.gettext(reason, "cy") != reason
    assert t.gettext("their room", "cy") == "eu hystafell"


def test_compiled_catalogues_translate():
    t = i18n.Translator()
    assert t.gettext("Start again", "cy") == "Dechrau eto"
    assert t.gettext("Start again", "en") == "Start again"
    assert t.gettext("Words nobody wrote", "cy") == "Words nobody wrote"
    assert t.gettext("", "cy") == ""
