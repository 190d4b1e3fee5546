"""Actor attributes (kind, country) by name: the store first, the curated gazetteer second.

The one place pattern steps ask "what kind of actor is this, and which country does it belong
to?". A name can stand for several stored actors ("Mexico" the country and the city); each is
an `ActorInfo`. Where the store knows no country for an actor (a company the text did not call
"Canadian"), the curated `nlp/data/actors.yaml` entry of that name gives it; a country-kind
actor belongs to the country it names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from veeduria.store.dialect import chunked
from veeduria.store.ids import name_key
from veeduria.store.schema import actors

__all__ = ["ActorInfo", "actor_attributes"]


@dataclass(frozen=True)
class ActorInfo:
    name: str
    kind: str
    country: str | None
    country_source: str | None = None  # "store", "curated" or None


def _curated(name: str) -> tuple[str | None, str | None]:
    """(kind, country) from the curated gazetteer, or (None, None)."""
    from veeduria.nlp.gazetteer import get_gazetteer

    gz = get_gazetteer()
    actor = gz.actor(name)
    if actor is not None:
        return actor.kind, actor.country
    code = gz.country(name)
    if code is not None:
        return "country", code
    return None, None


def actor_attributes(conn: Connection, names: Iterable[str]) -> dict[str, list[ActorInfo]]:
    """Every reading of each name: stored actors with that name key, completed from the
    curated list; a name the store does not hold gets the curated reading alone."""
    wanted: dict[str, list[str]] = {}
    for name in set(names):
        wanted.setdefault(name_key(name), []).append(name)
    stored: dict[str, list[tuple[str, str | None]]] = {}
    for chunk in chunked(sorted(wanted)):
        rows = conn.execute(
            sa.select(actors.c.key, actors.c.kind, actors.c.country)
            .where(actors.c.key.in_(chunk))
            .order_by(actors.c.key, actors.c.kind)
        ).all()
        for row in rows:
            stored.setdefault(row.key, []).append((row.kind, row.country))
    out: dict[str, list[ActorInfo]] = {}
    for key, same_key_names in wanted.items():
        for name in same_key_names:
            curated_kind, curated_country = _curated(name)
            infos: list[ActorInfo] = []
            for kind, country in stored.get(key, []):
                if country:
                    infos.append(ActorInfo(name, kind, country, "store"))
                elif curated_country and kind == curated_kind:
                    infos.append(ActorInfo(name, kind, curated_country, "curated"))
                else:
                    infos.append(ActorInfo(name, kind, None, None))
            # The curated entry is authoritative for the names it lists, also when the
            # extractor stored the name under another kind.
            if curated_kind is not None and all(i.kind != curated_kind for i in infos):
                source = "curated" if curated_country else None
                infos.append(ActorInfo(name, curated_kind, curated_country, source))
            out[name] = infos
    return out
