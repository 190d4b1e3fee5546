"""Fixtures for ingest tests: an in-memory store that follows the Protocol, a local web server."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from veeduria.store.api import DocumentRecord
from veeduria.types import IngestedDocument


class FakeStore:
    """The document half of `veeduria.store.api.Store`, in memory, with the same contract."""

    url = "memory://"

    def __init__(self) -> None:
        self.docs: dict[str, DocumentRecord] = {}
        self.by_sha: dict[str, str] = {}
        self.minhashes: dict[str, bytes] = {}
        self.raw: dict[str, bytes | None] = {}
        self.calls = 0

    def upgrade(self) -> None:
        pass

    def close(self) -> None:
        pass

    def find_document_by_sha(self, sha256: str) -> str | None:
        return self.by_sha.get(sha256)

    def add_document(
        self,
        doc: IngestedDocument,
        *,
        doc_id: str,
        sha256: str,
        minhash: bytes | None = None,
        syndicated_of: str | None = None,
        syndication_similarity: float | None = None,
    ) -> bool:
        self.calls += 1
        if doc_id in self.docs or sha256 in self.by_sha:
            return False
        self.docs[doc_id] = DocumentRecord(
            id=doc_id,
            sha256=sha256,
            source_kind=doc.source_kind,
            source=doc.source,
            language=doc.language,
            title=doc.title,
            url=doc.url,
            publisher=doc.publisher,
            author=doc.author,
            published=doc.published,
            published_precision=doc.published_precision,
            retrieved_at=doc.retrieved_at,
            ingested_at=datetime.now(UTC),
            length=len(doc.text),
            syndicated_of=syndicated_of,
            syndication_similarity=syndication_similarity,
            page_starts=doc.page_starts,
            text=doc.text,
        )
        self.by_sha[sha256] = doc_id
        self.raw[doc_id] = doc.raw
        if minhash is not None:
            self.minhashes[doc_id] = minhash
        return True

    def iter_minhashes(self) -> Iterator[tuple[str, bytes]]:
        yield from sorted(self.minhashes.items())

    def get_document(self, doc_id: str) -> DocumentRecord | None:
        return self.docs.get(doc_id)

    def by_source(self, source: str) -> DocumentRecord:
        matches = [d for d in self.docs.values() if d.source == source]
        assert len(matches) == 1, (source, [d.source for d in self.docs.values()])
        return matches[0]


@pytest.fixture
def fake_store() -> FakeStore:
    return FakeStore()


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    send_length: bool = True  # False: no Content-Length, the body ends when the connection does


class LocalServer:
    """A tiny HTTP server on 127.0.0.1 serving fixed routes; `url(path)` gives full URLs."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[str] = []
        routes, hits = self.routes, self.hits

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                route = routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                for key, value in route.headers.items():
                    self.send_header(key, value)
                if route.send_length:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(
        self,
        path: str,
        body: bytes | str,
        content_type: str = "text/html; charset=utf-8",
        status: int = 200,
        headers: dict[str, str] | None = None,
        send_length: bool = True,
    ) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(data, content_type, status, headers or {}, send_length)
        return self.url(path)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    srv = LocalServer()
    yield srv
    srv.close()
