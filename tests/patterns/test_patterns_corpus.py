"""The shipped patterns on a bilingual corpus run through the real pipeline (ingest, then the
rule-based extractor): Peru 2022-23 and Bolivia 2019-20 complete coup-to-concession; Honduras
2009 has a coup, foreign statements and a killing but no foreign mining deal, so no chain."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from veeduria.query.patterns import get_pattern, run_pattern
from veeduria.query.patterns.candidates import load_candidates
from veeduria.store.sql import SQLStore

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).parent / "corpus" / "chains.yaml"


def articles() -> list[dict[str, Any]]:
    return list(yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["articles"])


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLStore]:
    from veeduria.ingest.pipeline import ingest
    from veeduria.nlp.run import run_extraction
    from veeduria.store import open_store

    folder = tmp_path_factory.mktemp("corpus")
    table = folder / "corpus.jsonl"
    fields = ("text", "title", "publisher", "published", "url", "language")
    with table.open("w", encoding="utf-8") as fh:
        for article in articles():
            row = {k: article[k] for k in fields}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    store = open_store(f"sqlite:///{folder / 'corpus.db'}")
    store.upgrade()
    report = ingest(store, [str(table)])
    assert report.counts["ingested"] == len(articles())
    extraction = run_extraction(store)
    assert extraction.failed == []
    try:
        yield store
    finally:
        store.close()


def by_country(store: SQLStore, name: str) -> dict[str, dict[str, Any]]:
    found = run_pattern(store.engine, get_pattern(name)).as_dicts()
    return {str(f["country"]): f for f in found}


def publishers(step: dict[str, Any]) -> set[str]:
    return {ev["publisher"] for e in step["events"] for ev in e["evidence"]}


def test_coup_to_concession_finds_peru_and_bolivia_but_not_honduras(
    corpus_store: SQLStore,
) -> None:
    found = by_country(corpus_store, "coup-to-concession")
    assert sorted(found) == ["BO", "PE"]  # Honduras: no foreign mining deal, no chain

    peru = found["PE"]
    assert peru["actors"]["backer"]["country"] == "CA"
    assert peru["actors"]["company"] == {
        "name": "Hudbay Minerals",
        "kind": "company",
        "country": "CA",
    }
    coup, backing, deal, killing = peru["steps"]
    assert coup["events"][0]["date"]["value"] == "2022-12-07"
    assert publishers(coup) == {"The Andean Ledger"}
    assert publishers(backing) == {"El Observador Andino"}
    assert "Gobierno de Canadá" in backing["events"][0]["evidence"][0]["quote"]
    assert publishers(deal) == {"Minería al Día"}
    assert "Hudbay Minerals" in deal["events"][0]["evidence"][0]["quote"]
    assert publishers(killing) == {"Highland Times", "La Voz de los Andes"}

    bolivia = found["BO"]
    assert bolivia["actors"]["company"]["name"] == "Pan American Silver"
    assert bolivia["actors"]["company"]["country"] == "CA"
    coup, backing, deal, killing = bolivia["steps"]
    assert (
        "Jeanine Áñez se proclamó presidenta interina" in coup["events"][0]["evidence"][0]["quote"]
    )
    assert publishers(backing) == {"Northern Wire"}
    assert publishers(deal) == {"Mining Monitor"}
    assert [e["date"]["value"] for e in killing["events"]] == ["2019-11-19"]
    for finding in (peru, bolivia):
        for step in finding["steps"]:
            for event in step["events"]:
                for evidence in event["evidence"]:
                    assert evidence["quote"] and evidence["document_id"] and evidence["published"]


def test_honduras_lacks_only_the_deal(corpus_store: SQLStore) -> None:
    run = run_pattern(corpus_store.engine, get_pattern("coup-to-concession"), country="HN")
    assert run.findings == []
    # The coup and the United States' statement are there; no deal of a US company is.
    assert run.candidates["coup"] >= 1
    assert run.candidates["backing"] >= 1
    assert run.candidates["deal"] == 0
    with corpus_store.engine.connect() as conn:
        honduras = load_candidates(conn, ["repression_killing"], countries={"HN"})
    assert [e.date.value for e in honduras if e.date] == ["2009-07-05"]


def test_killings_without_legal_action_on_the_corpus(corpus_store: SQLStore) -> None:
    # The newest article is of March 2023: only killings before March 2022 can be judged.
    found = by_country(corpus_store, "killings-without-legal-action")
    assert sorted(found) == ["BO", "HN"]
