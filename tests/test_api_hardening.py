"""The API's edge, after a security and robustness probe: parameters that cannot be right (days not
in the calendar, types outside the taxonomy, NUL bytes) answer 422 in the error shape; every answer
carries the security headers; the API docs load nothing from elsewhere; URL ingest fetches from
public addresses only, and fails in one way whatever the cause; the time limit is a request's."""

from __future__ import annotations

import http.server
import re
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpcore
import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from dossier import validate
from dossier.api.access import Settings
from dossier.api.app import create_app
from dossier.api.edge import tile_source
from dossier.api.limits import Limited, QueryTimeout, open_store
from dossier.errors import InputError
from dossier.ingest import fetch
from dossier.model import RawRecord, Rejection

from .conftest import ingest_seeds
from .serving import serving

TOKEN = "hardening-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
LOCAL = "http://127.0.0.1"
KARACHI = "inc_ab5fa75b5b7e301e"
FORMS = "use YYYY, YYYY-MM or YYYY-MM-DD"
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
STRICT_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
SECURITY = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "x-frame-options": "DENY"}
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return ingest_seeds(tmp_path_factory, "hardening")


@pytest.fixture(scope="module")
def api(seeds_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=seeds_db, tokens=[TOKEN])), base_url=LOCAL) as client:
        yield client


def refusal(response: httpx.Response) -> str:
    """The message of a 422 in the error shape (and nothing else in the body)."""
    assert response.status_code == 422, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message"}
    assert (body["error"]["status"], body["error"]["code"]) == (422, "invalid")
    return str(body["error"]["message"])


# -- 1. input validation --------------------------------------------------------------------------
def test_days_outside_the_calendar_are_refused(api: TestClient) -> None:
    cases = {
        "2025-02-31": f"'2025-02-31' is no day of the calendar; {FORMS}",
        "2023-02-29": f"'2023-02-29' is no day of the calendar; {FORMS}",  # not a leap year
        "2025-13": f"'2025-13' is no day of the calendar; {FORMS}",
        "2025-00-10": f"'2025-00-10' is no day of the calendar; {FORMS}",
        "0000": f"'0000' is no day of the calendar; {FORMS}",
        "2025-1-1": f"'2025-1-1' is not a date; {FORMS}",
        "yesterday": f"'yesterday' is not a date; {FORMS}",
        "": f"'' is not a date; {FORMS}",
    }
    for value, message in cases.items():
        for path in ("/api/incidents", "/api/stats"):
            for name in ("since", "until"):
                assert refusal(api.get(path, params={name: value})) == f"{name}: {message}", (path, name, value)
    assert api.get("/api/incidents", params={"since": "2024-02-29", "until": "2024-02"}).status_code == 200
    assert [
        i["id"] for i in api.get("/api/incidents", params={"since": "2024-07", "until": "2024-07"}).json()["items"]
    ] == [KARACHI]


def test_the_schema_pattern_of_a_day_is_the_calendar() -> None:
    pattern = re.compile(validate.DAY_PATTERN)
    for year in [*range(1, 13), 100, 400, 1000, 1600, 1700, 1800, 1900, 2000, 2100, *range(1990, 2040), 9999]:
        for month in range(0, 14):
            assert bool(pattern.fullmatch(f"{year:04d}-{month:02d}")) == (1 <= month <= 12), (year, month)
            for day in range(0, 33):
                try:
                    real = bool(date(year, month, day))
                except ValueError:
                    real = False
                value = f"{year:04d}-{month:02d}-{day:02d}"
                assert bool(pattern.fullmatch(value)) == real, value
                assert (validate.day("d", value) == value) if real else _refused(validate.day, "d", value)
    assert not pattern.fullmatch("0000") and pattern.fullmatch("0001") and pattern.fullmatch("2024")


def _refused(check: Any, *args: Any) -> bool:
    with pytest.raises(validate.InvalidValue):
        check(*args)
    return True


def test_incident_types_must_be_the_taxonomys(api: TestClient) -> None:
    listed = ", ".join(validate.INCIDENT_TYPES)
    for value in ("nope", "Bombing", "bombing ", ""):
        for path in ("/api/incidents", "/api/stats"):
            message = refusal(api.get(path, params={"type": value}))
            assert message == f"type: {value!r} is not an incident type; use one of: {listed}"
    assert api.get("/api/incidents", params={"type": "bombing"}).json()["total"] == 4
    schema = api.get("/api/openapi.json").json()
    (param,) = [p for p in schema["paths"]["/api/incidents"]["get"]["parameters"] if p["name"] == "type"]
    assert param["schema"]["enum"] == list(validate.INCIDENT_TYPES)


