"""Exact and near-duplicate detection.

Exact duplicates share the SHA-256 of the dedup key (see `normalize.text_sha256`). Near
duplicates (the same wire story with another headline, a syndicated copy with a changed
paragraph) are found with MinHash over word 5-shingles of the dedup key and an LSH index. They
are stored, but linked to the earlier document they copy, so figures can count independent
sources instead of copies.
"""

from __future__ import annotations

import hashlib
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
    """The MinHash signature of a text.

    The same values as `MinHash.update_batch(shingles)` with datasketch's default SHA-1 hash
    (a test checks it), computed with one join of the digests instead of a Python call and a
    `struct.unpack` per shingle.
    """
    from datasketch.minhash import _fmix

    m = _new_minhash()
    digests = b"".join([hashlib.sha1(s).digest()[:4] for s in shingles(text)])
    hashed = np.frombuffer(digests, dtype="<u4").astype(np.uint32).reshape(-1, 1)
    a, b = m.permutations
    m.hashvalues = np.minimum(m.hashvalues, (_fmix(hashed, 32) * a + b).min(axis=0))
    return m


def to_bytes(minhash: Any) -> bytes:
    """Serialize a signature: its 128 hash values as little-endian uint64 (1,024 bytes)."""
    return np.asarray(minhash.hashvalues, dtype="<u8").tobytes()


def from_bytes(data: bytes) -> Any:
    """Rebuild a signature stored by `to_bytes`; ValueError if it is not one of ours."""
    values = _signature_values(data)
    from datasketch import LeanMinHash

    return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)


@dataclass(frozen=True)
class NearMatch:
    """The earlier document a new one copies, and the estimated Jaccard similarity."""

    doc_id: str
    similarity: float


