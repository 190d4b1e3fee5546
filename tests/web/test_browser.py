"""Browser tests: Debian's chromium driven by playwright against a live server (team mode, so
the same server checks a reviewer's and a viewer's rights). One browser for the module; each
test saves a screenshot under artifacts/screenshots/ (git-ignored)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from webhelpers import PASSWORD, build_web_scenario

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="browser tests need Debian's chromium at /usr/bin/chromium"
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A team-mode server on a free port over the handmade scenario."""
    import uvicorn

    from veeduria.store import open_store
    from veeduria.store.users import UserFile
    from veeduria.web.app import create_app
    from veeduria.web.settings import WebSettings

    tmp = tmp_path_factory.mktemp("browser")
    store = open_store(f"sqlite:///{tmp / 'browser.db'}")
    store.upgrade()
    built = build_web_scenario(store, tmp)
    users = UserFile(tmp / "users.json")
    users.add("rui", PASSWORD, "reviewer")
    users.add("vera", PASSWORD, "viewer")
    settings = WebSettings(
        db_url=store.url, team=True, users_path=tmp / "users.json", secret_key="k" * 40
    )
    port = _free_port()
    config = uvicorn.Config(
        create_app(settings, store=store), host="127.0.0.1", port=port, log_level="warning"
    )
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert uv.started, "the test server did not start"
    try:
        yield {"base": f"http://127.0.0.1:{port}", "ids": built["ids"], "store": store}
    finally:
        uv.should_exit = True
        thread.join(timeout=10)
        store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def _page(browser: Any, server: dict[str, Any], user: str, width: int = 1280) -> Any:
    """A logged-in page; JavaScript errors and dialogs fail the test."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda d: errors.append(f"dialog: {d.message}"))
    page.errors = errors
    page.goto(server["base"] + "/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button")
    page.wait_for_url(server["base"] + "/")
    return page


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_timeline_filters(browser: Any, server: dict[str, Any]) -> None:
    page = _page(browser, server, "vera")
    page.goto(server["base"] + "/timeline")
    page.wait_for_selector("#timeline[data-ready=true] .vis-item.vis-box")
    assert page.locator(".vis-item.vis-box").count() == 2  # Juliaca 2023, Áñez 2019 (dated ones)
    page.select_option("#f-type", "repression_killing")
    page.click("#f-apply")
    page.wait_for_selector("#timeline[data-ready=true] .vis-item.vis-box")
    items = page.locator(".vis-item.vis-box")
    assert items.count() == 1
    assert "Repression killing" in items.first.inner_text()
    page.click("details.downloads summary")
    csv_link = page.locator("details.downloads a[data-format=csv]")
    assert csv_link.get_attribute("href") == "/api/export/csv?type=repression_killing"
    _shot(page, "timeline-filtered")
    page.click("details.downloads summary")
    items.first.click()
    page.wait_for_url("**/events/k-juliaca")
    assert page.errors == []


def test_event_quote_leads_to_highlighted_span(browser: Any, server: dict[str, Any]) -> None:
    page = _page(browser, server, "vera")
    page.goto(server["base"] + "/events/k-juliaca")
    row = page.locator("tr[data-claim-row]", has_text="fatalities").first
    quote = row.locator("q").inner_text().strip("“”")
    row.locator("a.quote-link").click()
    page.wait_for_selector("mark.focus")
    focused = page.locator("mark.focus")
    assert "".join(focused.all_inner_texts()) == quote
    assert focused.first.is_visible()
    assert page.locator("#claim-list .claim:not([hidden])").count() == 1
    _shot(page, "document-focused-quote")
    assert page.errors == []


def test_reviewer_accepts_a_claim(browser: Any, server: dict[str, Any]) -> None:
    page = _page(browser, server, "rui")
    page.goto(server["base"] + "/events/k-juliaca")
    row = page.locator("tr[data-claim-row]").first
    claim_id = row.get_attribute("data-claim-row")
    row.locator("button[data-decision=accept]").click()
    badge = page.locator(f'[data-state-for="{claim_id}"]')
    badge.and_(page.locator(".accepted")).wait_for()
    page.reload()
    assert "accepted" in (
        page.locator(f'[data-state-for="{claim_id}"]').get_attribute("class") or ""
    )
    _shot(page, "event-accepted")
    assert page.errors == []


def test_map_markers_and_network(browser: Any, server: dict[str, Any]) -> None:
    page = _page(browser, server, "vera")
    page.goto(server["base"] + "/map")
    page.wait_for_selector("#map[data-markers]")
    assert page.locator("#map path.marker").count() >= 2
    _shot(page, "map")
    page.goto(server["base"] + "/network")
    page.wait_for_selector("#network[data-nodes] canvas")
    assert int(page.get_attribute("#network", "data-nodes") or 0) > 2
    _shot(page, "network")
    assert page.errors == []


def test_reviewer_decides_a_merge_candidate(browser: Any, server: dict[str, Any]) -> None:
    from veeduria.review.candidates import RESOLVER

    ids = server["ids"]
    note = "near miss: sentence similarity 0.84"
    server["store"].add_judgement(
        "event", ids["a"], ids["recognition"], "unsure", RESOLVER, machine=True, comment=note
    )
    page = _page(browser, server, "rui")
    page.goto(server["base"] + "/review")
    item = page.locator("#candidate-list .candidate")
    assert item.count() == 1 and note in item.inner_text()
    page.click("#candidates-link a")
    item.scroll_into_view_if_needed()
    _shot(page, "review-candidates")
    item.locator("button[data-judgement=not_same]").click()
    page.locator("#candidate-list .candidate[data-judged=not_same] .judged").wait_for()
    assert item.locator(".judged").inner_text() == "Recorded: not the same"
    page.reload()
    assert page.locator("#candidate-list").count() == 0  # a person decided it
    assert page.errors == []


def test_viewer_cannot_review(browser: Any, server: dict[str, Any]) -> None:
    page = _page(browser, server, "vera")
    page.goto(server["base"] + "/events/k-juliaca")
    assert page.locator(".review-controls").count() == 0
    assert page.locator("#read-only").is_visible()
    claim_id = page.locator("tr[data-claim-row]").first.get_attribute("data-claim-row")
    status = page.evaluate(
        """async (id) => (await fetch('/api/claims/' + id + '/review', {method: 'POST',
            headers: {'Content-Type': 'application/json',
                      'X-CSRF-Token': document.querySelector('meta[name=csrf-token]').content},
            body: JSON.stringify({decision: 'accept'})})).status""",
        claim_id,
    )
    assert status == 403
    _shot(page, "viewer-read-only")


def test_hostile_article_is_inert(browser: Any, server: dict[str, Any]) -> None:
    page = _page(browser, server, "vera")
    page.goto(server["base"] + f"/documents/{server['ids']['hostile']}")
    text = page.locator("#doc-text").inner_text()
    assert '<script>alert("xss")</script>' in text
    assert "<img src=x onerror=alert(1)>" in text
    assert page.locator("#doc-text script, #doc-text img").count() == 0
    _shot(page, "hostile-article")
    assert page.errors == []  # no alert dialog, no script error


def test_pattern_run_leads_to_the_quote(browser: Any, server: dict[str, Any]) -> None:
    for width, name in ((1280, "patterns"), (390, "patterns-phone")):
        page = _page(browser, server, "vera", width)
        page.goto(server["base"] + "/patterns")
        page.click("#pattern-killings-without-legal-action h2 a")
        page.wait_for_url("**/patterns/killings-without-legal-action")
        assert page.locator(".finding").count() == 0  # the 12 months have not passed yet
        page.fill("input[name=as_of]", "2025-01-01")
        page.click("form.filters button")
        page.wait_for_selector("#finding-1")
        _shot(page, name)
        assert page.errors == []
    link = page.locator("#finding-1 a.open-doc").first
    quote = page.locator("#finding-1 ul.evidence blockquote").first.inner_text()
    link.click()
    page.wait_for_selector("mark.focus")
    assert quote.startswith("".join(page.locator("mark.focus").all_inner_texts()).strip())
    assert page.errors == []


def test_reviewer_edits_a_figure(browser: Any, server: dict[str, Any]) -> None:
    page = _page(browser, server, "rui")
    page.goto(server["base"] + "/events/k-juliaca")
    row = page.locator("tr[data-claim-row]", has_text="fatalities").first
    claim_id = row.get_attribute("data-claim-row")
    row.locator("details.edit-claim summary").click()
    row.locator("input[name=value]").fill("19")
    row.locator("input[name=comment]").fill("recount")
    row.locator("form.edit-claim-form button").click()
    page.locator(".badge.edit-of").wait_for()
    original = page.locator(f'[data-state-for="{claim_id}"]')
    assert "edited" in (original.get_attribute("class") or "")
    edited = page.locator("tr[data-claim-row]", has=page.locator(".badge.edit-of"))
    assert edited.count() == 1 and "19" in edited.inner_text()
    assert page.locator("#fig-conservative").inner_text().startswith("19")
    _shot(page, "event-edited")
    page.set_viewport_size({"width": 390, "height": 800})
    edited.scroll_into_view_if_needed()
    _shot(page, "event-edited-phone")
    assert page.errors == []


#: Every page, with what shows it is drawn: (name, path, selector to wait for).
PAGES = [
    ("dashboard", "/", "main h1"),
    ("search", "/search?q=Juliaca", "main h1"),
    ("document", "/documents/{document}", "#doc-text"),
    ("event", "/events/k-juliaca", "tr[data-claim-row]"),
    ("actor", "/actors/{actor}", "main h1"),
    ("timeline", "/timeline", "#timeline[data-ready=true] .vis-item"),
    ("map", "/map", "#map[data-markers]"),
    ("network", "/network", "#network[data-nodes] canvas"),
    ("patterns", "/patterns", "main h1"),
    ("pattern-run", "/patterns/coup-to-concession", "main h1"),
    ("review", "/review", "main h1"),
    ("watch", "/watch", "main h1"),
    ("api-docs", "/api/docs", "main h1"),
]
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


def test_every_page_at_desktop_and_phone_size(browser: Any, server: dict[str, Any]) -> None:
    """A screenshot of every page at 1280x800 and 390x844 (artifacts/screenshots/page-*). On
    the phone the page is no wider than the screen and the top bar keeps its links on one
    scrollable row, with the current page's link in view."""
    for size, (width, height) in SIZES.items():
        page = _page(browser, server, "rui", width)
        page.set_viewport_size({"width": width, "height": height})
        found = page.evaluate(
            """async () => ({
                actor: (await (await fetch('/api/actors?q=Anez')).json())[0].id,
                document: (await (await fetch('/api/documents')).json())[0].id})"""
        )
        for name, path, ready in PAGES:
            page.goto(server["base"] + path.format(**found))
            page.wait_for_selector(ready)
            _shot(page, f"page-{name}-{size}")
            if size != "phone":
                continue
            layout = page.evaluate(
                """() => {
                    const nav = document.querySelector('header nav');
                    const links = [...nav.querySelectorAll('a')];
                    const current = nav.querySelector('[aria-current]');
                    const box = nav.getBoundingClientRect();
                    const cur = current && current.getBoundingClientRect();
                    return {
                        wide: document.documentElement.scrollWidth,
                        rows: new Set(links.map((a) => Math.round(a.offsetTop))).size,
                        header: document.querySelector('header.top').getBoundingClientRect().height,
                        inView: !cur || (cur.left >= box.left - 1 && cur.right <= box.right + 1),
                    };
                }"""
            )
            assert layout["wide"] <= width, (name, layout)
            assert layout["rows"] == 1 and layout["header"] < 90, (name, layout)
            assert layout["inView"], (name, layout)
        assert page.errors == []
        page.context.close()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    login = context.new_page()
    login.goto(server["base"] + "/login")
    _shot(login, "page-login-phone")
    context.close()
