"""Name normalization and matching helpers, shared by in-document linking and cross-document
resolution.

`normalize_name` is exactly the evaluation scorer's normalization (eval/FORMAT.md), so that two
names the scorer treats as equal are equal here too. The other helpers build on it: stripping
titles ("la presidenta", "Energy Minister"), surname keys ("Boluarte" ↔ "Dina Boluarte"),
acronyms ("OAS" ↔ "Organization of American States").
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = [
    "acronym",
    "is_acronym",
    "name_tokens",
    "normalize_name",
    "person_key_variants",
    "strip_accents",
    "strip_titles",
    "surname_matches",
]

LEADING_ARTICLES = frozenset({"the", "el", "la", "los", "las"})
_POSSESSIVE = re.compile(r"['\u2019]s\b")


@functools.lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """NFKD, accents removed, casefold, possessive 's removed, punctuation dropped,
    whitespace collapsed, a leading the/el/la/los/las dropped when another word follows."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("M"))
    text = text.casefold()
    text = _POSSESSIVE.sub("", text)
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("P"))
    words = text.split()
    if len(words) > 1 and words[0] in LEADING_ARTICLES:
        words = words[1:]
    return " ".join(words)


def strip_accents(s: str) -> str:
    """Remove combining marks but keep case and punctuation ("Áñez" → "Anez")."""
    text = unicodedata.normalize("NFKD", s)
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in text if not unicodedata.category(ch).startswith("M"))
    )


def name_tokens(name: str) -> list[str]:
    """Normalized words of a name."""
    return normalize_name(name).split()


# Titles and roles that precede a person's name in news copy (normalized, longest first).
_TITLE_WORDS = frozenset(
    """president presidents former ex then interim acting de facto vice prime minister
    ministers foreign interior defence defense energy and mines mining economy finance
    justice education secretary state senator sen rep representative congressman
    congresswoman lawmaker legislator deputy mayor governor gov general gen colonel col
    commander chief police army judge prosecutor attorney ombudsman ambassador spokesperson
    spokesman spokeswoman ceo chair chairman chairwoman director leader activist lawyer
    journalist reporter photographer mr mrs ms dr sr sra dona don lic ing pope king queen
    bishop archbishop father self proclaimed ousted deposed jailed detained elected
    president-elect presidentelect candidate opposition socialist leftist rightwing
    conservative coup peruvian bolivian canadian honduran guatemalan mexican us american
    panamanian el la los las presidente presidenta expresidente expresidenta mandatario
    mandataria exmandatario exmandataria vicepresidente vicepresidenta primer primera
    premier ministro ministra exministro exministra canciller excanciller titular del jefe
    jefa gabinete senador senadora diputado diputada congresista alcalde alcaldesa
    gobernador gobernadora coronel comandante juez jueza fiscal defensor defensora embajador
    embajadora portavoz vocero vocera dirigente lider activista abogado abogada periodista
    senor senora interino interina autoproclamada autoproclamado destituido destituida
    depuesto depuesta electo electa candidato candidata sacerdote obispo padre comunero
    comunera dirigenta""".split()  # noqa: SIM905
)

_TOKEN_RE = re.compile(r"\S+")


def strip_titles(surface: str) -> tuple[int, int]:
    """Character range of `surface` left after dropping leading titles and articles.

    Returns `(start, end)` into `surface`; a trailing possessive ('s) is dropped too.
    Only lowercase-insensitive leading words in the title list go; a name is never emptied.
    """
    toks = list(_TOKEN_RE.finditer(surface))
    i = 0
    while i < len(toks) - 1 and normalize_name(toks[i].group()) in _TITLE_WORDS:
        i += 1
    if not toks:
        return 0, len(surface)
    start = toks[i].start()
    end = len(surface)
    m = re.search(r"['\u2019]s?$", surface)
    if m and m.start() > start:
        end = m.start()
    while end > start and surface[end - 1] in ",.;:" and not surface[start:end].endswith("."):
        end -= 1
    return start, end


def acronym(name: str) -> str:
    """Initials of the capitalized content words: "Organization of American States" → "OAS"."""
    words = re.findall(r"[^\W\d_][\w'’-]*", name)
    return "".join(w[0] for w in words if w[0].isupper()).upper()


def is_acronym(s: str) -> bool:
    """Two or more letters, all uppercase (dots allowed: "U.S.", "EE.UU.")."""
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def surname_matches(short: str, full: str) -> bool:
    """True when `short` ("Boluarte", "Pérez Molina") is a trailing or Hispanic-surname part of
    `full` ("Dina Boluarte", "Otto Pérez Molina"), compared normalized.

    Hispanic names carry two surnames: "Castillo" matches "Carlos Castillo Armas" only as the
    first surname, "Candia" matches "Remo Candia Guevara".
    """
    s, f = name_tokens(short), name_tokens(full)
    if not s or len(s) >= len(f):
        return False
    n = len(s)
    # any contiguous run of words after the first given name
    return any(f[i : i + n] == s for i in range(1, len(f) - n + 1))


def person_key_variants(name: str) -> set[str]:
    """Normalized keys under which a full person name can be looked up: the full name, the
    name without middle names, and "first last" for "first middle last" forms."""
    toks = name_tokens(name)
    keys = {" ".join(toks)}
    if len(toks) >= 3:
        keys.add(f"{toks[0]} {toks[-1]}")
        keys.add(f"{toks[0]} {toks[-2]}")  # first + paternal surname (Hispanic)
        keys.add(" ".join(toks[1:]))
    return keys
