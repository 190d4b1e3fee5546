"""Cross-document actor resolution: which names, in any document and language, are one actor.

A pure function over mentions (`resolve_actors`), usable without a store (the evaluation runs it
in memory) and by `veeduria resolve` over the store's actors.

Model. Mentions with the same kind and the same accent- and case-folded name are one *node*
(the store's actor row: its id is derived from kind and name, so it survives re-extraction).
Nodes are then linked, strongest cue first, in a union-find that refuses any link a "not same"
forbids:

1. a person's "same" judgement (reviewer), then machine "same" judgements;
2. the same curated actor (nlp/data/actors.yaml: "OAS", "OEA", "Organización de los Estados
   Americanos" are all the Organization of American States), kinds compatible;
3. the same name under the scorer's normalization (possessives, punctuation, leading article);
4. a place named like a country ("México" tagged as a place) and that country;
5. the same name after a small EN/ES word map ("Peruvian National Police" and "Policía
   Nacional del Perú" are both {PE, nacional, policia});
6. an acronym ("PNP") and the one name of its kind whose initials or surface forms give it;
7. a person's shorter form ("Áñez", "Evo Morales" for "Juan Evo Morales Ayma") and the one
   full name in the corpus it can belong to: never when two different people share it.

Every cue works from a dictionary lookup on a blocking key (curated id, normalized name,
translated key, acronym, surname), so the cost grows linearly with the number of nodes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from veeduria.nlp.names import acronym, is_acronym, name_tokens, normalize_name, surname_matches
from veeduria.resolve.judgements import ConstrainedUnionFind, JudgementRecord, effective_judgements
from veeduria.store.ids import make_id, name_key

__all__ = [
    "ActorMention",
    "ActorResolution",
    "node_id",
    "resolve_actor_nodes",
    "resolve_actors",
]

GEO_KINDS = frozenset({"country", "place"})
#: Longer names sharing a word beyond which a short form is not looked up (it is ambiguous).
MAX_POOL = 200


@dataclass(frozen=True)
class ActorMention:
    """One entity as one document names it.

    `key` is what the result maps (a store actor id, or "doc#index" in memory); `aliases` are
    the surface forms in the text; `country` the ISO code the entity belongs to, if known.
    """

    key: str
    name: str
    kind: str
    document_id: str | None = None
    aliases: tuple[str, ...] = ()
    country: str | None = None


@functools.lru_cache(maxsize=131072)
def node_id(name: str, kind: str) -> str:
    """The stable id of a name node: equal to the store's actor id for (kind, name)."""
    return make_id("a", kind, name_key(name))


@dataclass
class _Node:
    id: str
    name: str
    kind: str
    names: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    mentions: int = 0


