"""The actor layer: entities within an article, aliases, relations, resolution across articles,
profiles, merge/unmerge and the network export. Hand-written sentences for the parts, the bundled
seed pages end to end."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from dossier.cli.main import app
from dossier.extract import entities, relations
from dossier.extract.reports import context
from dossier.model import Article, Entity, Relation
from dossier.nlp.model import load_nlp
from dossier.reference.actor_matcher import default_matcher
from dossier.reference.names import person_key, variant_score

from .conftest import SEEDS, ingest_seeds

runner = CliRunner()


def read(text: str) -> tuple[list[Entity], list[Relation]]:
    art = Article(seq=0, start=0, end=len(text), body_start=0, body_end=len(text), id="art_test")
    doc = load_nlp()(text)
    ents = entities.entities(doc, default_matcher().find(text), art, text)
    ctx = context(doc, text, art, "2024-03-01", None)
    return ents, relations.extract(list(doc.sents), ents, ctx.places, art, ctx.anchor)


def triples(text: str) -> list[tuple[str, str, str | None, str]]:
    ents, rels = read(text)
    name = {e.id: e.name for e in ents}
    return [(name[r.subject], r.predicate, name.get(r.object or "", r.place), r.status) for r in rels]


# --- names


def test_name_keys_fold_titles_and_the_commonest_spellings() -> None:
    assert person_key("Syed Hussain Mousavi") == "husain mousavi"
    assert person_key("Mohammad Usman") == person_key("Muhammad Usman") == "muhamad usman"
    assert person_key("Shafiq’s") == "shafiq"


def test_spelling_variants_match_only_word_by_word() -> None:
    assert variant_score("sarfraz bugti", "sarfaraz bugti") == pytest.approx(0.9333, abs=1e-3)
    assert variant_score("zainabiyoun", "zaynabiyoun") == pytest.approx(0.9091, abs=1e-3)
    assert variant_score("ali raza", "ahmed raza") == 0.0  # a shared surname is not a variant
    assert variant_score("amir khan", "umar khan") == 0.0  # different skeletons
    assert variant_score("sherry rehman", "sher rahman") == 0.0  # one ends in a vowel, one does not
    assert variant_score("ali raza", "raza") == 0.0  # different number of words


# --- entities within an article


def test_lone_names_join_the_full_name_named_last_before_them() -> None:
    ents, _ = read(
        "Shafiq Mengal is the son of Pakistani politician Mir Naseer Mengal from Khuzdar district. "
        "Shafiq runs a militia. "
        "Later, Aslam Raisani and Siraj Raisani fell out. Raisani said nothing."
    )
    by_name = {e.name: len(e.mentions) for e in ents if e.kind == "person"}
    assert by_name["Shafiq Mengal"] == 2
    assert by_name["Mir Naseer Mengal"] == 1
    assert by_name["Siraj Raisani"] == 2  # the Raisani named last
    assert by_name["Aslam Raisani"] == 1


def test_a_rank_before_a_name_is_a_description_not_part_of_the_name() -> None:
    ents, _ = read("DSP Ali Raza was shot dead in Karachi on Sunday, police said.")
    person = next(e for e in ents if e.kind == "person")
    assert (person.name, person.description) == ("Ali Raza", "Deputy Superintendent of Police")


def test_aliases_the_text_gives_are_kept_with_their_sentence() -> None:
    ents, _ = read(
        "The CTD said funds came from a man named Syed Hussain Mousavi alias Muslim who ran two cells. "
        "In the district, Deen Mohammad aka Deenu runs a private militia. "
        "Iranian missiles struck two bases of the group Jaish Al-Adl (or the Army of Justice) in Pakistan."
    )
    aliases = {e.name: [a for a, _ in e.aliases] for e in ents if e.aliases}
    assert aliases == {
        "Syed Hussain Mousavi": ["Muslim"],
        "Deen Mohammad": ["Deenu"],
        "Jaish al-Adl": ["Army of Justice"],
    }
    mousavi = next(e for e in ents if e.name == "Syed Hussain Mousavi")
    assert mousavi.aliases[0][1].quote.startswith("The CTD said funds came from a man named")


def test_the_group_refers_to_the_armed_group_named_last() -> None:
    ents, rels = read(
        "The US Treasury placed the Zainabiyoun Brigade on its financial blacklist in January 2019. "
        "Many of its fighters were recruited in Pakistan. Islamabad banned the group last month."
    )
    zainabiyoun = next(e for e in ents if e.table_id == "zainabiyoun")
    assert len(zainabiyoun.mentions) == 3
    designations = sorted(
        (next(e.name for e in ents if e.id == r.object), (r.date or {}).get("start"))
        for r in rels
        if r.predicate == "designated_by"
    )
    assert designations == [("Pakistan", "2024-02-01"), ("US Department of the Treasury", "2019-01-01")]


# --- relations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Talha Saeed, son of Jamaat ud Dawa leader Hafiz Saeed, has been active.",
            [
                ("Talha Saeed", "son_of", "Hafiz Saeed", "reported"),
                ("Hafiz Saeed", "leader_of", "Jamaat-ud-Dawa", "reported"),
            ],
        ),
        (
            "The charity front of JuD, the Falah e Insaniyat Foundation (FeF) has continued to collect funds.",
            [("Falah-e-Insaniyat Foundation", "front_of", "Jamaat-ud-Dawa", "reported")],
        ),
        (
            "IJU was a splinter group of the Islamic Movement of Uzbekistan (IMU) and affiliated with al-Qaeda.",
            [
                ("Islamic Jihad Union", "offshoot_of", "Islamic Movement of Uzbekistan", "reported"),
                ("Islamic Jihad Union", "affiliate_of", "al-Qaeda", "reported"),
            ],
        ),
        (
            "The CTD said the Iran-backed Zainabiyoun Brigade had carried out the killings.",
            [("Zainabiyoun Brigade", "backed_by", "Iran", "confirmed")],
        ),
        (
            "Many of its members belonged to a now-defunct militant group known as Jundallah that had pledged "
            "allegiance to Daesh.",
            [("Jundallah", "pledged_allegiance_to", "Islamic State", "reported")],
        ),
        (
            "Islamabad has officially denied that IS is operating in Pakistan.",
            [("Islamic State", "operates_in", "Pakistan", "denied")],
        ),
        (
            "BLA said its suicide wing known as Majeed Brigade targeted him.",
            [("Majeed Brigade", "member_of", "Balochistan Liberation Army", "reported")],
        ),
    ],
)
def test_relations_read_from_the_sentence(text: str, expected: list[tuple[str, str, str, str]]) -> None:
    assert triples(text) == expected


def test_a_spokesperson_is_not_a_leader() -> None:
    assert triples("Pakistan’s Foreign Office spokesman Tahir Andrabi said Islamabad was committed.") == [
        ("Tahir Andrabi", "member_of", "Pakistan Ministry of Foreign Affairs", "reported")
    ]


# --- end to end on the seeds


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> str:
    return ingest_seeds(tmp_path_factory, "network")


def profile(db: str, ref: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["actor", ref, "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def relation_set(p: dict) -> set[tuple[str, str, str]]:  # type: ignore[type-arg]
    return {(r["subject_name"], r["predicate"], r["object_name"]) for r in p["relations"]}


def test_zainabiyoun_profile_from_the_seeds(seeded: str) -> None:
    p = profile(seeded, "Zainebiyoun Brigade")  # a table alias finds the actor
    assert (p["id"], p["actor_kind"]) == ("act_zainabiyoun", "armed_group")
    assert [(d["by"], d["date"], d["source"]) for d in p["designations"]] == [
        ("US-SDGT", "2019-01", "list"),
        ("NACTA", "2024-04", "list"),
        ("US Department of the Treasury", "2019-01", "text"),
        ("Pakistan", "2024-01", "text"),
    ]
    assert relation_set(p) == {
        ("Zainabiyoun Brigade", "backed_by", "Iran"),
        ("Zainabiyoun Brigade", "designated_by", "US Department of the Treasury"),
        ("Zainabiyoun Brigade", "designated_by", "Pakistan"),
    }
    backed = next(r for r in p["relations"] if r["predicate"] == "backed_by")
    assert backed["status"] == "confirmed"
    assert backed["sources"][0]["attributed_by"] == "The Counterterrorism Department"
    assert {i["role"] for i in p["incidents"]} == {"perpetrator"}


def test_is_and_is_khorasan_are_distinct_and_linked(seeded: str) -> None:
    iskp = profile(seeded, "ISKP")
    assert iskp["id"] == "act_iskp"
    assert ("Islamic State Khorasan Province", "affiliate_of", "Islamic State") in relation_set(iskp)
    assert profile(seeded, "Daesh")["id"] == "act_islamic_state"


def test_lashkar_e_taiba_and_its_fronts(seeded: str) -> None:
    let = relation_set(profile(seeded, "LeT"))
    assert {
        ("Jamaat-ud-Dawa", "front_of", "Lashkar-e-Taiba"),
        ("Falah-e-Insaniyat Foundation", "front_of", "Lashkar-e-Taiba"),
        ("Milli Muslim League", "front_of", "Lashkar-e-Taiba"),
    } <= let
    assert ("Falah-e-Insaniyat Foundation", "front_of", "Jamaat-ud-Dawa") in relation_set(profile(seeded, "FeF"))


def test_people_with_aliases_from_the_seeds(seeded: str) -> None:
    usman = profile(seeded, "Saif Ullah Kurd")  # found by the alias the text gives
    assert (usman["name"], usman["aliases"]) == ("Mohammad Usman", ["Saif Ullah Kurd"])
    assert relation_set(usman) == {("Mohammad Usman", "leader_of", "Lashkar-e-Jhangvi")}
    assert next(r for r in usman["relations"])["status"] == "suspected"  # "used his links to reportedly pass"
    shafiq = relation_set(profile(seeded, "Shafiq Mengal"))
    assert ("Shafiq Mengal", "son_of", "Mir Naseer Mengal") in shafiq
    assert ("Shafiq Mengal", "founded", "Baloch Musallah Difa Tanzeem") in shafiq


def test_graph_exports_read_back(seeded: str, tmp_path: Path) -> None:
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        out = tmp_path / f"net.{fmt}"
        result = runner.invoke(app, ["graph", "--db", seeded, "--format", fmt, "--out", str(out)])
        assert result.exit_code == 0, result.output
        g = reader(out)
        assert g.has_edge("act_zainabiyoun", "act_iran")
    result = runner.invoke(app, ["graph", "--db", seeded, "--format", "json", "--incidents"])
    data = json.loads(result.output)
    kinds = {n["kind"] for n in data["nodes"]}
    assert kinds == {"actor", "incident"}
    edge = next(e for e in data["edges"] if e["source"] == "act_zainabiyoun" and e["target"] == "act_iran")
    assert (edge["predicate"], edge["status"], len(edge["sources"])) == ("backed_by", "confirmed", 1)


def test_jsonl_export_has_actor_and_relation_records(seeded: str) -> None:
    result = runner.invoke(app, ["export", "--db", seeded, "--format", "jsonl"])
    records = [json.loads(line) for line in io.StringIO(result.output)]
    actor = next(r for r in records if r["kind"] == "actor" and r["id"] == "act_zainabiyoun")
    assert actor["designations"][0] == {
        "by": "US-SDGT",
        "authority": "US Department of the Treasury (Specially Designated Global Terrorist)",
        "date": "2019-01",
        "source": "list",
    }
    rel = next(r for r in records if r["kind"] == "relation" and r["subject"] == "act_shafiq_mengal")
    assert set(rel) >= {"id", "subject", "predicate", "object", "status", "attributed_by", "start", "end", "sources"}
    assert rel["subject"] == "act_shafiq_mengal"


# --- across articles


def test_alias_and_spelling_variant_merges_are_recorded_and_reversible(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(
        "Karachi police arrested Mohammad Usman alias Saif Ullah Kurd, a leader of the banned LeJ, on Monday. "
        "He was taken to an undisclosed location, officials said. " * 3
    )
    (docs / "b.txt").write_text(
        "Saif Ullah Kurd, a leader of the LeJ, was killed in a clash with police in Quetta on Friday, officials said. "
        "Sarfraz Bugti condemned the violence in a statement issued in the city. " * 3
    )
    (docs / "c.txt").write_text(
        "Chief Minister Sarfaraz Bugti said the attack on police in Quetta would not go unpunished. "
        "Three policemen were killed in the attack on the checkpost, officials said on Tuesday. " * 3
    )
    assert runner.invoke(app, ["ingest", str(docs), "--db", db]).exit_code == 0
    usman = profile(db, "Mohammad Usman")
    assert usman["merged"] == ["act_saif_ulah_kurd"]
    bugti = profile(db, "Sarfraz Bugti")
    assert bugti["merged"] == ["act_sarfaraz_bugti"]
    result = runner.invoke(app, ["unmerge", bugti["id"], "act_sarfaraz_bugti", "--db", db])
    assert result.exit_code == 0, result.output
    assert profile(db, "Sarfraz Bugti")["merged"] == []
    assert runner.invoke(app, ["ingest", str(docs), "--db", db]).exit_code == 0  # a re-run keeps the judgement
    assert profile(db, "Sarfraz Bugti")["merged"] == []
    result = runner.invoke(app, ["merge", "Sarfraz Bugti", "act_sarfaraz_bugti", "--db", db])
    assert result.exit_code == 0, result.output
    assert profile(db, "Sarfaraz Bugti")["merged"] == ["act_sarfaraz_bugti"]


def test_reextract_reads_stored_articles_again(seeded: str, tmp_path: Path) -> None:
    """A store ingested without extraction (or by an older version) gets its incidents, actors and
    relations by `dossier reextract`; running it twice changes nothing."""
    db = str(tmp_path / "bare.db")
    assert runner.invoke(app, ["ingest", str(SEEDS), "--db", db, "--no-extract"]).exit_code == 0
    assert json.loads(runner.invoke(app, ["actors", "--db", db, "--json"]).output) == []
    counts = []
    for _ in range(2):
        result = runner.invoke(app, ["reextract", "--db", db, "--json"])
        assert result.exit_code == 0, result.output
        rep = json.loads(result.output[result.output.index("{") :])
        counts.append((rep["articles"], rep["incident_reports"], rep["relations"], rep["failed"]))
    assert counts[0] == counts[1] == (20, 39, 30, {})
    expected = json.loads(runner.invoke(app, ["incidents", "--db", seeded, "--json"]).output)
    got = json.loads(runner.invoke(app, ["incidents", "--db", db, "--json"]).output)
    assert [i["id"] for i in got] == [i["id"] for i in expected]
    assert relation_set(profile(db, "Zainabiyoun Brigade")) == relation_set(profile(seeded, "Zainabiyoun Brigade"))