def test_a_nul_byte_in_any_parameter_is_refused(api: TestClient) -> None:
    queries = {
        "/api/incidents": ("q", "actor", "place", "type", "since", "bbox"),
        "/api/stats": ("q", "actor", "place"),
        "/api/actors": ("q", "kind"),
        "/api/network": ("kinds", "predicates"),
        "/api/actors/act_let": ("incidents",),
    }
    for path, names in queries.items():
        for name in names:
            assert refusal(api.get(path, params={name: "a\x00b"})) == f"{name} must not contain a NUL byte", (
                path,
                name,
            )
    assert refusal(api.get("/api/incidents", params={"q\x00": "x"})) == "a parameter's name must not contain a NUL byte"
    for path in ("/api/incidents/inc_%00", "/api/actors/Lashkar%00", "/api/articles/art_%00", "/static/app%00.js"):
        assert refusal(api.get(path)) == "the path must not contain a NUL byte", path
    decision = {"action": "merge", "first": KARACHI, "second": "inc_\x00"}
    assert refusal(api.post("/api/decisions", json=decision, headers=AUTH)) == "second: must not contain a NUL byte"
    story = {"text": "Two policemen were killed in Mardan.", "title": "a\x00b"}
    assert refusal(api.post("/api/ingest/text", json=story, headers=AUTH)) == "title: must not contain a NUL byte"
    assert refusal(api.post("/api/session", json={"token": "\x00"})) == "token: must not contain a NUL byte"
    assert api.get("/api/incidents", params={"q": "counter-terrorism official"}).json()["total"] == 1  # still a filter


def test_the_shared_filters_check_reaches_to_the_end_of_a_month() -> None:
    f = validate.incident_filters("bombing", "2024", "2024-02", q="words")
    assert (f.type, f.since, f.until, f.q) == ("bombing", "2024", "2024-02-29", "words")
    assert validate.last_day("2023-02") == "2023-02-28" and validate.last_day("2024") == "2024-12-31"
    with pytest.raises(validate.InvalidValue, match=r"^--q must not contain a NUL byte$"):
        validate.incident_filters(q="\x00", names=("--type", "--since", "--until", "--place", "--actor", "--q"))


# -- 2. security headers --------------------------------------------------------------------------
def headers_of(response: httpx.Response) -> dict[str, str]:
    names = ("content-security-policy", *SECURITY)
    return {k: response.headers[k] for k in names if k in response.headers}