@dataclass
class ActorResolution:
    """The result: each node's resolved actor id, and why nodes were linked."""

    actor_of: dict[str, str]  # node id -> resolved actor id (the id of its representative node)
    names: dict[str, str]  # resolved actor id -> display name
    kinds: dict[str, str]  # resolved actor id -> kind
    links: list[tuple[str, str, str]]  # (node, node, cue) for every link applied
    refused: list[tuple[str, str, str]]  # (node, node, cue) refused by a "not same"

    def members(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for node, actor in self.actor_of.items():
            out.setdefault(actor, []).append(node)
        return out


# ---------------------------------------------------------------------------- data


@functools.cache
def _gazetteer() -> object:
    from veeduria.nlp.gazetteer import get_gazetteer

    return get_gazetteer()


def _curated_key(name: str) -> tuple[str, str] | None:
    """(curated actor key, its kind) when `name` is a curated name or alias."""
    from veeduria.nlp.gazetteer import Gazetteer

    gz = _gazetteer()
    assert isinstance(gz, Gazetteer)
    actor = gz.actor(name)
    if actor is not None:
        return actor.key, actor.kind
    code = gz.country(name)
    if code is not None:
        return f"country:{code}", "country"
    return None


def _country_code(word: str) -> str | None:
    from veeduria.nlp.gazetteer import Gazetteer

    gz = _gazetteer()
    assert isinstance(gz, Gazetteer)
    return gz.country(word) or gz.demonym(word)


# English and Spanish words of institutional names, mapped to one form. Function words drop.
_WORD_MAP: dict[str, str] = {}
for _group in (
    "nacional national",
    "policia police",
    "ministerio ministry",
    "ministro minister",
    "ejercito army",
    "fuerzas forces",
    "armadas armed",
    "congreso congress",
    "corte court",
    "suprema supreme",
    "tribunal tribunal",
    "justicia justice",
    "electoral electoral",
    "derechos rights",
    "humanos human",
    "comision commission",
    "organizacion organization organisation",
    "estados states",
    "americanos american",
    "unidos united",
    "naciones nations",
    "gobierno government",
    "defensoria ombudsman ombudsmans",
    "energia energy",
    "minas mines",
    "mineria mining",
    "interior interior",
    "defensa defence defense",
    "exteriores foreign",
    "relaciones affairs relations",
    "asuntos",
    "fiscalia prosecutors prosecutor",
    "publico public",
    "general general",
    "republica republic",
    "embajada embassy",
    "presidencia presidency",
    "consejo council",
    "ministros ministers",
    "constitucional constitutional",
    "alto high",
    "comisionado commissioner",
    "oficina office",
    "internacional international",
    "economia economy",
    "finanzas finance",
    "ambiente environment",
    "trabajo labour labor",
    "salud health",
    "educacion education",
):
    _words = _group.split()
    for _w in _words:
        _WORD_MAP[_w] = _words[0]
_STOP = frozenset(
    [
        *("of", "the", "and", "for", "in", "on"),
        *("de", "del", "la", "las", "los", "el", "y", "e", "para", "en", "sobre"),
    ]
)


@functools.lru_cache(maxsize=65536)
def translation_key(name: str) -> str | None:
    """A language-neutral bag of words of an institutional name: function words drop, known
    words map to one form, countries and demonyms to their code, other words (proper names,
    "hospital", "regional") stay as they are. None under two content words."""
    out: list[str] = []
    for word in name_tokens(name):
        if word in _STOP:
            continue
        mapped = _WORD_MAP.get(word) or _country_code(word) or word
        out.append(mapped)
    if len(out) < 2:
        return None
    return " ".join(sorted(out))


_WORD = re.compile(r"\w+")


def _acronym_forms(node: _Node) -> set[str]:
    """Acronyms a node can be named by: the initials of its names, and its acronym aliases."""
    forms = set()
    for name in node.names:
        initials = acronym(name)
        if len(initials) >= 2 and len(name_tokens(name)) >= 2:
            forms.add(initials.casefold())
    for alias in node.aliases | node.names:
        if is_acronym(alias):
            forms.add(normalize_name(alias).replace(" ", ""))
    return forms


# ---------------------------------------------------------------------------- resolution


def resolve_actors(
    mentions: Iterable[ActorMention],
    judgements: Iterable[JudgementRecord] = (),
) -> dict[str, str]:
    """Map each mention key to a resolved actor id (equal ids: one real-world actor)."""
    listed = list(mentions)
    resolution = resolve_actor_nodes(listed, judgements)
    return {m.key: resolution.actor_of[node_id(m.name, m.kind)] for m in listed}


def resolve_actor_nodes(
    mentions: Iterable[ActorMention],
    judgements: Iterable[JudgementRecord] = (),
    *,
    extra_ids: Mapping[str, str] | None = None,
) -> ActorResolution:
    """Resolve the nodes that `mentions` form. `judgements` name node ids (store actor ids);
    `extra_ids` maps other ids a judgement may use (e.g. an old id) to node ids."""
    nodes: dict[str, _Node] = {}
    for m in mentions:
        nid = node_id(m.name, m.kind)
        node = nodes.get(nid)
        if node is None:
            node = nodes[nid] = _Node(nid, m.name, m.kind)
        node.names.add(m.name)
        node.aliases.update(a for a in m.aliases if a)
        if m.country:
            node.countries.add(m.country)
        if m.document_id is not None:
            node.documents.add(m.document_id)
        node.mentions += 1
    uf: ConstrainedUnionFind[str] = ConstrainedUnionFind(sorted(nodes))
    links: list[tuple[str, str, str]] = []
    refused: list[tuple[str, str, str]] = []

    def link(a: str, b: str, cue: str) -> None:
        if uf.find(a) == uf.find(b):
            return
        if uf.union(a, b):
            links.append((a, b, cue))
        else:
            refused.append((a, b, cue))

    # 1. judgements: cannot-links first, then people's and machines' "same".
    remap = dict(extra_ids or {})
    effective = effective_judgements(judgements)
    sames: list[tuple[int, str, str]] = []
    for rec in sorted(effective.values(), key=lambda r: (r.created_at is None, r.created_at, r.id)):
        left, right = remap.get(rec.left, rec.left), remap.get(rec.right, rec.right)
        if left not in nodes or right not in nodes:
            continue
        if rec.judgement == "not_same":
            uf.cannot_link(left, right)
        elif rec.judgement == "same":
            sames.append((0 if not rec.machine else 1, left, right))
    for rank, left, right in sorted(sames, key=lambda s: s[0]):
        link(left, right, "judgement" if rank == 0 else "machine judgement")

    ordered = sorted(nodes.values(), key=lambda n: n.id)

    # 2–5: equal keys of compatible kinds.
    def by_key(key_of: object, cue: str, kinds_ok: object) -> None:
        index: dict[str, list[_Node]] = {}
        for node in ordered:
            for key in key_of(node):  # type: ignore[operator]
                index.setdefault(key, []).append(node)
        for group in index.values():
            if len(group) < 2:
                continue
            head = group[0]
            for other in group[1:]:
                if kinds_ok(head, other) and _countries_agree(head, other):  # type: ignore[operator]
                    link(head.id, other.id, cue)

    def curated_keys(node: _Node) -> set[str]:
        keys = set()
        for name in node.names:
            found = _curated_key(name)
            if found is not None and (found[1] == node.kind or _geo_pair(found[1], node.kind)):
                keys.add(found[0])
        return keys

    by_key(curated_keys, "curated", _kinds_compatible)
    by_key(lambda n: {f"{n.kind}|{normalize_name(x)}" for x in n.names}, "name", _same_kind)
    by_key(
        lambda n: (
            set()
            if n.kind == "person"
            else {f"{n.kind}|{k}" for k in map(translation_key, n.names) if k}
        ),
        "translation",
        _same_kind,
    )

    # 6. acronyms: a node named by an acronym joins the one node of its kind with that acronym.
    acronym_index: dict[str, list[_Node]] = {}
    for node in ordered:
        if node.kind in GEO_KINDS:
            continue
        for form in _acronym_forms(node):
            acronym_index.setdefault(f"{node.kind}|{form}", []).append(node)
    for node in ordered:
        if node.kind in GEO_KINDS or not is_acronym(node.name):
            continue
        form = normalize_name(node.name).replace(" ", "")
        candidates = {
            uf.find(o.id): o
            for o in acronym_index.get(f"{node.kind}|{form}", [])
            if o.id != node.id and uf.find(o.id) != uf.find(node.id) and _countries_agree(node, o)
        }
        if len(candidates) == 1:
            (other,) = candidates.values()
            link(node.id, other.id, "acronym")

    # 7. people: a shorter form joins the one full name it can belong to. Candidates come
    # from the rarest of its words; a word shared by more than MAX_POOL longer names is
    # ambiguous anyway, so the work per name stays bounded.
    persons = [n for n in ordered if n.kind == "person"]
    by_token: dict[str, list[_Node]] = {}
    for node in persons:
        toks = name_tokens(node.name)
        if len(toks) >= 2:
            for tok in set(toks):
                by_token.setdefault(tok, []).append(node)
    for node in sorted(persons, key=lambda n: (len(name_tokens(n.name)), n.id)):
        toks = name_tokens(node.name)
        if not toks or len(toks) > 3:
            continue
        pool = min((by_token.get(tok, []) for tok in set(toks)), key=len)
        if len(pool) > MAX_POOL:
            continue
        candidates = {}
        for other in pool:
            if other.id == node.id or not _countries_agree(node, other):
                continue
            if _shorter_form(toks, name_tokens(other.name)):
                candidates.setdefault(uf.find(other.id), other)
        candidates.pop(uf.find(node.id), None)
        if len(candidates) == 1:
            (other,) = candidates.values()
            link(node.id, other.id, "surname" if len(toks) == 1 else "short name")

    actor_of: dict[str, str] = {}
    names: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for members in uf.groups().values():
        rep = min((nodes[member] for member in members), key=_representative_rank)
        for member in members:
            actor_of[member] = rep.id
        names[rep.id] = rep.name
        kinds[rep.id] = rep.kind
    return ActorResolution(actor_of, names, kinds, links, refused)


def _shorter_form(short: list[str], full: list[str]) -> bool:
    """A surname ("Áñez" of "Jeanine Áñez"), two surnames ("Pérez Molina" of "Otto Pérez
    Molina"), or given name and surname of a longer name ("Evo Morales" of "Juan Evo Morales
    Ayma"): the short words appear in order in the full name, ending after its first word."""
    if not short or len(short) >= len(full):
        return False
    if surname_matches(" ".join(short), " ".join(full)):
        return True
    if len(short) < 2:
        return False
    pos = 0
    for word in short:
        try:
            pos = full.index(word, pos) + 1
        except ValueError:
            return False
    return short[-1] != full[0]


def _representative_rank(node: _Node) -> tuple[int, int, int, str]:
    """The node whose name the actor shows: curated canonical names first, then people's full
    names, then the most documents."""
    curated = _curated_key(node.name)
    is_canonical = 0
    if curated is not None:
        from veeduria.nlp.gazetteer import Gazetteer

        gz = _gazetteer()
        assert isinstance(gz, Gazetteer)
        actor = gz.actors.get(curated[0])
        canonical = actor is not None and normalize_name(actor.name) == normalize_name(node.name)
        if canonical or (curated[0].startswith("country:") and node.kind == "country"):
            is_canonical = -1
    geo_penalty = 0 if node.kind != "place" else 1
    weight = -len(name_tokens(node.name)) - 10 * len(node.documents)
    return (is_canonical, geo_penalty, weight, node.id)


def _same_kind(a: _Node, b: _Node) -> bool:
    return a.kind == b.kind


def _geo_pair(k1: str, k2: str) -> bool:
    return {k1, k2} == {"country", "place"}


def _kinds_compatible(a: _Node, b: _Node) -> bool:
    """Equal kinds, or a country and a place named like it (the curated key already says the
    name is the country's)."""
    return a.kind == b.kind or _geo_pair(a.kind, b.kind)


def _countries_agree(a: _Node, b: _Node) -> bool:
    return not a.countries or not b.countries or bool(a.countries & b.countries)
