"""The kiosk's words: in both catalogues, Welsh complete, compiled, and looked up through the one
mechanism (:mod:`sync.i18n`) that the app's ``t()`` uses."""

from __future__ import annotations

from kiosk import i18n
from sync import i18n as shared
from sync.story import ROLES


def catalogue_ids(lang):
    return {m.id for m in shared.read_catalogue(lang) if m.id}


def kiosk_ids():
    """Every word the kiosk's sources hold (screens, .kv files, session, the anonymiser)."""
    return {m.id for m in shared.extract() if m.id and any(path.startswith("kiosk/") for path, _ in m.locations)}


def test_every_source_string_is_in_both_catalogues():
    extracted = kiosk_ids()
    assert "Tell us about your care" in extracted and "Next" in extracted  # a .kv word and a screen word
    assert "their room" in extracted  # an anonymiser suggestion
    for lang in i18n.LANGUAGES:
        missing = extracted - catalogue_ids(lang)
        assert not missing, f"{lang}: run `python -m sync.i18n extract` (missing {sorted(missing)[:5]})"


def test_welsh_is_complete():
    kiosk_problems = [p for p in shared.check(root=None) if p.startswith("cy:")]
    assert kiosk_problems == []


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
    assert i18n.translator() is shared.translator()  # one loader, shared with the notices and texts


def test_who_are_you_buttons_come_from_the_one_role_table():
    # kiosk/screens/who.py builds its buttons from kiosk.choices.WHO, made from sync.story.ROLES
    from kiosk import choices

    who = (shared.ROOT / "kiosk" / "screens" / "who.py").read_text()
    assert "choices.WHO" in who and '"I live here"' not in who
    assert [c.label for c in choices.WHO] == [role.answer for role in ROLES]
    t = i18n.translator()
    assert t.gettext("I live here", "cy") == "Rwy’n byw yma"
    for role in ROLES:
        assert t.gettext(role.answer, "cy") != role.answer
