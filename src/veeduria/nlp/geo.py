"""Countries, demonyms and place names to ISO codes and GeoNames places, offline and fast.

Data: `data/geonames_latam.tsv`, a compact subset of GeoNames (geonames.org, CC BY 4.0) built by
`python -m veeduria.nlp.geo --build DIR` from cities15000.txt, admin1CodesASCII.txt and
countryInfo.txt: every country, the admin1 regions and the towns of 15,000+ people of the Americas
and Spain. `data/places_extra.yaml` adds curated places GeoNames' extract lacks (El Alto, Senkata,
mines, airports, squares) and Spanish spellings of regions; it wins over GeoNames.

Ambiguity (La Paz ×7, Ayacucho AR/PE, Lima PE/US, San José CR/US): the country hint first, then
curated entries, exact names before alternate names, Latin America before Canada/US/Spain before
the rest, then population. A name that is both a town and its admin1 region (Puno, Ayacucho,
Cusco, Jalapa, San Marcos) resolves to the region, precision "admin1", unless the town is a
national capital or seat of government (Lima, La Paz, Guatemala City) or has a million people;
"Puno region" / "departamento de Puno" force the region, and `prefer` lets the caller choose.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from veeduria.types import GeoPrecision, Place

_DATA = Path(__file__).parent / "data"
_TSV = _DATA / "geonames_latam.tsv"
_EXTRA = _DATA / "places_extra.yaml"

LATAM = frozenset(
    {"AR", "BO", "BR", "CL", "CO", "CR", "CU", "DO", "EC", "GT", "HN", "MX", "NI", "PA", "PE",
     "PY", "SV", "UY", "VE", "PR"}
)  # fmt: skip
_SECOND_TIER = frozenset({"CA", "US", "ES"})


def norm(s: str) -> str:
    """Accent-, case- and punctuation-insensitive key: "Apurímac" == "apurimac"."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.casefold().replace("’", "'")
    s = re.sub(r"[.'`]", "", s)
    s = re.sub(r"[^\w]+", " ", s)
    return s.strip()


# ------------------------------------------------------------------------------ countries

# Names pycountry lacks or spells formally; keys are matched after `norm`.
_COUNTRY_ALIASES: dict[str, str] = {
    "us": "US", "usa": "US", "u s": "US", "u s a": "US", "united states": "US",
    "united states of america": "US", "america": "US", "estados unidos": "US", "eeuu": "US",
    "ee uu": "US", "eua": "US", "estados unidos de america": "US", "uk": "GB", "u k": "GB",
    "britain": "GB", "great britain": "GB", "england": "GB", "reino unido": "GB",
    "gran bretana": "GB", "inglaterra": "GB", "bolivia": "BO", "venezuela": "VE",
    "russia": "RU", "rusia": "RU", "south korea": "KR", "north korea": "KP", "iran": "IR",
    "syria": "SY", "vietnam": "VN", "taiwan": "TW", "holland": "NL", "the netherlands": "NL",
    "paises bajos": "NL", "holanda": "NL", "mexico": "MX", "mejico": "MX", "peru": "PE",
    "canada": "CA", "panama": "PA", "brasil": "BR", "brazil": "BR", "espana": "ES",
    "spain": "ES", "suiza": "CH", "switzerland": "CH", "china": "CN", "republica dominicana": "DO",
    "dominican republic": "DO", "el salvador": "SV", "belice": "BZ", "haiti": "HT",
    "puerto rico": "PR", "cuba": "CU", "alemania": "DE", "francia": "FR", "italia": "IT",
    "japon": "JP", "australia": "AU", "sudafrica": "ZA", "estado plurinacional de bolivia": "BO",
    "republica bolivariana de venezuela": "VE",
}  # fmt: skip
# Short forms that are ordinary words in lower case: matched only as written.
_CASE_SENSITIVE = {"US": "US", "U.S.": "US", "U.S": "US", "UK": "GB", "U.K.": "GB", "USA": "US"}


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """GeoNames' English country names plus the curated aliases (fast: no pycountry)."""
    table: dict[str, str] = {}
    for r in _index().rows:
        if r.kind == "C":
            table.setdefault(norm(r.name), r.country)
    table.update(_COUNTRY_ALIASES)
    for k in ("us", "u s", "uk", "u k", "usa"):
        table.pop(k, None)  # handled case-sensitively
    return table


