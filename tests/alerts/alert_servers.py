"""Servers the alert tests talk to, and a port nothing listens on."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from email.message import Message
from typing import Any


@dataclass
class SmtpServer:
    host: str
    port: int
    messages: list[Message] = field(default_factory=list)


@dataclass
class WebhookServer:
    url: str
    received: list[dict[str, Any]] = field(default_factory=list)
    status: int = 200
    delay: float = 0.0  # seconds before answering


def free_port() -> int:
    """A port nothing listens on (for a channel that must fail)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
