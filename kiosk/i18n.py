"""The kiosk's words come from :mod:`sync.i18n`, the one translation mechanism (catalogues, commands,
checks: see there). Kept so the app and the screens import their lookups from one kiosk-side name."""

from sync.i18n import DOMAIN, LANGS, LANGUAGE_NAMES, N_, Translator, locale_dir, translator  # noqa: F401

LANGUAGES = LANGS
