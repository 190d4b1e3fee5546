"""Language identification, restricted to the languages of our sources.

lingua restricted to English, Spanish, Portuguese and French builds instantly and is reliable on
sentences, not on short strings; so we detect on the start of the document and return None when
there is too little text to say.
"""

from __future__ import annotations

import threading
from typing import Any

__all__ = ["SUPPORTED", "detect_language"]

SUPPORTED = ("en", "es", "pt", "fr")
SAMPLE_CHARS = 2000
MIN_LETTERS = 20

_detector: Any = None
_lock = threading.Lock()


def _get_detector() -> Any:
    """Build the lingua detector once, on first use (not at import: `--help` stays instant)."""
    global _detector
    if _detector is None:
        with _lock:
            if _detector is None:
                from lingua import Language, LanguageDetectorBuilder

                _detector = LanguageDetectorBuilder.from_languages(
                    Language.ENGLISH, Language.SPANISH, Language.PORTUGUESE, Language.FRENCH
                ).build()
    return _detector


def _has_letters(text: str, n: int) -> bool:
    """Whether the text holds at least n letters; stops counting as soon as it does."""
    for ch in text:
        if ch.isalpha():
            n -= 1
            if n <= 0:
                return True
    return False


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language ("en", "es", "pt", "fr"), or None if too short."""
    sample = text[:SAMPLE_CHARS]
    if len(text) > SAMPLE_CHARS:
        cut = sample.rfind(" ")
        if cut > SAMPLE_CHARS // 2:
            sample = sample[:cut]
    if not _has_letters(sample, MIN_LETTERS):
        return None
    language = _get_detector().detect_language_of(sample)
    if language is None:
        return None
    code = str(language.iso_code_639_1.name).lower()
    return code if code in SUPPORTED else None
