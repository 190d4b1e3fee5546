"""A fake OpenAI-compatible chat-completion server on 127.0.0.1, for the LLM extractor tests.

It records every request (headers and JSON body) and answers with what `respond(body)` returns:
(status, payload), where a dict payload is sent as JSON and a str as it is. `completion(answer)`
wraps an extraction answer as a chat completion. Imported by name (tests/nlp is put on sys.path).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Responder = Callable[[dict[str, Any]], tuple[int, Any]]


def completion(answer: Any, *, finish_reason: str = "stop") -> dict[str, Any]:
    """A chat completion whose message content is `answer` (JSON-encoded unless a str)."""
    content = answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False)
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "model": "test-model",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": finish_reason,
            }
        ],
    }


@dataclass
class FakeServer:
    url: str
    respond: Responder
    requests: list[dict[str, Any]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)


@contextmanager
def fake_server(respond: Responder) -> Iterator[FakeServer]:
    """Serve `respond` on a free port of 127.0.0.1 until the block ends."""
    state = FakeServer(url="", respond=respond)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"null")
            state.requests.append(body)
            state.paths.append(self.path)
            state.headers.append({k.lower(): v for k, v in self.headers.items()})
            status, payload = state.respond(body)
            data = payload if isinstance(payload, str) else json.dumps(payload)
            raw = data.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