@lru_cache(maxsize=1)
def _pycountry_names() -> dict[str, str]:
    """Every English and Spanish name pycountry knows (slow import: used only on a miss)."""
    import pycountry

    table: dict[str, str] = {}
    es: gettext.NullTranslations
    try:
        es = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["es"])
    except OSError:  # pragma: no cover - pycountry always ships its locales
        es = gettext.NullTranslations()
    for c in pycountry.countries:
        names = [c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)]
        for n in list(names):
            if n:
                names.append(es.gettext(n))
        for n in names:
            if not n:
                continue
            table.setdefault(norm(n), c.alpha_2)
            # "Bolivia, Estado plurinacional de" → "bolivia"
            if "," in n:
                table.setdefault(norm(n.split(",")[0]), c.alpha_2)
    for k in ("us", "u s", "uk", "u k", "usa"):
        table.pop(k, None)
    return table


def country_code(name: str, lang: str | None = None) -> str | None:
    """ISO alpha-2 for an English or Spanish country name or short form ("EE.UU." → "US").

    Demonyms are not country names: see `demonym_country`.
    """
    s = name.strip()
    if s in _CASE_SENSITIVE:
        return _CASE_SENSITIVE[s]
    n = norm(s)
    if n.startswith("the "):
        n = n[4:]
    names = _country_names()
    if n.startswith(("el ", "la ")) and n[3:] in names and n not in names:
        n = n[3:]
    if not n:
        return None
    found = names.get(n)
    if found is None and len(n) > 3 and n.replace(" ", "").isalpha():
        found = _pycountry_names().get(n)
    return found


# ------------------------------------------------------------------------------ demonyms

# Stem → country; Spanish stems take -o/-a/-os/-as (or -e/-es) endings, generated below.
_ES_DEMONYM_STEMS: dict[str, str] = {
    "peruan": "PE", "bolivian": "BO", "hondureñ": "HN", "guatemaltec": "GT", "panameñ": "PA",
    "mexican": "MX", "ecuatorian": "EC", "colombian": "CO", "venezolan": "VE", "cuban": "CU",
    "argentin": "AR", "chilen": "CL", "brasileñ": "BR", "salvadoreñ": "SV", "paraguay": "PY",
    "uruguay": "UY", "dominican": "DO", "norteamerican": "US", "ruso": "RU", "chin": "CN",
    "británic": "GB", "australian": "AU", "italian": "IT", "sueco": "SE", "suiz": "CH",
    "japones": "JP", "boliviano": "BO",
}  # fmt: skip
_ES_DEMONYM_FIXED: dict[str, str] = {
    "canadiense": "CA", "canadienses": "CA", "estadounidense": "US", "estadounidenses": "US",
    "nicaragüense": "NI", "nicaragüenses": "NI", "costarricense": "CR", "costarricenses": "CR",
    "español": "ES", "española": "ES", "españoles": "ES", "españolas": "ES", "inglés": "GB",
    "inglesa": "GB", "ingleses": "GB", "francés": "FR", "francesa": "FR", "franceses": "FR",
    "alemán": "DE", "alemana": "DE", "alemanes": "DE", "ruso": "RU", "rusa": "RU", "rusos": "RU",
    "rusas": "RU", "chino": "CN", "china": "CN", "chinos": "CN", "chinas": "CN",
    "suizo": "CH", "suiza": "CH", "suizos": "CH", "suizas": "CH", "japonés": "JP",
    "japonesa": "JP", "japoneses": "JP", "belga": "BE", "belgas": "BE", "haitiano": "HT",
    "haitiana": "HT", "haitianos": "HT", "limeño": "PE", "limeña": "PE", "limeños": "PE",
    "paceño": "BO", "paceña": "BO", "paceños": "BO", "puneño": "PE", "puneña": "PE",
    "puneños": "PE", "ayacuchano": "PE", "ayacuchanos": "PE", "cusqueño": "PE",
    "cusqueña": "PE", "cusqueños": "PE", "cochabambino": "BO", "cochabambinos": "BO",
    "alteño": "BO", "alteños": "BO", "alteña": "BO",
}  # fmt: skip
_EN_DEMONYMS: dict[str, str] = {
    "peruvian": "PE", "bolivian": "BO", "honduran": "HN", "guatemalan": "GT", "panamanian": "PA",
    "mexican": "MX", "ecuadorian": "EC", "ecuadoran": "EC", "colombian": "CO",
    "venezuelan": "VE", "cuban": "CU", "argentine": "AR", "argentinian": "AR",
    "argentinean": "AR", "chilean": "CL", "brazilian": "BR", "salvadoran": "SV",
    "salvadorean": "SV", "nicaraguan": "NI", "costa rican": "CR", "paraguayan": "PY",
    "uruguayan": "UY", "dominican": "DO", "canadian": "CA", "american": "US", "british": "GB",
    "english": "GB", "spanish": "ES", "russian": "RU", "chinese": "CN", "swiss": "CH",
    "australian": "AU", "german": "DE", "french": "FR", "italian": "IT", "japanese": "JP",
    "haitian": "HT", "mexican-american": "US", "limeño": "PE",
}  # fmt: skip


