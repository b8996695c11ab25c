"""Developer script that regenerates the derived word lists in ``assets/wordlists``.

Not imported at run time. The derived lists come from two permissively licensed packages so that
anyone can rebuild them offline from the package registries:

* given names and surnames from Faker's person providers (PyPI ``faker``, MIT licence);
* English words from SCOWL via Debian's ``wbritish`` (size 50) and ``wbritish-small`` (size 35).

Usage (paths point at an unpacked wheel and unpacked .deb files)::

    pip download --no-deps faker && unzip faker-*.whl -d /tmp/faker_src
    apt-get download wbritish wbritish-small && dpkg-deb -x wbritish_*.deb /tmp/wb \
        && dpkg-deb -x wbritish-small_*.deb /tmp/wbs
    python -m kiosk.anonymise.build_wordlists /tmp/faker_src \
        /tmp/wb/usr/share/dict/british-english /tmp/wbs/usr/share/dict/british-english-small
"""

from __future__ import annotations

import importlib
import sys
import unicodedata
from pathlib import Path

# Latin-script locales whose names are common among UK care-home residents and staff.
LOCALES = (
    "en en_GB en_IE ga_IE en_IN en_PK en_KE en_NG ha_NG ig_NG yo_NG tw_GH zu_ZA en_NZ en_US "
    "pl_PL ro_RO es_ES es_MX pt_PT pt_BR it_IT fr_FR cs_CZ sk_SK hu_HU lt_LT lv_LV hr_HR sl_SI "
    "tr_TR id_ID vi_VN zh_CN zh_TW ja_JP nl_NL de_DE sv_SE"
).split()


def _latin(s: str) -> bool:
    return all("LATIN" in unicodedata.name(c, "") or c in " '-’" for c in s)


def _names(provider: type, *attrs: str) -> list[str]:
    out: list[str] = []
    for attr in attrs:
        v = getattr(provider, attr, None)
        if v:
            out += list(v.keys()) if hasattr(v, "keys") else list(v)
    return out


def _fold(s: str) -> str:
    s = s.lower()
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _dict_words(path: str) -> set[str]:
    with open(path, encoding="utf-8") as fh:
        return {w.strip() for w in fh if w.strip().islower() and "'" not in w}


def main(faker_src: str, big_dict: str, small_dict: str) -> None:
    out = Path(__file__).resolve().parents[2] / "assets" / "wordlists"
    sys.path.insert(0, faker_src)
    first: set[str] = set()
    last: set[str] = set()
    for loc in LOCALES:
        prov = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for n in _names(prov, "first_names", "first_names_male", "first_names_female", "first_romanized_names"):
            if _latin(n):
                first.update(p.lower() for p in n.replace("-", " ").split() if len(p) > 1)
        for n in _names(prov, "last_names", "last_romanized_names"):
            if _latin(n):
                last.update(p.lower() for p in n.split() if len(p) > 1)
    big, small = _dict_words(big_dict), _dict_words(small_dict)
    # Capitalised SCOWL entries that are not given names: places, languages, festivals, brands
    with open(big_dict, encoding="utf-8") as fh:
        caps = {_fold(w.strip()) for w in fh if w[:1].isupper() and not w.strip().isupper() and "'" not in w}
    extra_first = {_fold(w) for w in (out / "first_names_extra.txt").read_text(encoding="utf-8").split() if not w.startswith("#")}
    proper = sorted(c for c in caps if c not in {_fold(f) for f in first} and c not in extra_first)
    (out / "proper_nouns.txt").write_text("\n".join(proper) + "\n", encoding="utf-8")
    (out / "first_names.txt").write_text("\n".join(sorted(first)) + "\n", encoding="utf-8")
    (out / "surnames.txt").write_text("\n".join(sorted(last)) + "\n", encoding="utf-8")
    (out / "english_common.txt").write_text("\n".join(sorted(small)) + "\n", encoding="utf-8")
    (out / "english_rare.txt").write_text("\n".join(sorted(big - small)) + "\n", encoding="utf-8")
    print(f"first={len(first)} surnames={len(last)} common={len(small)} rare={len(big - small)} proper={len(proper)}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
