"""Fetching URLs safely: public addresses only, bounded size, time and redirects.

A journalist may paste any URL, and a feed names URLs chosen by whoever writes it. So every
connection, on every redirect hop, goes through `GuardedBackend`: it resolves the host itself,
refuses the whole host if ANY of its addresses is loopback, private, link-local, multicast,
reserved or unspecified, and then connects to one of the addresses it checked (so a DNS answer
cannot change between check and connect). `--allow-private` turns the check off.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

__all__ = [
    "FetchError",
    "FetchOptions",
    "Fetched",
    "Fetcher",
    "RefusedAddress",
    "address_problem",
    "kind_for_content_type",
]

USER_AGENT = "veeduria/0.1 (+https://example.invalid/veeduria)"


class FetchError(Exception):
    """A URL could not be fetched; the message is one line, fit for a report."""


class RefusedAddress(FetchError):
    """The host resolves to an address we refuse to connect to."""

    def __init__(self, host: str, reason: str) -> None:
        super().__init__(f"{host}: {reason}")
        self.host = host
        self.reason = reason


@dataclass(frozen=True)
class FetchOptions:
    allow_private: bool = False
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0  # wall clock for one fetch, redirects included


@dataclass(frozen=True)
class Fetched:
    url: str  # the final URL, after redirects
    content_type: str | None  # the media type, lowercased, without parameters
    kind: str  # "html", "pdf", "txt", "md", "docx", "feed" or "xml" (to sniff)
    data: bytes


def address_problem(address: str) -> str | None:
    """Why we refuse to connect to this IP address, or None if it is a public one."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_unspecified:
        return "unspecified address"
    if ip.is_loopback:
        return "loopback address"
    if ip.is_link_local:
        return "link-local address"
    if ip.is_multicast:
        return "multicast address"
    if ip.is_reserved:  # before is_private, which also covers 240.0.0.0/4
        return "reserved address"
    if ip.is_private:
        return "private address"
    if not ip.is_global:
        return "non-public address"
    return None


class GuardedBackend(httpcore.NetworkBackend):
    """A network backend that resolves, checks and then connects to a checked address."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise FetchError(f"cannot resolve {host}: {exc.strerror or exc}") from None
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        if not self.allow_private:
            for address in addresses:
                problem = address_problem(address)
                if problem is not None:
                    raise RefusedAddress(host, problem)
        last: Exception | None = None
        for address in addresses:
            try:
                return self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as exc:
                last = exc
        raise FetchError(f"cannot connect to {host}:{port}: {last}")

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        raise FetchError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with its connection pool on a `GuardedBackend`, and no proxies."""

    def __init__(self, allow_private: bool) -> None:
        super().__init__()
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            network_backend=GuardedBackend(allow_private),
        )


_KINDS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "text/plain": "txt",
    "text/markdown": "md",
    "text/x-markdown": "md",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/feed+json": "unsupported",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/octet-stream": "xml",  # sniffed like XML: by looking at the bytes
}


def kind_for_content_type(content_type: str | None) -> str | None:
    """What to read a response as, by its media type; "xml" means: sniff the bytes."""
    if not content_type:
        return "xml"
    kind = _KINDS.get(content_type)
    return None if kind == "unsupported" else kind


class Fetcher:
    """Fetches URLs one at a time with the checks above; reuse one per run (keeps connections)."""

    def __init__(self, options: FetchOptions | None = None) -> None:
        self.options = options or FetchOptions()
        o = self.options
        self._client = httpx.Client(
            transport=GuardedTransport(o.allow_private),
            timeout=httpx.Timeout(o.read_timeout, connect=o.connect_timeout),
            follow_redirects=False,
            trust_env=False,  # an environment proxy would bypass the address checks
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml,"
                "application/pdf,application/rss+xml,application/atom+xml,*/*;q=0.5",
            },
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str) -> Fetched:
        """Fetch a URL, following at most `max_redirects` redirects; FetchError says why not."""
        o = self.options
        deadline = time.monotonic() + o.total_timeout
        current = url
        for _hop in range(o.max_redirects + 1):
            _check_url(current)
            try:
                response = self._client.send(
                    self._client.build_request("GET", current), stream=True
                )
            except RefusedAddress as exc:
                raise FetchError(
                    f"refused {current}: {exc.reason}; use --allow-private to allow"
                ) from None
            except FetchError as exc:
                raise FetchError(f"{current}: {exc}") from None
            except httpx.TimeoutException:
                raise FetchError(f"{current}: timed out") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"{current}: {type(exc).__name__}: {exc}") from None
            try:
                if response.is_redirect:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(f"{current}: redirect without a Location")
                    current = urljoin(current, location)
                    continue
                return self._read(current, response, deadline)
            finally:
                response.close()
        raise FetchError(f"{url}: more than {o.max_redirects} redirects")

    def _read(self, url: str, response: httpx.Response, deadline: float) -> Fetched:
        o = self.options
        if response.status_code != 200:
            raise FetchError(f"{url}: HTTP {response.status_code} {response.reason_phrase}")
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        kind = kind_for_content_type(content_type or None)
        if kind is None:
            raise FetchError(f"{url}: unsupported content type {content_type}")
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > o.max_bytes:
            raise FetchError(f"{url}: larger than {_mb(o.max_bytes)} ({_mb(int(declared))})")
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > o.max_bytes:
                    raise FetchError(f"{url}: larger than {_mb(o.max_bytes)}; download stopped")
                if time.monotonic() > deadline:
                    raise FetchError(f"{url}: took longer than {o.total_timeout:g} s; stopped")
                chunks.append(chunk)
        except httpx.TimeoutException:
            raise FetchError(f"{url}: timed out while reading") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from None
        return Fetched(url=url, content_type=content_type or None, kind=kind, data=b"".join(chunks))


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs are fetched")
    if not parts.hostname:
        raise FetchError(f"{url}: no host")


def _mb(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{n:,} bytes"
