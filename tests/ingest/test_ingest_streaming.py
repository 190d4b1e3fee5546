"""Big tables are streamed: reading one does not take memory in proportion to its size."""

from __future__ import annotations

import csv
import json
import random
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from datasketch import MinHashLSH

from veeduria.ingest.dedup import NearDuplicateIndex, minhash_of
from veeduria.ingest.sources import SourceContext
from veeduria.ingest.tabular import iter_table
from veeduria.types import IngestedDocument

ROWS = 8000
WORDS = ["golpe", "congreso", "ejército", "minera", "protesta", "bloqueo", "fiscal", "región"]


def rows() -> list[dict[str, str]]:
    rng = random.Random(7)
    return [
        {"title": f"nota {i}", "text": " ".join(rng.choice(WORDS) for _ in range(150))}
        for i in range(ROWS)
    ]


def peak_while_reading(path: Path) -> tuple[int, int]:
    """(documents read, peak traced bytes) for reading every row and dropping it."""
    ctx = SourceContext()
    tracemalloc.start()
    try:
        count = 0
        for item in iter_table(path, path.suffix[1:], ctx):
            assert isinstance(item, IngestedDocument), item
            count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return count, peak


def write_jsonl(path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows():
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_csv(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["title", "text"])
        writer.writeheader()
        writer.writerows(rows())


@pytest.mark.parametrize("name, write", [("big.jsonl", write_jsonl), ("big.csv", write_csv)])
def test_tables_are_read_in_constant_memory(
    tmp_path: Path, name: str, write: Callable[[Path], None]
) -> None:
    path = tmp_path / name
    write(path)
    size = path.stat().st_size
    count, peak = peak_while_reading(path)
    assert count == ROWS
    # Holding every row (a list of them) would take at least the file's size in text alone.
    bound = size // 10
    assert size > 8_000_000
    assert peak < bound, f"peak {peak:,} bytes reading a {size:,}-byte table"


def test_compact_index_finds_what_datasketch_lsh_finds() -> None:
    """Same bands and rows as MinHashLSH: the same candidates, so the same best match."""
    rng = random.Random(11)
    words = [f"w{i}" for i in range(400)]
    base = [" ".join(rng.choice(words) for _ in range(120)) for _ in range(60)]
    texts = base + [
        " ".join(t.split()[: rng.randint(20, 110)]) + " extra words at the end" for t in base
    ]
    signatures = [minhash_of(t) for t in texts]
    index = NearDuplicateIndex()
    reference = MinHashLSH(threshold=index.threshold, num_perm=128)
    for i, m in enumerate(signatures[:60]):
        index.add(f"d{i:03d}", m)
        reference.insert(f"d{i:03d}", m)
    assert (index.bands, index.rows) == (reference.b, reference.r)
    matched = 0
    for m in signatures[60:]:
        found = index.best_match(m)
        candidates = [(float(signatures[int(c[1:])].jaccard(m)), c) for c in reference.query(m)]
        good = [(s, c) for s, c in candidates if s >= index.threshold]
        if not good:
            assert found is None
            continue
        matched += 1
        best = max(s for s, _ in good)
        assert found is not None
        assert (found.doc_id, found.similarity) == (
            min(c for s, c in good if s == best),
            round(best, 4),
        )
    assert 10 < matched < 60  # some copies are near enough, some are not
    first = index.best_match(signatures[0])
    assert first is not None and first.doc_id == "d000"
    index.remove("d000")
    assert len(index) == 59
    after = index.best_match(signatures[0])
    assert after is None or after.doc_id != "d000"
