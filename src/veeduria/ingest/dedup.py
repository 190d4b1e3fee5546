"""Exact and near-duplicate detection.

Exact duplicates share the SHA-256 of the dedup key (see `normalize.text_sha256`). Near
duplicates (the same wire story with another headline, a syndicated copy with a changed
paragraph) are found with MinHash over word 5-shingles of the dedup key and an LSH index. They
are stored, but linked to the earlier document they copy, so figures can count independent
sources instead of copies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from veeduria.ingest.normalize import dedup_key

__all__ = [
    "NUM_PERM",
    "SCHEME",
    "SEED",
    "SHINGLE_WORDS",
    "THRESHOLD",
    "NearDuplicateIndex",
    "minhash_of",
]

NUM_PERM = 128
SEED = 20191110  # fixed: serialized signatures are only comparable under the same seed
SCHEME = "affine32"  # datasketch 2 hashing scheme; fixed for the same reason
SHINGLE_WORDS = 5
# Estimated Jaccard of word 5-shingles above which a document is a syndicated copy. Wire copy is
# often republished with a new headline and a rewritten lede: on a 350-word article that alone
# brings the Jaccard down to about 0.6, while two different articles on the same event share
# almost no 5-word runs (below 0.1). 0.5 links the first and never the second.
THRESHOLD = 0.5
_SIGNATURE_BYTES = NUM_PERM * 8

_template: Any = None


def _new_minhash() -> Any:
    """A fresh MinHash reusing the template permutations (building them costs more than hashing)."""
    global _template
    from datasketch import MinHash

    if _template is None:
        _template = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, permutations=_template.permutations)


def shingles(text: str) -> set[bytes]:
    """Word 5-shingles of the dedup key; a text shorter than that is one shingle."""
    words = dedup_key(text).split(" ")
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words).encode("utf-8")}
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8")
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def minhash_of(text: str) -> Any:
    """The MinHash signature of a text."""
    m = _new_minhash()
    m.update_batch(list(shingles(text)))
    return m


def to_bytes(minhash: Any) -> bytes:
    """Serialize a signature: its 128 hash values as little-endian uint64 (1,024 bytes)."""
    return np.asarray(minhash.hashvalues, dtype="<u8").tobytes()


def from_bytes(data: bytes) -> Any:
    """Rebuild a signature stored by `to_bytes`; ValueError if it is not one of ours."""
    if len(data) != _SIGNATURE_BYTES:
        raise ValueError(f"MinHash signature of {len(data)} bytes; expected {_SIGNATURE_BYTES}")
    from datasketch import LeanMinHash

    values = np.frombuffer(data, dtype="<u8")
    if int(values.max(initial=0)) > 0xFFFFFFFF:
        raise ValueError("MinHash signature is not of the affine32 scheme")
    return LeanMinHash(seed=SEED, hashvalues=values.astype(np.uint32), scheme=SCHEME)


@dataclass(frozen=True)
class NearMatch:
    """The earlier document a new one copies, and the estimated Jaccard similarity."""

    doc_id: str
    similarity: float


class NearDuplicateIndex:
    """An LSH index over the signatures of the stored documents, updated as a run adds more."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, Any] = {}
        self.skipped = 0  # stored signatures that could not be read

    @classmethod
    def from_stored(
        cls, items: Iterable[tuple[str, bytes]], threshold: float = THRESHOLD
    ) -> NearDuplicateIndex:
        """Build the index from `Store.iter_minhashes()`."""
        index = cls(threshold)
        for doc_id, data in items:
            try:
                index.add(doc_id, from_bytes(data))
            except ValueError:
                index.skipped += 1
        return index

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, doc_id: str, minhash: Any) -> None:
        if doc_id in self._signatures:
            return
        self._signatures[doc_id] = minhash
        self._lsh.insert(doc_id, minhash)

    def best_match(self, minhash: Any) -> NearMatch | None:
        """The most similar indexed document at or above the threshold (ties: smallest id)."""
        best: NearMatch | None = None
        for candidate in sorted(self._lsh.query(minhash)):
            similarity = float(self._signatures[candidate].jaccard(minhash))
            if similarity < self.threshold:
                continue
            if best is None or similarity > best.similarity:
                best = NearMatch(candidate, round(similarity, 4))
        return best
