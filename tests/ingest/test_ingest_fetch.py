"""Fetching: address refusals after DNS, redirects, size and type limits; a local server only."""

from __future__ import annotations

import socket

import pytest

from conftest import LocalServer
from veeduria.ingest.fetch import Fetcher, FetchError, FetchOptions, address_problem
from veeduria.ingest.sources import Failure, SourceContext, iter_source
from veeduria.types import IngestedDocument

PAGE = (
    "<html><head><title>Golpe</title></head><body><article>"
    + "".join(f"<p>Párrafo {i} sobre el golpe de Estado y la represión.</p>" for i in range(8))
    + "</article></body></html>"
)


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("127.0.0.1", "loopback address"),
        ("127.8.9.10", "loopback address"),
        ("::1", "loopback address"),
        ("::ffff:127.0.0.1", "loopback address"),
        ("10.1.2.3", "private address"),
        ("172.16.0.1", "private address"),
        ("192.168.1.1", "private address"),
        ("fc00::1", "private address"),
        ("169.254.169.254", "link-local address"),
        ("fe80::1", "link-local address"),
        ("224.0.0.1", "multicast address"),
        ("ff02::1", "multicast address"),
        ("0.0.0.0", "unspecified address"),
        ("::", "unspecified address"),
        ("240.0.0.1", "reserved address"),
        ("100.64.0.1", "non-public address"),
        ("8.8.8.8", None),
        ("2606:4700::1111", None),
    ],
)
def test_address_problem(address: str, problem: str | None) -> None:
    assert address_problem(address) == problem


def fetch(url: str, **options: object) -> bytes:
    with Fetcher(FetchOptions(**options)) as fetcher:  # type: ignore[arg-type]
        return fetcher.fetch(url).data


def test_loopback_is_refused_without_connecting(server: LocalServer) -> None:
    url = server.add("/a", PAGE)
    with pytest.raises(FetchError) as info:
        fetch(url)
    assert str(info.value) == f"refused {url}: loopback address; use --allow-private to allow"
    assert server.hits == []


def test_host_names_are_checked_after_resolution(server: LocalServer) -> None:
    server.add("/a", PAGE)
    url = f"http://localhost:{server.port}/a"
    with pytest.raises(FetchError, match=r"^refused http://localhost:\d+/a: loopback address; "):
        fetch(url)
    assert server.hits == []


def test_allow_private_fetches(server: LocalServer) -> None:
    url = server.add("/a", PAGE)
    assert fetch(url, allow_private=True) == PAGE.encode()


def test_redirects_are_followed_up_to_the_limit(server: LocalServer) -> None:
    server.add("/final", PAGE)
    for i in range(6):
        target = "/final" if i == 5 else f"/r{i + 1}"
        server.add(f"/r{i}", b"", status=302, headers={"Location": target})
    with Fetcher(FetchOptions(allow_private=True)) as fetcher:
        fetched = fetcher.fetch(server.url("/r1"))  # five hops
        assert fetched.url == server.url("/final")
        assert fetched.kind == "html"
        with pytest.raises(FetchError) as info:
            fetcher.fetch(server.url("/r0"))  # six hops
    assert str(info.value) == f"{server.url('/r0')}: more than 5 redirects"


def test_redirect_to_another_scheme_is_refused(server: LocalServer) -> None:
    server.add("/r", b"", status=301, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(FetchError) as info:
        fetch(server.url("/r"), allow_private=True)
    assert str(info.value) == "file:///etc/passwd: only http and https URLs are fetched"


def test_size_cap_by_declared_length_and_while_streaming(server: LocalServer) -> None:
    declared = server.add("/big", b"x" * 5000, content_type="text/plain")
    undeclared = server.add("/stream", b"x" * 5000, content_type="text/plain", send_length=False)
    assert fetch(undeclared, allow_private=True, max_bytes=5000) == b"x" * 5000
    with pytest.raises(FetchError) as info:
        fetch(declared, allow_private=True, max_bytes=4096)
    assert str(info.value) == f"{declared}: larger than 4,096 bytes (5,000 bytes)"
    with pytest.raises(FetchError) as info:
        fetch(undeclared, allow_private=True, max_bytes=4096)
    assert str(info.value) == f"{undeclared}: larger than 4,096 bytes; download stopped"


def test_unsupported_content_type_and_http_errors(server: LocalServer) -> None:
    image = server.add("/img", b"\x89PNG", content_type="image/png")
    with pytest.raises(FetchError) as info:
        fetch(image, allow_private=True)
    assert str(info.value) == f"{image}: unsupported content type image/png"
    with pytest.raises(FetchError) as info:
        fetch(server.url("/missing"), allow_private=True)
    assert str(info.value) == f"{server.url('/missing')}: HTTP 404 Not Found"


def test_unreachable_url() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    with pytest.raises(FetchError, match=rf"^{url}: cannot connect to 127\.0\.0\.1:{port}: "):
        fetch(url, allow_private=True)


def test_non_http_url_is_refused() -> None:
    with pytest.raises(FetchError, match=r"^ftp://example\.org/x: only http and https"):
        fetch("ftp://example.org/x")


def test_url_sources_become_documents(server: LocalServer) -> None:
    url = server.add("/golpe", PAGE)
    ctx = SourceContext()
    assert list(iter_source(url, ctx)) == [
        Failure(url, f"refused {url}: loopback address; use --allow-private to allow")
    ]
    ctx = SourceContext(fetch_options=FetchOptions(allow_private=True))
    [doc] = list(iter_source(url, ctx))
    ctx.close()
    assert isinstance(doc, IngestedDocument)
    assert (doc.source_kind, doc.source, doc.url, doc.title) == ("url", url, url, "Golpe")
    assert doc.text.startswith("Párrafo 0 sobre el golpe")
    assert doc.retrieved_at is not None
    assert doc.raw == PAGE.encode()


def test_pdf_url(server: LocalServer) -> None:
    from test_ingest_formats import make_pdf

    url = server.add("/r.pdf", make_pdf(["Informe final."]), content_type="application/pdf")
    ctx = SourceContext(fetch_options=FetchOptions(allow_private=True))
    [doc] = list(iter_source(url, ctx))
    ctx.close()
    assert isinstance(doc, IngestedDocument)
    assert (doc.text, doc.page_starts, doc.raw_mime) == ("Informe final.", [0], "application/pdf")


def test_every_redirect_hop_is_checked(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """127.0.0.1 stands in for a public host; its redirect to 127.0.0.2 must be refused."""
    from veeduria.ingest import fetch as fetch_module

    real = fetch_module.address_problem
    monkeypatch.setattr(
        fetch_module, "address_problem", lambda a: None if a == "127.0.0.1" else real(a)
    )
    target = f"http://127.0.0.2:{server.port}/inside"
    server.add("/inside", PAGE)
    url = server.add("/out", b"", status=302, headers={"Location": target})
    assert fetch(server.url("/inside")) == PAGE.encode()  # the stand-in is allowed
    with pytest.raises(FetchError) as info:
        fetch(url)
    assert str(info.value) == f"refused {target}: loopback address; use --allow-private to allow"
    assert server.hits == ["/inside", "/out"]


def test_a_name_with_any_private_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from veeduria.ingest import fetch as fetch_module

    def fake_getaddrinfo(host: str, port: int, **kw: object) -> list[tuple[object, ...]]:
        assert host == "mixed.example"
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port)),
        ]

    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(FetchError) as info:
        fetch("http://mixed.example/x")
    assert str(info.value) == (
        "refused http://mixed.example/x: private address; use --allow-private to allow"
    )
