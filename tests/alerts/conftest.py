"""Local servers for the alert channels: an SMTP server (aiosmtpd) and a webhook receiver
(http.server), both on 127.0.0.1 and started per test."""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from collections.abc import Iterator
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest

# The handmade-extraction helpers are shared with the pattern tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "patterns"))

from alert_servers import SmtpServer, WebhookServer


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    from aiosmtpd.controller import Controller

    server = SmtpServer("127.0.0.1", 0)

    class Handler:
        async def handle_DATA(self, srv: Any, session: Any, envelope: Any) -> str:
            server.messages.append(message_from_bytes(envelope.content))
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        server.port = s.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=server.port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture
def webhook_server() -> Iterator[WebhookServer]:
    state = WebhookServer("")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            time.sleep(state.delay)
            if state.status < 300:
                state.received.append(json.loads(body))
            self.send_response(state.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = HTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}/hook"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
