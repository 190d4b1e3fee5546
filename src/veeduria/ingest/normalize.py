"""Text normalization and content-derived identifiers.

The stored text of a document is `clean_text(...)` of what its reader produced, and it never
changes afterwards: every claim points into it by character offsets. Identity, on the other hand,
uses a looser key (`dedup_key`), so that the same article re-encoded, re-wrapped or re-cased is
recognised as the same document.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime

from veeduria.types import DatePrecision

__all__ = [
    "clean_text",
    "dedup_key",
    "document_id",
    "normalize_date",
    "text_sha256",
]

_TRAILING_SPACE = re.compile(r"[ \t\u00a0\u3000]+$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")
_WHITESPACE = re.compile(r"\s+")
# Control characters (Unicode category Cc) other than \n and \t; \r is handled before.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Format characters that are invisible noise in news text (BOM, zero-width space).
_INVISIBLE = re.compile(r"[\ufeff\u200b]")


def clean_text(s: str) -> str:
    """The one normalization every stored text goes through; idempotent.

    NFC, line breaks to "\\n", no control characters but "\\n" and "\\t", no trailing spaces,
    at most one blank line in a row, no leading or trailing whitespace.
    """
    s = unicodedata.normalize("NFC", s)
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    s = _CONTROL.sub("", s)
    s = _INVISIBLE.sub("", s)
    s = _TRAILING_SPACE.sub("", s)
    s = _BLANK_RUNS.sub("\n\n", s)
    return s.strip()


def dedup_key(s: str) -> str:
    """The identity key of a text: NFKC, casefolded, whitespace collapsed to single spaces."""
    s = unicodedata.normalize("NFKC", s).casefold()
    return _WHITESPACE.sub(" ", s).strip()


def text_sha256(s: str) -> str:
    """Hex SHA-256 of the dedup key of a (cleaned) text."""
    return hashlib.sha256(dedup_key(s).encode("utf-8")).hexdigest()


def document_id(sha: str) -> str:
    """A stable, content-derived document id: the first 16 hex characters of the hash."""
    return sha[:16]


_ISO_PREFIX = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:$|[T\s])")


def normalize_date(value: object) -> tuple[str, DatePrecision] | None:
    """A publication date as ("YYYY[-MM[-DD]]", precision), or None when it cannot be read.

    Accepts ISO-like strings ("2020", "2020-10", "2020-10-18T12:00Z"), RFC 2822 dates as found
    in feeds ("Sun, 18 Oct 2020 12:00:00 GMT"), and date/datetime objects. Anything else is
    dropped rather than guessed.
    """
    if isinstance(value, datetime):
        return value.date().isoformat(), "day"
    if isinstance(value, date):
        return value.isoformat(), "day"
    if not isinstance(value, str) or not value.strip():
        return None
    m = _ISO_PREFIX.match(value)
    if m:
        year, month, day = m.group(1), m.group(2), m.group(3)
        try:
            if day:
                d = date(int(year), int(month), int(day))
                return d.isoformat(), "day"
            if month:
                if not 1 <= int(month) <= 12:
                    return None
                return f"{year}-{int(month):02d}", "month"
            return year, "year"
        except ValueError:
            return None
    from email.utils import parsedate_to_datetime

    try:
        dt = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return dt.date().isoformat(), "day"