class NearDuplicateIndex:
    """An LSH index over the signatures of the stored documents, updated as a run adds more.

    Built once per run from `Store.iter_minhashes()` and kept compact, so 100,000 documents and
    more fit: the signatures sit in one uint32 array (512 bytes a document) and each LSH band
    key (a 64-bit hash of the band's values) in sorted numpy arrays, with a small dict for the
    keys added since the last merge. The bands and rows are those datasketch's `MinHashLSH`
    chooses for the threshold, so the candidates are the same as with it.
    """

    def __init__(self, threshold: float = THRESHOLD) -> None:
        from datasketch.lsh import _optimal_param

        self.threshold = threshold
        self.bands, self.rows = _optimal_param(threshold, NUM_PERM, 0.5, 0.5)
        self._sigs = np.empty((1024, NUM_PERM), dtype=np.uint32)
        self._ids: list[str] = []  # row -> document id
        self._rows: dict[str, int] = {}  # document id -> row (removed ids are absent)
        self._keys = np.empty(0, dtype=np.uint64)  # merged band keys, sorted
        self._key_rows = np.empty(0, dtype=np.int64)  # the row of each merged key
        self._recent: dict[int, list[int]] = {}  # band key -> rows, not merged yet
        self._recent_count = 0
        self.skipped = 0  # stored signatures that could not be read

    @classmethod
    def from_stored(
        cls, items: Iterable[tuple[str, bytes]], threshold: float = THRESHOLD
    ) -> NearDuplicateIndex:
        """Build the index from `Store.iter_minhashes()` in one pass and one sort."""
        index = cls(threshold)
        for doc_id, data in items:
            try:
                values = _signature_values(data)
            except ValueError:
                index.skipped += 1
                continue
            index._append(doc_id, values)
        index._merge(range(len(index._ids)))
        return index

    def __len__(self) -> int:
        return len(self._rows)

    def add(self, doc_id: str, minhash: Any) -> None:
        if doc_id in self._rows:
            return
        row = self._append(doc_id, np.asarray(minhash.hashvalues, dtype=np.uint32))
        for key in _band_keys(self._sigs[row : row + 1], self.bands, self.rows)[0].tolist():
            self._recent.setdefault(key, []).append(row)
        self._recent_count += self.bands
        if self._recent_count > max(1 << 16, len(self._keys) // 4):
            self._merge(sorted({r for rows in self._recent.values() for r in rows}))

    def remove(self, doc_id: str) -> None:
        """Forget a document (one that could not be stored after all)."""
        self._rows.pop(doc_id, None)

    def best_match(self, minhash: Any) -> NearMatch | None:
        """The most similar indexed document at or above the threshold (ties: smallest id)."""
        values = np.asarray(minhash.hashvalues, dtype=np.uint32)
        keys = _band_keys(values[None, :], self.bands, self.rows)[0]
        found: list[int] = []
        lo = np.searchsorted(self._keys, keys, side="left")
        hi = np.searchsorted(self._keys, keys, side="right")
        for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
            found.extend(self._key_rows[a:b].tolist())
        for key in keys.tolist():
            found.extend(self._recent.get(key, ()))
        rows = [r for r in set(found) if self._rows.get(self._ids[r]) == r]
        if not rows:
            return None
        similarity = (self._sigs[rows] == values).sum(axis=1) / NUM_PERM
        best: NearMatch | None = None
        for row, sim in zip(rows, similarity.tolist(), strict=True):
            if sim < self.threshold:
                continue
            doc_id = self._ids[row]
            if (
                best is None
                or sim > best.similarity
                or (sim == best.similarity and doc_id < best.doc_id)
            ):
                best = NearMatch(doc_id, round(sim, 4))
        return best

    def _append(self, doc_id: str, values: np.ndarray[Any, Any]) -> int:
        row = len(self._ids)
        if row == len(self._sigs):
            grown = np.empty((2 * row, NUM_PERM), dtype=np.uint32)
            grown[:row] = self._sigs
            self._sigs = grown
        self._sigs[row] = values
        self._ids.append(doc_id)
        self._rows[doc_id] = row
        return row

    def _merge(self, rows: Iterable[int]) -> None:
        """Move the band keys of `rows` into the sorted arrays; forget the recent dict."""
        picked = np.fromiter(rows, dtype=np.int64)
        keys = [self._keys]
        key_rows = [self._key_rows]
        for start in range(0, len(picked), 8192):
            chunk = picked[start : start + 8192]
            band_keys = _band_keys(self._sigs[chunk], self.bands, self.rows)
            keys.append(band_keys.ravel())
            key_rows.append(np.repeat(chunk, self.bands))
        all_keys = np.concatenate(keys)
        order = np.argsort(all_keys, kind="stable")
        self._keys = all_keys[order]
        self._key_rows = np.concatenate(key_rows)[order]
        self._recent = {}
        self._recent_count = 0


# Odd 64-bit multipliers for hashing a band's values into one key (fixed: keys never leave the
# process, but a fixed choice keeps runs reproducible).
_MASK64 = (1 << 64) - 1
_MULTIPLIERS = np.array(
    [(0x9E3779B97F4A7C15 ^ (i * 0xBF58476D1CE4E5B9)) & _MASK64 | 1 for i in range(1, NUM_PERM + 1)],
    dtype=np.uint64,
)


def _band_keys(sigs: np.ndarray[Any, Any], bands: int, rows: int) -> np.ndarray[Any, Any]:
    """(documents, 128) uint32 signatures -> (documents, bands) uint64 keys, one per band."""
    n = sigs.shape[0]
    values = sigs[:, : bands * rows].reshape(n, bands, rows).astype(np.uint64)
    with np.errstate(over="ignore"):
        keys: np.ndarray[Any, Any] = (values * _MULTIPLIERS[:rows]).sum(axis=2, dtype=np.uint64)
        keys ^= np.arange(1, bands + 1, dtype=np.uint64) * np.uint64(0x94D049BB133111EB)
        keys ^= keys >> np.uint64(31)
        keys *= np.uint64(0xBF58476D1CE4E5B9)
        keys ^= keys >> np.uint64(29)
    return keys


def _signature_values(data: bytes) -> np.ndarray[Any, Any]:
    """The 128 uint32 values of a signature stored by `to_bytes`; ValueError if not ours."""
    if len(data) != _SIGNATURE_BYTES:
        raise ValueError(f"MinHash signature of {len(data)} bytes; expected {_SIGNATURE_BYTES}")
    values = np.frombuffer(data, dtype="<u8")
    if int(values.max(initial=0)) > 0xFFFFFFFF:
        raise ValueError("MinHash signature is not of the affine32 scheme")
    return values.astype(np.uint32)
