"""The web UI in a real browser: Playwright driving Debian's Chromium against `dossier serve`'s app
(uvicorn, in a thread) on the bundled seed pages. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from dossier.api.access import Settings
from dossier.api.app import create_app

from .conftest import ROOT, ingest_seeds
from .serving import serving

CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "test-artifacts" / "screenshots"
TOKEN = "ui-test-token"
KARACHI = "inc_ab5fa75b5b7e301e"
HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>Bomb kills four in Quetta'

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is absent: .ci/run installs Debian's chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return ingest_seeds(tmp_path_factory, "ui")


@pytest.fixture(scope="module")
def server(seeds_db: str) -> Iterator[str]:
    """The seeds and one hostile story (posted through the API) behind the app on loopback."""
    with serving(create_app(Settings(db=seeds_db, tokens=[TOKEN]))) as base:
        story = {
            "title": HOSTILE,
            "text": (
                "Four people were killed and eleven injured when a bomb planted on a motorcycle exploded near a "
                "market in Quetta on Monday, police said. <script>window.__pwned=1</script> The blast damaged "
                "several shops, and the injured were taken to the Civil Hospital, officials said."
            ),
            "published": "2025-02-03",
            "url": "javascript:window.__pwned=1",
        }
        r = httpx.post(base + "/api/ingest/text", json=story, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120)
        assert r.status_code == 200 and r.json()["stored"], r.text
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[sync_api.Browser]:
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )  # fmt: skip
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def page(browser: sync_api.Browser, server: str) -> Iterator[sync_api.Page]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=server)
    pg = context.new_page()
    requests: list[str] = []
    pg.on("request", lambda req: requests.append(req.url))
    pg.set_default_timeout(20_000)
    yield pg
    context.close()
    outside = [u for u in requests if not u.startswith(server) and not u.startswith("data:")]
    assert outside == [], f"the UI fetched from outside the server: {outside[:5]}"


def view(page: sync_api.Page, route: str) -> None:
    page.goto(f"/#/{route}" if route else "/")
    page.wait_for_selector('body[data-ready="1"]')


def test_dashboard_shows_counts_and_the_trend(page: sync_api.Page) -> None:
    view(page, "")
    dashboard = page.locator("#dashboard")
    assert dashboard.is_visible()
    assert "40" in dashboard.inner_text()  # 39 seed incidents and the one posted above
    assert page.locator("#dashboard svg rect").count() > 0
    page.screenshot(path=SHOTS / "dashboard.png", full_page=True)


def test_map_draws_incidents_on_the_offline_base_layer(page: sync_api.Page) -> None:
    view(page, "map")
    page.wait_for_selector("#map .leaflet-interactive")
    assert page.locator("#map .leaflet-interactive").count() > 30  # base-layer places and incidents
    assert page.locator("#map img.leaflet-tile").count() == 0  # no tile server by default
    page.screenshot(path=SHOTS / "map.png")


def test_incident_page_highlights_its_evidence(page: sync_api.Page) -> None:
    view(page, f"incident/{KARACHI}")
    assert "targeted_killing" in page.locator("#incident-page").inner_text().replace(" ", "_").lower() or (
        "targeted killing" in page.locator("#incident-page").inner_text().lower()
    )
    marks = page.locator("mark.hl-current")
    assert marks.count() >= 1
    highlighted = " ".join(marks.all_inner_texts())
    assert "were killed in a gun attack" in highlighted
    assert page.locator(".evidence").count() >= 5
    page.screenshot(path=SHOTS / "incident.png", full_page=True)


def test_actor_page_shows_relations_and_designations(page: sync_api.Page) -> None:
    view(page, "actor/act_let")
    text = page.locator("#actor-page").inner_text()
    assert "Lashkar-e-Taiba" in text and "Jamaat-ud-Dawa" in text and "front_of" in text.replace(" ", "_")
    assert "US-FTO" in text or "UN-1267" in text
    page.screenshot(path=SHOTS / "actor.png", full_page=True)


def test_network_draws_and_opens_an_actor(page: sync_api.Page) -> None:
    view(page, "network")
    page.wait_for_selector("#network canvas")
    page.wait_for_timeout(1500)  # let the layout settle for the picture
    page.screenshot(path=SHOTS / "network.png")
    page.evaluate("() => { window.dossierNetwork.getElementById('act_let').emit('tap'); }")  # returns nothing
    page.wait_for_url("**/#/actor/act_let")
    page.wait_for_selector('body[data-ready="1"]')
    assert "Lashkar-e-Taiba" in page.locator("#actor-page").inner_text()


def test_timeline_list_and_search(page: sync_api.Page) -> None:
    view(page, "timeline")
    assert page.locator("#timeline svg rect").count() > 0
    page.screenshot(path=SHOTS / "timeline.png")
    view(page, "incidents?place=karachi")
    assert page.locator("#incident-list tbody tr").count() == 9
    view(page, "search?q=Taiba")
    assert "Lashkar-e-Taiba" in page.locator("#search-results").inner_text()


def test_markup_in_articles_is_shown_as_text(page: sync_api.Page, server: str) -> None:
    found = httpx.get(server + "/api/incidents", params={"q": "motorcycle quetta"}).json()["items"]
    inc = next(i for i in found if i["sources"][0]["title"] == HOSTILE)
    view(page, f"incident/{inc['id']}")
    page.wait_for_selector("mark.hl-current")
    text = page.locator("#incident-page").inner_text()
    assert HOSTILE in text  # the headline, character for character
    assert "<script>window.__pwned=1</script>" in text  # the body's markup too
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#incident-page img[src='x'], #incident-page script").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0  # a hostile url is not a link
    page.screenshot(path=SHOTS / "injection.png", full_page=True)
    view(page, "incidents?q=motorcycle")
    assert page.locator("#incident-list tbody tr").count() == 1
    view(page, "search?q=motorcycle")
    assert "a bomb planted on a motorcycle" in page.locator("#search-results").inner_text()
    assert page.evaluate("window.__pwned") is None


def test_screenshots_were_written() -> None:
    names = {p.name for p in SHOTS.glob("*.png")}
    assert {"dashboard.png", "map.png", "incident.png", "actor.png", "network.png"} <= names


def test_off_loopback_the_ui_asks_for_the_token(seeds_db: str, server: str, browser: sync_api.Browser) -> None:
    public = create_app(Settings(db=seeds_db, host="0.0.0.0", tokens=[TOKEN]))  # the policy of a public address
    with serving(public) as base:
        context = browser.new_context(base_url=base)
        pg = context.new_page()
        pg.set_default_timeout(20_000)
        pg.goto("/")
        pg.wait_for_selector("#login")
        pg.fill("#login-token", "wrong")
        pg.click("#login button[type=submit]")
        pg.wait_for_selector("#login-error:not(:empty)")
        pg.fill("#login-token", TOKEN)
        pg.click("#login button[type=submit]")
        pg.wait_for_selector('body[data-ready="1"]')
        assert "40" in pg.locator("#dashboard").inner_text()  # the seeds and the story posted by `server`
        context.close()