@lru_cache(maxsize=1)
def _es_demonyms() -> dict[str, str]:
    out: dict[str, str] = {}
    for stem, cc in _ES_DEMONYM_STEMS.items():
        if stem.endswith("o"):
            stem = stem[:-1]
        for end in ("o", "a", "os", "as"):
            out[norm(stem + end)] = cc
    for w, cc in _ES_DEMONYM_FIXED.items():
        out[norm(w)] = cc
    return out


def demonym_country(word: str, lang: str | None = None) -> str | None:
    """ISO alpha-2 for a demonym or nationality adjective: "Peruvian", "peruanos" → "PE".

    Kept apart from `country_code` because the ontology does not count demonyms as country
    mentions, while events still need their country signal ("Peruvian police").
    """
    w = word.strip()
    low = w.casefold()
    if low.endswith(("'s", "’s")):
        return None
    en = _EN_DEMONYMS.get(low) or (_EN_DEMONYMS.get(low[:-1]) if low.endswith("s") else None)
    es = _es_demonyms().get(norm(w))
    if lang and lang.startswith("es"):
        return es or en
    if lang and lang.startswith("en"):
        return en or es
    return en or es


# ------------------------------------------------------------------------------ places


class _Row(NamedTuple):
    kind: str  # "C" country, "A" admin1, "P" populated place, "X" curated extra
    geonames_id: int | None
    name: str
    lat: float | None
    lon: float | None
    fcode: str
    country: str
    admin1_code: str
    population: int
    admin1_name: str | None = None
    precision: GeoPrecision = "place"


@dataclass
class _Index:
    rows: list[_Row]
    exact: dict[str, list[int]]  # name / ascii name / curated alias → rows
    alt: dict[str, list[int]]  # GeoNames alternate names → rows
    admin1: dict[tuple[str, str], str]  # (country, admin1 code) → admin1 name


_PRECISION: dict[str, GeoPrecision] = {"C": "country", "A": "admin1", "P": "place"}


@lru_cache(maxsize=1)
def _index() -> _Index:
    rows: list[_Row] = []
    exact: dict[str, list[int]] = {}
    alt: dict[str, list[int]] = {}
    admin1: dict[tuple[str, str], str] = {}
    with _TSV.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            f = line.rstrip("\n").split("\t")
            kind, gid, name, keys, alt_keys, lat, lon, fcode, cc, a1, pop = f
            if kind == "A":
                admin1[(cc, a1)] = name
            i = len(rows)
            rows.append(
                _Row(
                    kind, int(gid) if gid else None, name, float(lat) if lat else None,
                    float(lon) if lon else None, fcode, cc, a1, int(pop or 0), None,
                    _PRECISION[kind],
                )
            )  # fmt: skip
            for n in keys.split("|"):
                exact.setdefault(n, []).append(i)
            for n in alt_keys.split("|") if alt_keys else ():
                alt.setdefault(n, []).append(i)
    import yaml  # lazily: a 50 ms import

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    extra = yaml.load(_EXTRA.read_text(encoding="utf-8"), Loader=loader) or {}
    for p in extra.get("places", []):
        prec = p.get("precision", "place")
        cc = p["country"]
        row = _Row(
            "X", p.get("geonames_id"), p["name"], p.get("lat"), p.get("lon"),
            p.get("kind", "site"), cc, "", int(p.get("population", 0)),
            admin1_name=p.get("admin1"), precision=prec,
        )  # fmt: skip
        i = len(rows)
        rows.append(row)
        for n in {norm(p["name"]), *(norm(a) for a in p.get("aliases", []))}:
            exact.setdefault(n, []).append(i)
    return _Index(rows, exact, alt, admin1)


