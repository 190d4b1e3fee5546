"""MinHash signatures, their serialization, and the near-duplicate index."""

from __future__ import annotations

import pytest

from veeduria.ingest.dedup import (
    NUM_PERM,
    SCHEME,
    SEED,
    NearDuplicateIndex,
    from_bytes,
    minhash_of,
    shingles,
    to_bytes,
)

ARTICLE = " ".join(
    f"Paragraph {i}: the de facto government of Bolivia ordered troops into El Alto, where "
    f"witnesses counted casualties near the Senkata fuel plant on day {i}."
    for i in range(30)
)


def test_shingles_are_five_words_of_the_dedup_key() -> None:
    assert shingles("One two  THREE four five six") == {
        b"one two three four five",
        b"two three four five six",
    }
    assert shingles("Too short") == {b"too short"}


def test_signature_is_deterministic_and_round_trips() -> None:
    a = minhash_of(ARTICLE)
    data = to_bytes(a)
    assert len(data) == 1024
    assert data == to_bytes(minhash_of(ARTICLE))  # fixed seed: same bytes in every process
    assert from_bytes(data).jaccard(a) == 1.0


def test_signature_equals_datasketch_update_batch() -> None:
    from datasketch import MinHash

    for text in (ARTICLE, "Too short", ARTICLE[:500] + " Áñez, Juliaca, 2022."):
        reference = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
        reference.update_batch(list(shingles(text)))
        ours = minhash_of(text)
        assert ours.hashvalues.dtype == reference.hashvalues.dtype
        assert (ours.hashvalues == reference.hashvalues).all()


def test_from_bytes_rejects_foreign_signatures() -> None:
    with pytest.raises(ValueError, match="1024"):
        from_bytes(b"\x00" * 512)


def test_near_duplicate_is_linked_to_the_earlier_document() -> None:
    index = NearDuplicateIndex()
    index.add("first", minhash_of(ARTICLE))
    rewritten = "A new headline for the wire story\n\n" + ARTICLE.replace("day 7.", "day seven.")
    match = index.best_match(minhash_of(rewritten))
    assert match is not None
    assert match.doc_id == "first"
    assert 0.8 <= match.similarity <= 1.0


def test_different_text_is_not_a_near_duplicate() -> None:
    index = NearDuplicateIndex()
    index.add("first", minhash_of(ARTICLE))
    other = " ".join(
        f"Item {i}: Peru's congress removed the president and protests spread to Juliaca."
        for i in range(30)
    )
    assert index.best_match(minhash_of(other)) is None


def test_index_from_stored_signatures_skips_unreadable_ones() -> None:
    stored = [("a", to_bytes(minhash_of(ARTICLE))), ("b", b"garbage")]
    index = NearDuplicateIndex.from_stored(stored)
    assert len(index) == 1
    assert index.skipped == 1
    match = index.best_match(minhash_of(ARTICLE))
    assert match is not None
    assert (match.doc_id, match.similarity) == ("a", 1.0)