def test_every_answer_carries_the_security_headers(seeds_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(Settings(db=seeds_db, tokens=[TOKEN]))
    with TestClient(app, base_url=LOCAL, raise_server_exceptions=False) as client:
        pages = {"/": 200, "/static/app.js": 200, "/static/nope.js": 404}
        for path, status in pages.items():
            r = client.get(path)
            assert r.status_code == status and headers_of(r) == {"content-security-policy": PAGE_POLICY, **SECURITY}
        answers = {
            ("GET", "/api/incidents"): 200,
            ("GET", "/api/incidents/inc_nope"): 404,
            ("GET", "/api/no/such/path"): 404,
            ("GET", "/api/incidents?since=2025-02-31"): 422,
            ("GET", "/api/incidents?q=%00"): 422,
            ("DELETE", "/api/incidents"): 405,
            ("POST", "/api/decisions"): 401,
            ("GET", "/api/openapi.json"): 200,
            ("GET", "/api/docs-static/swagger-ui-bundle.js"): 200,
        }
        for (method, path), status in answers.items():
            r = client.request(method, path, headers=AUTH if method == "DELETE" else None)
            assert r.status_code == status, (method, path)
            assert headers_of(r) == {"content-security-policy": STRICT_POLICY, **SECURITY}, (method, path)
        docs = client.get("/api/docs")
        assert docs.headers["content-security-policy"].startswith("default-src 'self'; script-src 'self' 'sha256-")
        assert {k: docs.headers[k] for k in SECURITY} == SECURITY

        def broken(*_args: Any, **_kwargs: Any) -> Any:
            raise RuntimeError("boom")

        monkeypatch.setattr(app.state.store, "stats", broken)
        r = client.get("/api/stats")  # the 500 page comes from outside the app's own middleware
        assert r.status_code == 500 and r.json()["error"]["code"] == "internal"
        assert headers_of(r) == {"content-security-policy": STRICT_POLICY, **SECURITY}


def test_an_online_tile_server_is_the_one_image_source_the_ui_adds(seeds_db: str) -> None:
    assert tile_source("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://*.tile.openstreetmap.org"
    assert tile_source("https://tiles.example.org:8443/{z}/{x}/{y}.png") == "https://tiles.example.org:8443"
    assert tile_source("https://a{s}.example.org/{z}/{x}/{y}.png") == "https:"  # no CSP source can say that host
    assert tile_source("http://x.example/;script-src *") == "http://x.example"  # the path never reaches the policy
    assert tile_source("javascript:alert(1)") is None and tile_source(None) is None
    settings = Settings(db=seeds_db, tiles="https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png")
    with TestClient(create_app(settings), base_url=LOCAL) as client:
        policy = client.get("/").headers["content-security-policy"]
        assert "; img-src 'self' data: https://*.tile.openstreetmap.org; " in policy
        assert client.get("/api/config").headers["content-security-policy"] == STRICT_POLICY


# -- 3. the API docs, offline ---------------------------------------------------------------------
def test_the_api_docs_load_everything_from_this_server(api: TestClient) -> None:
    import base64
    import hashlib

    r = api.get("/api/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert re.findall(r"https?://", html) == []  # no CDN, no validator badge, no favicon from elsewhere
    assert '"validatorUrl": null' in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets == [
        "/api/docs-static/swagger-ui.css",
        "/api/docs-static/favicon-32x32.png",
        "/api/docs-static/swagger-ui-bundle.js",
    ]
    js = api.get("/api/docs-static/swagger-ui-bundle.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    assert "SwaggerUIBundle" in js.text
    assert api.get("/api/docs-static/swagger-ui.css").headers["content-type"].startswith("text/css")
    (inline,) = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(inline.encode()).digest()).decode()
    policy = r.headers["content-security-policy"]
    assert policy == PAGE_POLICY.replace("script-src 'self'", f"script-src 'self' 'sha256-{digest}'")
    assert "url: '/api/openapi.json'" in html  # Swagger UI 5 reads FastAPI's OpenAPI 3.1 as it is


def test_the_api_docs_render_in_a_browser_under_their_policy(seeds_db: str) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is absent: .ci/run installs Debian's chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with serving(create_app(Settings(db=seeds_db))) as base, sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            requests: list[str] = []
            problems: list[str] = []
            page.on("request", lambda req: requests.append(req.url))
            page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda exc: problems.append(str(exc)))
            page.goto(base + "/api/docs")
            page.wait_for_selector(".opblock-summary-path", timeout=20_000)
            paths = [p.replace("\u200b", "") for p in page.locator(".opblock-summary-path").all_inner_texts()]
            assert "/api/incidents" in paths and "/api/ingest/urls" in paths
            assert page.locator(".errors-wrapper").count() == 0  # Swagger UI read the schema without complaint
            page.evaluate("() => new Promise((done) => setTimeout(done, 300))")  # let late violations show
        finally:
            browser.close()
    assert problems == []  # no Content-Security-Policy violation, no script error
    outside = [u for u in requests if not u.startswith(base) and not u.startswith("data:")]
    assert outside == []


# -- 4. URL ingest: public addresses only, one failure for every cause ---------------------------
FAILED = ("fetch_error", "could not fetch the page")
NAMES = {
    "news.example": ["93.184.216.34"],
    "other.example": ["2606:2800:220:1:248:1893:25c8:1946"],
    "localhost": ["127.0.0.1", "::1"],
    "intranet.example": ["10.0.0.5"],
    "mixed.example": ["93.184.216.35", "192.168.1.1"],  # one private address is enough to refuse
    "metadata.example": ["169.254.169.254"],
}
PAGE = (
    b"<html><head><title>Levies man killed in Kech</title></head><body><article><h1>Levies man killed in Kech</h1>"
    b"<p>A Levies sepoy was killed and two others were injured when unidentified gunmen opened fire on a "
    b"checkpost in Kech district on Friday, officials said.</p><p>The attackers escaped under cover of darkness. "
    b"A case was registered and a search operation was launched in the area, the deputy commissioner said.</p>"
    b"</article></body></html>"
)


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """socket.getaddrinfo answering from NAMES, an address written as a number as the system does,
    any other name as unknown (no DNS is asked); the names looked up, in order."""
    asked: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        asked.append(host)
        if host not in NAMES:  # raises gaierror for a name: AI_NUMERICHOST never asks DNS
            return real(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in NAMES[host]
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def mock_transport(seen: list[str]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        path = request.url.path
        if path == "/story":
            return httpx.Response(200, content=PAGE, headers={"content-type": "text/html; charset=utf-8"})
        if path.startswith("/to/"):  # /to/http://host/path: a redirect there
            return httpx.Response(302, headers={"location": str(request.url).split("/to/", 1)[1]})
        if path == "/slow":
            raise httpx.ReadTimeout("timed out", request=request)
        if path == "/refused":
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
        return httpx.Response(404, text="no such page")

    return httpx.MockTransport(handler)


def outcome(item: RawRecord | Rejection) -> tuple[str, str]:
    return ("fetched", str(item.hints["url"])) if isinstance(item, RawRecord) else (item.reason, item.detail)


def test_only_public_addresses_count_as_public() -> None:
    for address in ("93.184.216.34", "8.8.8.8", "2606:4700::1111"):
        assert fetch.public(address), address
    private = (
        "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "192.168.0.1", "169.254.169.254", "100.64.0.1",
        "0.0.0.0", "255.255.255.255", "224.0.0.1", "239.1.2.3", "240.0.0.1", "192.0.2.1", "198.18.0.1",
        "::1", "::", "fe80::1", "fe80::1%eth0", "fc00::1", "fd12:3456::1", "ff02::1", "ff0e::1",
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "2002:7f00:1::1", "2002:a00:1::1", "64:ff9b::7f00:1", "not an address",
    )  # fmt: skip
    for address in private:
        assert not fetch.public(address), address


def test_fetch_refuses_what_is_not_public_and_fails_alike_whatever_the_cause(resolver: list[str]) -> None:
    seen: list[str] = []
    client = fetch.make_client(mock_transport(seen))
    refused = [
        "http://127.0.0.1/story",
        "http://localhost:8000/story",
        "http://intranet.example/story",
        "http://mixed.example/story",
        "http://metadata.example/latest/meta-data/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/story",
        "http://[::ffff:127.0.0.1]/story",
        "http://0.0.0.0/story",
        "http://224.0.0.1/story",
        "http://2130706433/story",  # 127.0.0.1 written as one number
        "http://unknown.example/story",  # no such name
        "http://news.example/to/http://intranet.example/story",  # a redirect to a private address
        "http://news.example/to/http://localhost/story",
        "http://news.example/to/file:///etc/passwd",  # a redirect to another scheme
        "ftp://news.example/story",
        "http://news.example/slow",  # a time-out
        "http://news.example/refused",  # a closed port
    ]
    for url in refused:
        assert outcome(fetch.fetch(url, client, 10**6)) == FAILED, url
    assert seen == [
        "http://news.example/to/http://intranet.example/story",
        "http://news.example/to/http://localhost/story",
        "http://news.example/to/file:///etc/passwd",
        "http://news.example/slow",
        "http://news.example/refused",
    ]  # nothing else reached the transport: refused before a connection
    assert outcome(fetch.fetch("http://news.example/story", client, 10**6)) == ("fetched", "http://news.example/story")
    assert outcome(fetch.fetch("http://news.example/gone", client, 10**6)) == ("fetch_error", "HTTP 404")
    followed = fetch.fetch("http://news.example/to/http://other.example/story", client, 10**6)
    assert outcome(followed) == ("fetched", "http://other.example/story")  # a redirect to a public host is followed
    assert "other.example" in resolver  # checked again on the redirect


def test_private_addresses_are_fetched_when_allowed(resolver: list[str]) -> None:
    seen: list[str] = []
    with fetch.private_urls(True):
        client = fetch.make_client(mock_transport(seen))
    assert outcome(fetch.fetch("http://localhost/story", client, 10**6)) == ("fetched", "http://localhost/story")
    assert outcome(fetch.fetch("http://intranet.example/gone", client, 10**6)) == ("fetch_error", "HTTP 404")
    assert outcome(fetch.fetch("http://news.example/slow", client, 10**6)) == FAILED
    explicit = fetch.make_client(mock_transport(seen), allow_private=True)
    assert outcome(fetch.fetch("http://10.0.0.5/story", explicit, 10**6)) == ("fetched", "http://10.0.0.5/story")
    assert outcome(fetch.fetch("http://10.0.0.5/story", fetch.make_client(mock_transport(seen)), 10**6)) == FAILED


@pytest.fixture
def pages() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on loopback with /kech.html; its base URL and the paths it was asked for."""
    asked: list[str] = []

    class Pages(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            found = self.path == "/kech.html"
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(PAGE if found else b"no such page")

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", asked
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_the_real_transport_connects_only_to_the_address_it_checked(
    pages: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, asked = pages
    port = int(base.rsplit(":", 1)[1])
    with pytest.raises(httpcore.ConnectError, match="not a public address"):
        fetch._PublicOnlyBackend().connect_tcp("127.0.0.1", port)
    real = socket.getaddrinfo
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])  # checked as public, then re-pointed at loopback

    def rebinding(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        if host != "rebind.example":
            return real(host, port, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in next(answers)]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    got = fetch.fetch(f"http://rebind.example:{port}/kech.html", fetch.make_client(), 10**6)
    assert outcome(got) == FAILED and asked == []  # the server was never reached


def test_ingest_urls_refuses_loopback_unless_the_server_allows_it(pages: tuple[str, list[str]], tmp_path: Path) -> None:
    base, asked = pages
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}/kech.html"  # nothing listens there
    urls = [f"{base}/kech.html", f"{base}/gone.html", closed]
    with TestClient(create_app(Settings(db=str(tmp_path / "a.db"), tokens=[TOKEN])), base_url=LOCAL) as client:
        r = client.post("/api/ingest/urls", json={"urls": urls}, headers=AUTH).json()
        assert r["stored"] == [] and [(x["origin"], x["reason"], x["detail"]) for x in r["rejected"]] == [
            (u, *FAILED) for u in urls
        ]  # an open port, a missing page and a closed port look the same
        assert asked == []
        assert client.post("/api/ingest/urls", json={"urls": ["http://a\x00b/"]}, headers=AUTH).status_code == 422
    settings = Settings(db=str(tmp_path / "b.db"), tokens=[TOKEN], allow_private_urls=True)
    with TestClient(create_app(settings), base_url=LOCAL) as client:
        r = client.post("/api/ingest/urls", json={"urls": urls}, headers=AUTH).json()
        assert [s["headline"] for s in r["stored"]] == ["Levies man killed in Kech"]
        assert [(x["origin"], x["reason"], x["detail"]) for x in r["rejected"]] == [
            (f"{base}/gone.html", "fetch_error", "HTTP 404"),
            (closed, *FAILED),
        ]
    assert fetch.make_client().headers["user-agent"] == fetch.USER_AGENT  # the setting did not outlive the request
    assert not fetch._allow_private.get()


# -- 5. the time limit ----------------------------------------------------------------------------
def test_a_time_limit_under_a_millisecond_is_refused(seeds_db: str) -> None:
    for seconds in (0.0005, 0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(InputError, match=r"^the time limit must be at least 0\.001 s \(1 ms\), not "):
            create_app(Settings(db=seeds_db, time_limit=seconds))
    create_app(Settings(db=seeds_db, time_limit=0.001))


def pg_timeout(conn: Any) -> int:
    return int(conn.execute(text("SELECT setting FROM pg_settings WHERE name = 'statement_timeout'")).scalar())


def test_on_postgresql_the_time_limit_is_the_whole_requests(postgres: str) -> None:
    from tests.postgres import create_database

    store = open_store(Settings(db=create_database(postgres, "limits"), time_limit=30))
    with store.engine.connect() as conn:
        assert pg_timeout(conn) == 0  # no limit outside a request (ingest, migrations)
    with Limited(30), store.engine.connect() as conn:
        first, second = pg_timeout(conn), pg_timeout(conn)
        assert 0 < second <= first <= 30_000  # what is left of the request's 30 s, less with each statement
    with store.engine.connect() as conn:
        assert pg_timeout(conn) == 0  # SET LOCAL ended with the request's transaction
    # Two statements of 0.6 s each pass a per-statement limit of 1 s; a request's 1 s stops the second.
    with pytest.raises(QueryTimeout, match=r"longer than 1 s"), Limited(1.0), store.engine.connect() as conn:
        conn.execute(text("SELECT pg_sleep(0.6)"))
        conn.execute(text("SELECT pg_sleep(0.6)"))
    with pytest.raises(QueryTimeout, match=r"longer than 0\.001 s"), Limited(0.001), store.engine.connect() as conn:
        time.sleep(0.01)
        conn.execute(text("SELECT 1"))  # past the deadline: not even sent
    endless = text("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")
    with pytest.raises(QueryTimeout), Limited(0.2), store.engine.connect() as conn:
        conn.execute(endless)
    with store.engine.connect() as conn:  # the pool's connections are usable again afterwards
        assert conn.execute(text("SELECT 1")).scalar() == 1 and pg_timeout(conn) == 0
    store.engine.dispose()