_ADMIN1_HINT = re.compile(
    r"^(?:(?:the\s+)?(?:region|department|province|state)\s+of\s+|(?:la\s+)?(?:region|"
    r"departamento|provincia|estado)\s+(?:de\s+|del\s+)?)|\s+(?:region|department|province|"
    r"state|departamento|region)$",
    re.I,
)
_PLACE_PREFIX = re.compile(
    r"^(?:the\s+)?(?:city\s+of\s+|town\s+of\s+|ciudad\s+de\s+|la\s+ciudad\s+de\s+)", re.I
)


def _tier(cc: str) -> int:
    return 0 if cc in LATAM else 1 if cc in _SECOND_TIER else 2


def _place(row: _Row, idx: _Index, shown: str) -> Place:
    admin1 = row.admin1_name
    if admin1 is None and row.kind == "P":
        admin1 = idx.admin1.get((row.country, row.admin1_code))
    if row.kind == "A":
        admin1 = row.name
    return Place(
        name=row.name if row.kind != "C" else shown,
        geonames_id=row.geonames_id,
        lat=row.lat,
        lon=row.lon,
        admin1=admin1,
        country=row.country,
        precision=row.precision,
    )


def _common_name_elsewhere(idx: _Index, exact: list[int], hint: str) -> bool:
    """Whether a name is a common town name of other countries but unknown in the document's.

    GeoNames' extract holds towns over 15,000 people only: a "San Vicente" in a Bolivian story is
    far more likely a local place it lacks than one of the same-named towns of Argentina, Chile
    or Costa Rica. A capital, a big city or region (Vancouver, Ontario) or a curated place
    still wins.
    """
    rows = [idx.rows[i] for i in exact]
    if not rows or any(r.country == hint for r in rows):
        return False
    if any(r.kind == "X" or r.fcode in ("PPLC", "PPLG") or r.population >= 300_000 for r in rows):
        return False
    return len({r.country for r in rows}) >= 2


def geocode(
    name: str, country_hint: str | None = None, prefer: GeoPrecision | None = None
) -> Place | None:
    """The GeoNames (or curated) place a name most likely refers to, or None.

    `country_hint` is the document's country (ISO alpha-2); `prefer` forces "admin1" or "place"
    when a name is both a region and its capital. Countries resolve with precision "country".
    """
    raw = name.strip()
    if not raw:
        return None
    idx = _index()
    stripped = _ADMIN1_HINT.sub("", raw).strip()
    if stripped != raw and prefer is None:
        prefer = "admin1"
    # "Ciudad de Guatemala" is itself an alternate name of Guatemala City: try it whole first.
    whole = norm(stripped)
    if _PLACE_PREFIX.match(stripped) and not (idx.exact.get(whole) or idx.alt.get(whole)):
        stripped = _PLACE_PREFIX.sub("", stripped).strip()
        if prefer is None:
            prefer = "place"
    key = norm(stripped)
    if not key:
        return None
    cc = country_code(stripped)
    if cc is not None and prefer is None:
        rows = [i for i in idx.exact.get(key, []) if idx.rows[i].kind == "C"]
        crow = next((idx.rows[i] for i in rows), None)
        if crow is None:
            crow = next((r for r in idx.rows if r.kind == "C" and r.country == cc), None)
        if crow is not None:
            return _place(crow, idx, crow.name)
    cands = [(i, 0) for i in idx.exact.get(key, [])] + [(i, 1) for i in idx.alt.get(key, [])]
    cands = [(i, a) for i, a in cands if idx.rows[i].kind != "C"]
    if not cands:
        return None
    hint = (country_hint or "").upper() or None
    best_by_row: dict[int, int] = {}
    for i, a in cands:
        best_by_row[i] = min(a, best_by_row.get(i, a))

    def score(i: int) -> tuple[Any, ...]:
        r = idx.rows[i]
        # "Panama City" is only an alternate name of Panamá: an alternate that holds the
        # town's own name ("X City", "Ciudad de X") counts as exact for Latin America.
        alt = best_by_row[i] and not (r.country in LATAM and norm(r.name) in key)
        return (
            0 if hint and r.country == hint else 1,
            0 if r.kind == "X" else 1,
            1 if alt else 0,
            _tier(r.country),
            -r.population,
        )

    ordered = sorted(best_by_row, key=score)
    top = idx.rows[ordered[0]]
    if hint and _common_name_elsewhere(idx, [i for i, a in best_by_row.items() if a == 0], hint):
        return None
    if top.kind == "X" and (prefer is None or prefer == top.precision):
        return _place(top, idx, raw)
    # Town vs its own region of the same name, in the same country.
    same = [
        idx.rows[i] for i in ordered if idx.rows[i].country == top.country and best_by_row[i] == 0
    ]
    region = next((r for r in same if r.kind == "A"), None)
    town = next((r for r in same if r.kind in ("P", "X") and r.precision == "place"), None)
    if region is not None and town is not None:
        big = town.fcode in ("PPLC", "PPLG") or town.population >= 1_000_000
        if prefer == "place" or (prefer is None and big):
            return _place(town, idx, raw)
        return _place(region, idx, raw)
    if prefer is not None:
        pick = next((r for r in same if r.precision == prefer), None)
        if pick is not None:
            return _place(pick, idx, raw)
    return _place(top, idx, raw)


