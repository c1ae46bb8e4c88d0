"""The corpus scorer (dossier/evaluate/corpus.py, corpus_match.py) on hand-made codings, with exact
figures; then the committed corpus against the texts in ../shared. No model is loaded."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from dossier.evaluate.corpus import score
from dossier.evaluate.corpus_codes import locate, problems
from dossier.evaluate.corpus_docs import load, split_of, text_digest
from dossier.evaluate.corpus_match import actor_keys, date_right, district_right, place_right, right

from .conftest import ROOT, shared_path

CORPUS = ROOT / "eval" / "corpus"


def day(iso: str) -> dict[str, str]:
    return {"start": iso, "end": iso, "precision": "day"}


def incident(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"type": "bombing", "background": False, "date": day("2025-05-12"),
                            "place": {"name": "Khuzdar", "admin2": "Khuzdar", "admin1": "Balochistan",
                                      "country": "PK", "precision": "city"},
                            "killed": {"low": 5, "best": 5, "high": 5}, "injured": None,
                            "perpetrators_killed": None, "perpetrators": []}  # fmt: skip
    return base | fields


def test_dates_follow_the_manual() -> None:
    assert date_right(day("2025-05-12"), day("2025-05-12"))
    assert not date_right(day("2025-05-12"), day("2025-05-13"))
    fresh = {"start": "2025-05-13", "end": "2025-05-14", "precision": "range"}  # fresh news, no day
    assert date_right(fresh, day("2025-05-14")) and not date_right(fresh, day("2025-05-12"))
    assert date_right({"start": "--03-17", "end": "--03-17", "precision": "day"}, day("2021-03-17"))
    assert date_right(None, None) and not date_right(None, day("2025-05-12"))


def test_places_compare_by_name_part_and_gazetteer() -> None:
    def place(name: str, admin2: str | None = None) -> dict[str, Any]:
        return {"name": name, "admin2": admin2, "admin1": "Khyber Pakhtunkhwa", "precision": "city"}

    assert place_right(place("Mastung District"), place("Mastung"))
    assert place_right(place("Zeeg"), place("Zeeg hilltop"))
    assert place_right(place("D.I. Khan"), place("Dera Ismail Khan"))
    assert not place_right(place("Mir Ali"), place("North Waziristan"))
    assert district_right(place("Mir Ali", "North Waziristan"), place("Miranshah", "North Waziristan"))
    assert not district_right(place("Mir Ali", "North Waziristan"), place("Bannu", "Bannu"))


def test_perpetrators_resolve_aliases_and_drop_generic_words() -> None:
    assert actor_keys("unidentified gunmen") == frozenset() == actor_keys("the attackers")
    assert "table:ttp" in actor_keys("Fitna al-Khawarij") & actor_keys("TTP")
    assert actor_keys("Frontier Corps (FC)") & actor_keys("FC")
    assert actor_keys("Israel Defense Forces") & actor_keys("IDF")
    gold = incident(perpetrators=[{"name": "Fitna al-Khwarij", "status": "accused"}])
    assert right("perpetrator", gold, incident(perpetrators=[{"name": "TTP", "status": "claimed"}]))
    assert not right("perpetrator_status", gold, incident(perpetrators=[{"name": "TTP", "status": "claimed"}]))
    assert not right("perpetrator", gold, incident(perpetrators=[]))


def test_score_counts_matches_duplicates_and_fusions() -> None:
    mir_ali = {"name": "Mir Ali", "admin2": "North Waziristan", "admin1": "Khyber Pakhtunkhwa", "precision": "city"}
    gold = {
        "a": [incident(), incident(type="armed_assault", date=day("2025-05-11"), place=mir_ali, killed=None)],
        "b": [incident(), incident(type="bombing", date=day("2025-05-20"), killed={"low": 1, "best": 1, "high": 1})],
        "c": [],
    }
    pred = {
        "a": [incident(), incident(killed={"low": 4, "best": 4, "high": 4})],  # the Khuzdar blast twice
        "b": [incident(date={"start": "2025-05-12", "end": "2025-05-20", "precision": "range"})],  # fused
        "c": [incident(type="protest")],  # an invented incident
    }
    s = score(gold, pred, ["a", "b", "c"]).as_dict()
    assert s["incidents"] == {"predicted": 4, "precision": 50.0, "recall_main": 50.0, "recall_background": 0.0,
                              "gold_main": 4, "gold_background": 0, "duplicates": 1, "fusions": 1}  # fmt: skip
    assert s["all_fields_right"] == {"of_gold_main": 25.0, "of_matched_main": 50.0, "count": 1}
    assert s["fields"]["killed"] == {"precision": 50.0, "recall": 66.7, "f1": 57.1, "predicted": 4, "gold": 3,
                                     "right": 2, "accuracy": 100.0}  # fmt: skip
    assert s["fields"]["date"]["accuracy"] == 50.0  # the fused one's range is not its day


def test_quotes_are_found_whatever_the_spacing_and_quote_marks() -> None:
    text = "The CTD said:\u00a0\u201cTwo  suspects were held\u201d in Quetta."
    assert locate(text, '"Two suspects were held"') == (14, 39)
    evidence = {"type": "two suspects were held", "perpetrators": "the FBI said"}
    perpetrators = [{"name": "CTD", "status": "confirmed"}]
    arrest = {"type": "arrest", "background": False, "date": None, "place": None, "perpetrators": perpetrators}
    coding = {"incidents": [arrest | {"evidence": evidence}]}
    assert problems(coding, text) == ["incident 1: evidence for perpetrators is not in the text: 'the FBI said'"]


def test_the_committed_corpus_matches_the_shared_texts() -> None:
    shared = shared_path("data", "news").parent.parent
    with (CORPUS / "documents.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    gold = {json.loads(line)["doc"]: json.loads(line) for line in (CORPUS / "incidents.jsonl").open()}
    docs = load(Path(shared), {r["id"] for r in rows})
    assert len(rows) == len(gold) == len(docs) == 1105
    assert sum(r["overlap"] == "1" for r in rows) == 121
    for r in rows:
        text = docs[r["id"]].text
        assert (text_digest(text), split_of(r["id"])) == (r["digest"], r["split"]), r["id"]
        assert problems(gold[r["id"]], text) == [], r["id"]
