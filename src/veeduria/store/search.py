"""Full-text search over document titles and texts, accent- and case-insensitive.

User queries are treated as plain words that must all match, with two conveniences: a quoted
"phrase" matches words in order, and a trailing `*` matches a prefix (`Boluart*`). Everything
else (FTS operators, parentheses, stray quotes) is taken literally as words, so no input can
raise a query syntax error. The same parsed query drives both backends:

- SQLite: an FTS5 table with `unicode61 remove_diacritics 2`; bm25 ranking; `snippet()`.
- PostgreSQL: the generated `documents.search_vector` column, `to_tsvector('veeduria_simple',
  title || text)` (simple + unaccent), GIN-indexed; `ts_rank`; `ts_headline` on the original
  text, so excerpts keep their accents.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from veeduria.store.api import SearchHit

__all__ = ["Term", "parse_query", "search"]

SNIPPET_WORDS = 24

_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class Term:
    """One unit of a query: a word, a phrase (several words in order), or a prefix."""

    text: str
    phrase: bool = False
    prefix: bool = False


def parse_query(query: str) -> list[Term]:
    """The terms of a user query; terms without any letter or digit are dropped."""
    terms: list[Term] = []
    # Composed form: a query typed with combining accents matches the stored (composed) text.
    query = unicodedata.normalize("NFC", query)
    for match in _TOKEN.finditer(query):
        phrase, word = match.group(1), match.group(2)
        if phrase is not None:
            words = phrase.split()
            if not any(_WORD.search(w) for w in words):
                continue
            terms.append(Term(" ".join(words), phrase=len(words) > 1))
            continue
        word = word.replace('"', "")
        prefix = word.endswith("*")
        word = word.rstrip("*")
        if not _WORD.search(word):
            continue
        terms.append(Term(word, prefix=prefix))
    return terms


def _fts5_query(terms: list[Term]) -> str:
    parts = []
    for term in terms:
        quoted = '"' + term.text.replace('"', '""') + '"'
        parts.append(quoted + ("*" if term.prefix else ""))
    return " ".join(parts)


def search(
    conn: Connection, query: str, *, limit: int = 20, language: str | None = None
) -> list[SearchHit]:
    """Ranked hits for `query`; an empty or wordless query finds nothing."""
    terms = parse_query(query)
    if not terms or limit <= 0:
        return []
    if conn.dialect.name == "sqlite":
        return _search_sqlite(conn, terms, limit, language)
    return _search_postgresql(conn, terms, limit, language)


def _search_sqlite(
    conn: Connection, terms: list[Term], limit: int, language: str | None
) -> list[SearchHit]:
    sql = f"""
        SELECT d.id, d.title, d.language, d.published,
               snippet(documents_fts, 2, '', '', '…', {SNIPPET_WORDS}) AS snippet,
               bm25(documents_fts) AS rank
        FROM documents_fts JOIN documents d ON d.id = documents_fts.document_id
        WHERE documents_fts MATCH :match
        {"AND d.language = :language" if language else ""}
        ORDER BY rank, d.id
        LIMIT :limit
    """
    params: dict[str, Any] = {"match": _fts5_query(terms), "limit": limit}
    if language:
        params["language"] = language
    rows = conn.execute(sa.text(sql), params).all()
    return [
        SearchHit(
            document_id=row.id,
            title=row.title,
            snippet=_clean(row.snippet),
            score=-float(row.rank),
            language=row.language,
            published=row.published,
        )
        for row in rows
    ]


def _pg_tsquery(terms: list[Term], params: dict[str, Any]) -> str:
    parts = []
    for i, term in enumerate(terms):
        key = f"t{i}"
        params[key] = term.text
        if term.phrase:
            parts.append(f"phraseto_tsquery('veeduria_simple', :{key})")
        elif term.prefix:
            # Each lexeme of the word becomes a prefix match; quote_literal keeps it literal.
            parts.append(
                f"to_tsquery('veeduria_simple', "
                f"array_to_string(array(SELECT quote_literal(x) || ':*' FROM "
                f"unnest(tsvector_to_array(to_tsvector('veeduria_simple', :{key}))) AS x), ' & '))"
            )
        else:
            parts.append(f"plainto_tsquery('veeduria_simple', :{key})")
    return " && ".join(parts)


def _search_postgresql(
    conn: Connection, terms: list[Term], limit: int, language: str | None
) -> list[SearchHit]:
    params: dict[str, Any] = {"limit": limit}
    if language:
        params["language"] = language
    tsquery = _pg_tsquery(terms, params)
    options = (
        f'StartSel="", StopSel="", MaxWords={SNIPPET_WORDS}, MinWords=8, '
        'MaxFragments=1, FragmentDelimiter=" … "'
    )
    sql = f"""
        WITH q AS (SELECT {tsquery} AS query),
        hits AS (
            SELECT d.id, ts_rank(d.search_vector, q.query) AS rank
            FROM documents d, q
            WHERE d.search_vector @@ q.query
            {"AND d.language = :language" if language else ""}
            ORDER BY rank DESC, d.id
            LIMIT :limit
        )
        SELECT d.id, d.title, d.language, d.published, hits.rank,
               ts_headline('veeduria_simple', d.text, q.query, :options) AS snippet
        FROM hits JOIN documents d ON d.id = hits.id, q
        ORDER BY hits.rank DESC, d.id
    """
    params["options"] = options
    rows = conn.execute(sa.text(sql), params).all()
    return [
        SearchHit(
            document_id=row.id,
            title=row.title,
            snippet=_clean(row.snippet),
            score=float(row.rank),
            language=row.language,
            published=row.published,
        )
        for row in rows
    ]


def _clean(snippet: str | None) -> str:
    """One line of plain text: excerpts may span line breaks."""
    return " ".join((snippet or "").split())