# ------------------------------------------------------------------------------ build


def build_tsv(src: Path, out: Path = _TSV) -> int:
    """Derive `geonames_latam.tsv` from GeoNames dumps in `src`; returns the row count."""
    latin = re.compile(r"^[A-Za-zÀ-ɏ'’ .\-()]+$")
    americas: set[str] = {"ES"}
    countries: list[list[str]] = []
    for line in (src / "countryInfo.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        f = line.split("\t")
        if f[8] in ("NA", "SA"):
            americas.add(f[0])
        countries.append(["C", f[16], f[4], norm(f[4]), "", "", "", "PCLI", f[0], "", f[7] or "0"])
    towns: list[list[str]] = []
    seats: dict[tuple[str, str], tuple[int, str, str, str]] = {}
    a1_pop: dict[tuple[str, str], int] = {}
    for line in (src / "cities15000.txt").read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        cc = f[8]
        if cc not in americas:
            continue
        keys = sorted({norm(f[1]), norm(f[2])})
        alts = sorted(
            {norm(a) for a in f[3].split(",") if a and latin.match(a) and len(a) <= 40} - set(keys)
        )
        pop = int(f[14] or 0)
        a1_pop[(cc, f[10])] = a1_pop.get((cc, f[10]), 0) + pop
        towns.append(
            ["P", f[0], f[1], "|".join(keys), "|".join(alts), f[4], f[5], f[7], cc, f[10], str(pop)]
        )
        key = (cc, f[10])
        rank = 2 if f[7] == "PPLC" else 1 if f[7] == "PPLA" else 0
        if key not in seats or (rank, pop) > (seats[key][0], int(seats[key][3])):
            seats[key] = (rank, f[4], f[5], str(pop))
    admins: list[list[str]] = []
    for line in (src / "admin1CodesASCII.txt").read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        cc, code = f[0].split(".", 1)
        if cc not in americas:
            continue
        seat = seats.get((cc, code))
        lat, lon = (seat[1], seat[2]) if seat else ("", "")
        a_keys = "|".join(sorted({norm(f[1]), norm(f[2])}))
        a_pop = str(a1_pop.get((cc, code), 0))
        admins.append(["A", f[3], f[1], a_keys, "", lat, lon, "ADM1", cc, code, a_pop])
    header = (
        '# Derived from GeoNames (https://www.geonames.org/), CC BY 4.0: attribution "GeoNames\n'
        '# (geonames.org)". Rows: every country (C), admin1 regions (A) and places with 15,000+\n'
        "# people (P) of the Americas and Spain, Latin-script alternate names only. Admin1\n"
        "# lat/lon are those of the region's seat (its PPLA town) in this extract, as an\n"
        "# approximation, and an admin1's pop is the sum of its towns here. keys / alt_keys are\n"
        "# `geo.norm` forms of the name and ASCII name / of the alternate names. Built by\n"
        "# `python -m veeduria.nlp.geo --build DIR`.\n"
        "# kind\tgeonameid\tname\tkeys\talt_keys\tlat\tlon\tfcode\tcountry\tadmin1\tpop\n"
    )
    rows = countries + admins + towns
    out.write_text(header + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return len(rows)


def main(argv: list[str] | None = None) -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--build", type=Path, help="folder with GeoNames dumps", required=True)
    args = ap.parse_args(argv)
    print(build_tsv(args.build))


if __name__ == "__main__":
    main()
