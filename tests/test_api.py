"""The REST API through the in-process client, on the bundled seed pages: lists, filters, paging,
one incident with its evidence, articles with spans, actors, the network, statistics, ingest,
merge decisions, access control, the error shape and the time limit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from dossier.api.access import Settings
from dossier.api.app import create_app
from dossier.api.limits import Limited, QueryTimeout, open_store
from dossier.errors import InputError

from .conftest import ingest_seeds

KARACHI = "inc_ab5fa75b5b7e301e"  # "Senior counter-terrorism official, passerby killed in Karachi gun attack"
KARACHI_ARTICLE = "art_8e6820802237534b"
TOKEN = "t0ken-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
LOCAL = "http://127.0.0.1"  # open reads answer to loopback names only


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return ingest_seeds(tmp_path_factory, "api")


@pytest.fixture(scope="module")
def api(seeds_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=seeds_db, tokens=[TOKEN])), base_url=LOCAL) as client:
        yield client


def test_incident_list_is_paged_latest_first(api: TestClient) -> None:
    first = api.get("/api/incidents", params={"limit": 500}).json()
    assert (first["total"], first["limit"], first["offset"], len(first["items"])) == (39, 500, 0, 39)
    starts = [i["date"]["start"] or "" for i in first["items"]]
    assert starts == sorted(starts, reverse=True)
    page = api.get("/api/incidents", params={"limit": 5, "offset": 5}).json()
    assert [i["id"] for i in page["items"]] == [i["id"] for i in first["items"][5:10]]
    assert page["total"] == 39


def test_incident_filters(api: TestClient) -> None:
    def ids(**params: object) -> list[str]:
        body = api.get("/api/incidents", params={"limit": 500, **params}).json()
        assert body["total"] == len(body["items"])
        return [i["id"] for i in body["items"]]

    karachi = ids(place="karachi")
    assert len(karachi) == 9 and KARACHI in karachi
    assert ids(bbox="66.5,24.5,67.5,25.5") == karachi  # every Karachi incident lies in the box
    assert ids(q="counter-terrorism official") == [KARACHI]
    assert ids(since="2024-07-01", until="2024-07-31") == [KARACHI]
    assert ids(since="2024-07", until="2024-07") == [KARACHI]  # a month reaches to its end
    bombings = api.get("/api/incidents", params={"type": "bombing"}).json()
    assert bombings["total"] == 4 and {i["type"] for i in bombings["items"]} == {"bombing"}
    islamic_state = ids(actor="Islamic State")
    assert len(islamic_state) == 4
    assert ids(actor="act_islamic_state") == islamic_state  # by id or by name
    assert ids(background="false", limit=500) == [
        i["id"] for i in api.get("/api/incidents", params={"limit": 500}).json()["items"] if not i["background"]
    ]


def test_one_incident_has_sources_and_evidence(api: TestClient) -> None:
    inc = api.get(f"/api/incidents/{KARACHI}").json()
    assert (inc["type"], inc["killed"]["best"], inc["place"]["name"], inc["place"]["admin1"]) == (
        "targeted_killing",
        2,
        "Karimabad",
        "Sindh",
    )
    assert [s["article_id"] for s in inc["sources"]] == [KARACHI_ARTICLE]
    fields = {e["field"] for e in inc["evidence"]}
    assert fields == {"type", "date", "place", "killed", "victim", "perpetrator", "target", "weapon", "participant"}
    assert api.get(f"/api/incidents/{KARACHI[:10]}").json()["id"] == KARACHI  # an unambiguous prefix


def test_article_spans_point_at_the_evidence(api: TestClient) -> None:
    art = api.get(f"/api/articles/{KARACHI_ARTICLE}").json()
    assert art["headline"] == "Senior counter-terrorism official, passerby killed in Karachi gun attack — police"
    inc = api.get(f"/api/incidents/{KARACHI}").json()
    facts = [s for s in art["spans"] if s["kind"] == "fact" and s["incident_id"] == KARACHI]
    assert len(facts) == len(inc["evidence"])
    quotes = {e["quote"] for e in inc["evidence"]}
    assert {art["text"][s["start"] : s["end"]] for s in facts} == quotes
    entities = [s for s in art["spans"] if s["kind"] == "entity"]
    assert any(art["text"][s["start"] : s["end"]] == "Ali Raza" and s["actor_id"] == "act_ali_raza" for s in entities)


def test_actors_profile_and_network(api: TestClient) -> None:
    page = api.get("/api/actors", params={"limit": 3}).json()
    assert page["total"] == 186 and [a["id"] for a in page["items"]] == [
        "act_pakistan",
        "act_afghanistan",
        "act_police",
    ]
    assert api.get("/api/actors", params={"kind": "armed_group", "q": "taiba"}).json()["items"][0]["id"] == "act_let"
    let = api.get("/api/actors/Lashkar-e-Taiba").json()
    assert let["id"] == "act_let" and let["actor_kind"] == "armed_group"
    assert sorted((r["subject"], r["predicate"], r["object"]) for r in let["relations"]) == [
        ("act_abdulah_2e329f6a", "affiliate_of", "act_let"),
        ("act_fif", "front_of", "act_let"),
        ("act_jud", "front_of", "act_let"),
        ("act_mml", "front_of", "act_let"),
    ]
    islamic_state = api.get("/api/actors/act_islamic_state").json()
    assert islamic_state["incidents_total"] == 4 and {i["role"] for i in islamic_state["incidents"]} == {"perpetrator"}
    net = api.get("/api/network").json()
    assert (len(net["nodes"]), len(net["edges"]), net["truncated"]) == (61, 43, False)
    ids = {n["id"] for n in net["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in net["edges"])
    fronts = api.get("/api/network", params={"predicates": "front_of"}).json()
    assert {e["predicate"] for e in fronts["edges"]} == {"front_of"}
    groups = api.get("/api/network", params={"kinds": "armed_group"}).json()
    assert {n["actor_kind"] for n in groups["nodes"]} == {"armed_group"}
    with_incidents = api.get("/api/network", params={"incidents": 10}).json()
    assert any(n["kind"] == "incident" for n in with_incidents["nodes"])
    assert api.get("/api/network", params={"limit": 3}).json()["truncated"] is True


def test_stats_agree_with_the_list(api: TestClient) -> None:
    stats = api.get("/api/stats").json()
    assert (stats["total"], stats["killed"]) == (39, 617)
    assert sum(t["count"] for t in stats["by_type"]) == 39
    assert stats["by_type"][0] == {"type": "arrest", "count": 8}
    assert stats["by_province"][:2] == [
        {"province": "Balochistan", "country": "PK", "count": 10},
        {"province": "Sindh", "country": "PK", "count": 10},
    ]
    assert stats["by_actor"][0] == {"actor_id": "act_islamic_state", "name": "Islamic State", "count": 4}
    dated = api.get("/api/incidents", params={"limit": 500}).json()["items"]
    assert sum(m["count"] for m in stats["by_month"]) == sum(1 for i in dated if i["date"]["start"])
    karachi = api.get("/api/stats", params={"place": "karachi"}).json()
    assert karachi["total"] == 9


def test_errors_share_one_shape(api: TestClient) -> None:
    cases = {
        "/api/incidents/inc_nope": (404, "not_found"),
        "/api/actors/Nobody%20Anywhere": (404, "not_found"),
        "/api/actors/interrupted": (404, "not_found"),  # a message is no time-out (schemathesis found it)
        "/api/articles/art_nope": (404, "not_found"),
        "/api/incidents?limit=501": (422, "invalid"),
        "/api/incidents?since=yesterday": (422, "invalid"),
        "/api/incidents?bbox=1,2": (422, "invalid"),
        "/api/no/such/path": (404, "not_found"),
    }
    for url, (status, code) in cases.items():
        r = api.get(url)
        assert r.status_code == status, url
        assert set(r.json()) == {"error"} and r.json()["error"]["code"] == code and r.json()["error"]["message"]
    assert api.delete("/api/incidents", headers=AUTH).json()["error"]["status"] == 405


def test_reading_is_open_on_loopback_and_writing_needs_the_token(api: TestClient) -> None:
    assert api.get("/api/incidents").status_code == 200
    body = {"action": "merge", "first": KARACHI, "second": KARACHI}
    assert api.post("/api/decisions", json=body).json()["error"]["status"] == 401
    assert api.post("/api/decisions", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert api.post("/api/decisions", json=body, headers=AUTH).json()["error"] == {
        "status": 400,
        "code": "bad_request",
        "message": f"{KARACHI!r} and {KARACHI!r} are already one incident ({KARACHI})",
    }


def test_open_reads_answer_to_loopback_names_and_bodies_are_bounded(api: TestClient) -> None:
    rebound = api.get("/api/incidents", headers={"Host": "attacker.example"})
    assert rebound.status_code == 403 and "answers to" in rebound.json()["error"]["message"]
    assert api.get("/api/incidents", headers={"Host": "localhost:8000"}).status_code == 200
    huge = api.post("/api/ingest/text", headers={**AUTH, "Content-Length": str(40 * 2**20)}, content=b"{}")
    assert (huge.status_code, huge.json()["error"]["code"]) == (413, "too_large")
    chunked = api.post("/api/session", content=iter([b"{}"] * 3), headers={"Content-Type": "application/json"})
    assert (chunked.status_code, chunked.json()["error"]["code"]) == (411, "length_required")


def test_without_configured_tokens_nothing_can_be_written(seeds_db: str) -> None:
    with TestClient(create_app(Settings(db=seeds_db)), base_url=LOCAL) as client:
        r = client.post("/api/ingest/text", json={"text": "x"}, headers=AUTH)
        assert r.status_code == 403 and "DOSSIER_TOKENS" in r.json()["error"]["message"]


def test_off_loopback_every_request_needs_the_token(seeds_db: str) -> None:
    with pytest.raises(InputError, match="needs a token"):
        create_app(Settings(db=seeds_db, host="0.0.0.0"))
    with TestClient(create_app(Settings(db=seeds_db, host="0.0.0.0", tokens=[TOKEN])), base_url=LOCAL) as client:
        assert client.get("/api/incidents").status_code == 401
        assert client.get("/api/openapi.json").status_code == 401
        assert client.get("/api/incidents", headers=AUTH).status_code == 200
        assert client.get("/").status_code == 200  # the UI shell holds no data
        assert client.post("/api/session", json={"token": "wrong"}).status_code == 403
        assert client.post("/api/session", json={"token": TOKEN}).status_code == 204
        assert client.get("/api/incidents").status_code == 200  # the session cookie
        merge = {"action": "merge", "first": KARACHI, "second": KARACHI}
        forged = client.post("/api/decisions", json=merge)  # the cookie alone, no page of ours behind it
        assert forged.status_code == 403 and "own pages" in forged.json()["error"]["message"]
        ours = client.post("/api/decisions", json=merge, headers={"Origin": LOCAL})
        assert ours.json()["error"]["code"] == "bad_request"  # let through (and refused for what it asks)
        client.post("/api/logout")
        assert client.get("/api/incidents").status_code == 401


def test_ingest_and_merge_change_what_is_read(tmp_path_factory: pytest.TempPathFactory) -> None:
    db = ingest_seeds(tmp_path_factory, "api_write")
    with TestClient(create_app(Settings(db=db, tokens=[TOKEN])), base_url=LOCAL) as client:
        story = (
            "Two policemen were killed and three injured when gunmen attacked a polio team in Mardan on Tuesday, "
            "police said. "
            "The attackers fled on a motorcycle, according to the district police officer. "
            "The vaccination campaign in the district was suspended for the day while a search was carried out, "
            "and the bodies were taken to the district hospital."
        )
        posted = {"text": story, "title": "<script>alert(1)</script>Two policemen killed", "published": "2025-03-04"}
        r = client.post("/api/ingest/text", json=posted, headers=AUTH).json()
        assert (r["run"]["documents_new"], r["rejected"], len(r["stored"])) == (1, [], 1)
        new = r["stored"][0]
        assert new["headline"] == "<script>alert(1)</script>Two policemen killed"  # data, kept as written
        assert len(new["incidents"]) == 1
        inc = client.get(f"/api/incidents/{new['incidents'][0]}").json()
        assert (inc["type"], inc["killed"]["best"], inc["place"]["name"]) == ("armed_assault", 2, "Mardan")
        assert client.get("/api/incidents").json()["total"] == 40
        again = client.post("/api/ingest/text", json=posted, headers=AUTH).json()
        assert (again["stored"], len(again["unchanged"])) == ([], 1)
        files = {"file": ("blob.bin", bytes(range(256)) * 40, "application/octet-stream")}
        binary = client.post("/api/ingest/file", files=files, headers=AUTH).json()
        assert [x["reason"] for x in binary["rejected"]] == ["binary"]
        german = "Die Polizei sagte am Dienstag, dass zwei Beamte bei einem Angriff getötet wurden. " * 4
        foreign = client.post("/api/ingest/text", json={"text": german}, headers=AUTH).json()
        assert [x["reason"] for x in foreign["rejected"]] == ["not_english"]

        before = client.get("/api/incidents").json()["total"]
        merge = {"action": "merge", "first": KARACHI, "second": new["incidents"][0], "by": "tester"}
        assert client.post("/api/decisions", json=merge, headers=AUTH).status_code == 200
        assert client.get("/api/incidents").json()["total"] == before - 1
        reports = client.get(f"/api/incidents/{KARACHI}").json()["reports"]
        assert len(reports) == 2
        unmerge = {"action": "unmerge", "first": KARACHI, "second": reports[1], "by": "tester"}
        assert client.post("/api/decisions", json=unmerge, headers=AUTH).status_code == 200
        assert client.get("/api/incidents").json()["total"] == before


def test_a_query_past_the_time_limit_is_stopped(seeds_db: str) -> None:
    store = open_store(Settings(db=seeds_db))
    endless = text("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")
    with pytest.raises(QueryTimeout, match=r"longer than 0\.2 s"), Limited(0.2), store.engine.connect() as conn:
        conn.execute(endless)
    with store.engine.connect() as conn:  # the connection is usable again afterwards
        assert conn.execute(text("SELECT 1")).scalar() == 1


def test_ingest_urls_fetches_the_pages_and_reports_failures(tmp_path_factory: pytest.TempPathFactory) -> None:
    import http.server
    import threading

    page = (
        b"<html><head><title>Levies man killed in Kech</title></head><body><article><h1>Levies man killed in Kech</h1>"
        b"<p>A Levies sepoy was killed and two others were injured when unidentified gunmen opened fire on a "
        b"checkpost in Kech district on Friday, officials said.</p><p>The attackers escaped under cover of darkness. "
        b"A case was registered and a search operation was launched in the area, the deputy commissioner said.</p>"
        b"</article></body></html>"
    )

    class Pages(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            found = self.path == "/kech.html"
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page if found else b"no such page")

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    db = str(tmp_path_factory.mktemp("api_urls") / "urls.db")
    try:
        settings = Settings(db=db, tokens=[TOKEN], allow_private_urls=True)  # the test's server is on loopback
        with TestClient(create_app(settings), base_url=LOCAL) as client:
            body = {"urls": [f"{base}/kech.html", f"{base}/gone.html"]}
            r = client.post("/api/ingest/urls", json=body, headers=AUTH).json()
            assert [s["headline"] for s in r["stored"]] == ["Levies man killed in Kech"]
            assert [(x["origin"], x["reason"], x["detail"]) for x in r["rejected"]] == [
                (f"{base}/gone.html", "fetch_error", "HTTP 404")
            ]
            inc = client.get(f"/api/incidents/{r['stored'][0]['incidents'][0]}").json()
            assert (inc["killed"]["best"], inc["injured"]["best"], inc["place"]["name"]) == (1, 2, "Kech")
            assert (
                client.post("/api/ingest/urls", json={"urls": ["file:///etc/passwd"]}, headers=AUTH).status_code == 422
            )
    finally:
        httpd.shutdown()
