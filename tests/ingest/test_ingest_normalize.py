"""clean_text, the identity hash, document ids and publication dates."""

from __future__ import annotations

import hashlib

import pytest

from veeduria.ingest.normalize import (
    clean_text,
    dedup_key,
    document_id,
    normalize_date,
    text_sha256,
)


def test_clean_text_exact() -> None:
    raw = "  Cafe\u0301 \r\nline two\t \r\n\r\n\r\n\r\nthird\x00\x07 line\x0c\n\n\n"
    assert clean_text(raw) == "Café\nline two\n\nthird line"


def test_clean_text_keeps_tabs_and_single_blank_lines() -> None:
    assert clean_text("a\tb\n\nc\n\n\nd") == "a\tb\n\nc\n\nd"


def test_clean_text_is_idempotent() -> None:
    raw = "\ufeffTítulo\r\rCuerpo   \n\n\n\n\u200bfin  "
    once = clean_text(raw)
    assert once == "Título\n\nCuerpo\n\nfin"
    assert clean_text(once) == once


def test_dedup_key_and_sha() -> None:
    assert dedup_key("  El  GOLPE\n\nde\tﬁn ") == "el golpe de fin"
    expected = hashlib.sha256(b"el golpe de fin").hexdigest()
    assert text_sha256("El golpe de ﬁn") == expected
    assert text_sha256("el   golpe\nDE FIN") == expected
    assert text_sha256("el golpe de fin.") != expected


def test_document_id_is_the_hash_prefix() -> None:
    sha = text_sha256("texto")
    assert document_id(sha) == sha[:16]
    assert len(document_id(sha)) == 16


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-10-18", ("2020-10-18", "day")),
        ("2020-10-18T12:30:00Z", ("2020-10-18", "day")),
        ("2020-10", ("2020-10", "month")),
        ("2020", ("2020", "year")),
        ("2020/3/5", ("2020-03-05", "day")),
        ("Sun, 18 Oct 2020 12:00:00 GMT", ("2020-10-18", "day")),
        ("2020-13", None),
        ("2020-02-30", None),
        ("el miércoles", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_date(value: object, expected: object) -> None:
    assert normalize_date(value) == expected
