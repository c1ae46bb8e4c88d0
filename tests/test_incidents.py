"""Incident extraction on small hand-written articles: every field, with its evidence."""

from __future__ import annotations

from itertools import pairwise

from dossier.extract.reports import extract
from dossier.model import Article, IncidentReport


def article(body: str, published: str | None = "2024-07-07", dateline: str | None = None) -> tuple[str, Article]:
    return body, Article(
        seq=0,
        start=0,
        end=len(body),
        body_start=0,
        body_end=len(body),
        dateline=dateline,
        published=published,
        id="art_test",
    )


def run(body: str, **kw: str | None) -> list[IncidentReport]:
    text, art = article(body, **kw)
    return extract(text, art, art.published)


def test_shooting_of_an_officer_and_a_passerby() -> None:
    body = (
        "A senior counter-terrorism official and a passerby were killed in a gun attack in the southern "
        "Pakistani city of Karachi, police officials said on Sunday.\n"
        "Deputy Inspector General (DIG) Asif Shaikh said two attackers had opened fire on the police officer in "
        "Karimabad area.\n"
        "No group has claimed responsibility for the attack.\n"
        "Police surgeon said DSP Ali Raza had received multiple gunshot wounds to the chest.\n"
    )
    (r,) = run(body, dateline="KARACHI")
    assert r.type == "targeted_killing"
    assert r.date == {"start": "2024-07-07", "end": "2024-07-07", "precision": "day", "basis": "reported"}
    assert r.place is not None
    assert (r.place["name"], r.place["city"], r.place["admin1"], r.place["precision"]) == (
        "Karimabad",
        "Karachi",
        "Sindh",
        "neighbourhood",
    )
    assert r.killed == {"low": 2, "best": 2, "high": 2}
    assert [(p["name"], p["status"]) for p in r.perpetrators] == [("attackers", "unknown")]
    assert r.victims == [{"actor_id": None, "name": "Ali Raza", "description": "Deputy Superintendent of Police"}]
    assert r.targets == ["police", "civilians"] and r.weapons == ["firearm"]
    place_fact = next(f for f in r.facts if f.field == "place")
    assert body[place_fact.evidence.start : place_fact.evidence.end] == place_fact.evidence.quote
    assert "Karimabad area" in place_fact.evidence.quote


def test_claimed_and_suspected_perpetrators_with_who_says_so() -> None:
    body = (
        "Gunmen stormed a bus in Karachi last month, killing 45 members of the Ismaili community.\n"
        "The slaughter was swiftly claimed by IS.\n"
        "But investigators believe the attack may have been carried out by the militant group "
        "Lashkar-e-Jhangvi (LeJ).\n"
    )
    (r,) = run(body, published="2015-06-05")
    assert (r.type, r.killed["best"]) == ("massacre", 45)
    assert r.date == {"start": "2015-05-01", "end": "2015-05-31", "precision": "month", "basis": "stated"}
    assert [(p["actor_id"], p["status"], p["attributed_by"]) for p in r.perpetrators] == [
        ("act_islamic_state", "claimed", "Islamic State"),
        ("act_lej", "suspected", "investigators"),
    ]
    assert r.targets == ["religious_minority"]


def test_background_incident_gets_its_own_date_and_figures() -> None:
    body = (
        "A bomb exploded near a police van in Quetta on Sunday, killing two policemen.\n"
        "LeJ was behind some of the worst attacks, including two huge bombings in Quetta in 2013 that together "
        "killed nearly 200 people.\n"
    )
    first, second = run(body)
    assert (first.type, first.date["start"], first.killed["best"], first.background) == (
        "bombing",
        "2024-07-07",
        2,
        False,
    )
    assert (second.type, second.date["start"], second.date["precision"], second.killed) == (
        "bombing",
        "2013-01-01",
        "year",
        {"low": None, "best": 200, "high": 200},
    )
    assert second.background


def test_security_operation_counts_militants_as_perpetrator_deaths() -> None:
    body = (
        "Security forces killed nine terrorists in three separate intelligence-based operations in Tank district, "
        "the ISPR said on Saturday.\n"
        "Two soldiers were martyred in the exchange of fire.\n"
    )
    (r,) = run(body)
    assert r.type == "security_operation"
    assert (r.perpetrators_killed["best"], r.killed["best"]) == (9, 2)
    assert r.date["start"] == "2024-07-06"
    assert r.place is not None and (r.place["name"], r.place["precision"]) == ("Tank", "district")


def test_state_strike_and_its_target_group() -> None:
    body = (
        "On Tuesday, Iranian missiles struck two bases of the group Jaish al-Adl in Pakistan's southwestern "
        "province of Balochistan.\n"
        "Iran sent shockwaves around the region on Tuesday with a missile strike against militants in Pakistan.\n"
    )
    (r,) = run(body, published="2024-01-19")
    assert (r.type, r.date["start"]) == ("strike", "2024-01-16")
    assert r.place is not None and r.place["name"] == "Balochistan"
    assert [(p["actor_id"], p["status"]) for p in r.perpetrators] == [("act_iran", "confirmed")]
    assert r.weapons == ["missile"]


def test_statements_without_an_event_give_nothing() -> None:
    assert run("The minister said terrorism would be eliminated and the fight against extremism would go on.") == []
    assert run("The committee discussed the budget and the new school building.") == []


def test_huge_bodies_are_read_in_paragraph_aligned_chunks() -> None:
    from dossier.extract.reports import CHUNK, _chunks

    body = ("A paragraph of news text about nothing in particular.\n" * 6000)[: CHUNK * 3]
    spans = _chunks(body)
    assert spans[0][0] == 0 and spans[-1][1] == len(body)
    assert all(a[1] == b[0] for a, b in pairwise(spans))
    assert all(end - start <= CHUNK for start, end in spans)
    assert all(body[end - 1] == "\n" for _, end in spans[:-1])
