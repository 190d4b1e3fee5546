"""Merge candidates: the pairs `resolve_store` almost linked are recorded once as machine
"unsure" judgements, listed until a person merges or splits them, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np
from click.testing import CliRunner
from numpy.typing import NDArray
from resolve_scenario import build

from veeduria.cli.main import cli
from veeduria.review.candidates import merge_candidates
from veeduria.review.decisions import judge
from veeduria.store.resolution import NEAR_MISS, resolve_store
from veeduria.store.sql import SQLStore

SIMILARITY = 0.83  # under the lowest bar that links (0.86), over NEAR_MISS


def _close_embedder(texts: Sequence[str]) -> NDArray[np.float32]:
    """Unit vectors whose every pair has cosine SIMILARITY: a shared axis and one of their own."""
    out = np.zeros((len(texts), len(texts) + 1), dtype=np.float32)
    out[:, 0] = np.sqrt(SIMILARITY)
    for i in range(len(texts)):
        out[i, i + 1] = np.sqrt(1 - SIMILARITY)
    return out


def test_near_misses_are_listed_once_until_a_person_decides(store: SQLStore) -> None:
    assert NEAR_MISS <= SIMILARITY
    build(store)  # five reports of the Juliaca killings, same day and place
    report = resolve_store(store, embedder=_close_embedder)
    assert report.events == 5  # similar, but not enough to link: each stays on its own
    assert report.near_misses == 10  # every pair of the five
    found = merge_candidates(store, limit=100)
    assert len(found) == 10
    first = found[0]
    assert first.note == "near miss: sentence similarity 0.83"
    assert first.left.event.type == first.right.event.type == "repression_killing"
    assert first.left.event.id != first.right.event.id
    assert first.left.quote and first.right.quote
    assert first.as_dict()["left"]["country"] == "PE"
    assert [c.judgement_id for c in merge_candidates(store, limit=3)] == [
        c.judgement_id for c in found[:3]
    ]

    # Another run records nothing again.
    assert resolve_store(store, embedder=_close_embedder).near_misses == 0
    assert len(merge_candidates(store, limit=100)) == 10

    # A person's merge links the pair; a split closes another; both leave the list.
    judge(store, first.left.row, first.right.row, "same", "ana")
    second = found[-1]
    judge(store, second.left.row, second.right.row, "not_same", "ben")
    after = resolve_store(store, embedder=_close_embedder)
    assert after.events == 4 and after.near_misses == 0
    left = {c.judgement_id for c in merge_candidates(store, limit=100)}
    assert first.judgement_id not in left and second.judgement_id not in left
    assert len(left) == 8  # the merged pair, and the split one


def test_review_candidates_cli(sqlite_url: str) -> None:
    from veeduria.store import open_store

    with open_store(sqlite_url) as store:
        store.upgrade()
        run = CliRunner().invoke(cli, ["--db", sqlite_url, "review", "candidates"])
        assert run.output == "No open merge candidates (run `veeduria resolve` to look for them).\n"
        build(store)
        resolve_store(store, embedder=_close_embedder)
    lines = CliRunner().invoke(
        cli, ["--db", sqlite_url, "review", "candidates", "--json", "--limit", "2"]
    )
    assert lines.exit_code == 0, lines.output
    rows = [json.loads(line) for line in lines.output.splitlines()]
    assert len(rows) == 2 and rows[0]["note"] == "near miss: sentence similarity 0.83"
    text = CliRunner().invoke(cli, ["--db", sqlite_url, "review", "candidates", "--limit", "1"])
    out = text.output.splitlines()
    assert out[0] == f"[{rows[0]['judgement']}] near miss: sentence similarity 0.83"
    assert out[1].startswith(f"  {rows[0]['left']['event']}  repression_killing · 2023-01-")
    assert out[-1] == (
        f"  veeduria review merge {rows[0]['left']['row']} {rows[0]['right']['row']}   (or: split)"
    )
