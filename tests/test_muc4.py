"""The MUC-4 benchmark: the extractor's participants (extract/participants.py) on hand-made
lower-case documents (exact outputs), the memorising baseline, scoring, the run through the
product's pipeline and its table; then a small real sample."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dossier.errors import DossierError
from dossier.evaluate import muc4
from dossier.extract import participants
from dossier.nlp.model import load_nlp

from .conftest import shared_path

DOCS = [
    {
        "docid": "T1",
        "doctext": 'urban guerrillas attacked the "santo tomas" presidential farm with rifles and a car bomb '
        "yesterday. the farabundo marti national liberation front (fmln) claimed responsibility for the attack.",
    },
    {
        "docid": "T2",
        "doctext": "unidentified individuals murdered judge carlos valencia garcia in medellin on 16 august. a "
        "powerful bomb exploded at the offices of the telephone company, destroying two vehicles.",
    },
    {
        "docid": "T3",
        "doctext": "about 50 peasants have been kidnapped by terrorists of the zeta people's front in the north.",
    },
    {"docid": "T4", "doctext": "the minister met the ambassador today to discuss trade and the weather."},
]
EXPECTED = {
    "T1": {
        "PerpInd": [["urban guerrillas"]],
        "PerpOrg": [["fmln"]],
        "Target": [['"santo tomas" presidential farm']],
        "Victim": [],
        "Weapon": [["rifles"], ["car bomb"]],
    },
    "T2": {
        "PerpInd": [["unidentified individuals"]],
        "PerpOrg": [],
        "Target": [["offices of the telephone company"], ["two vehicles"]],
        "Victim": [["carlos valencia garcia"]],
        "Weapon": [["powerful bomb"]],
    },
    "T3": {"PerpInd": [["terrorists"]], "PerpOrg": [["zeta people's front"]], "Target": [], "Victim": [], "Weapon": []},
    "T4": {"PerpInd": [], "PerpOrg": [], "Target": [], "Victim": [], "Weapon": []},
}


def gold(docid: str, text: str, **roles: list[list[str]]) -> dict[str, Any]:
    extracts = {r: [[[m, text.find(m)] for m in e] for e in roles.get(r, [])] for r in muc4.ROLES}
    return {"docid": docid, "doctext": text, "extracts": extracts}


def read(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What the participants reader finds in each whole document (every sentence), by role."""
    out = []
    for d in docs:
        parsed = load_nlp()(d["doctext"])
        entities = participants.group(participants.of_sentences(list(parsed.sents), memory=False), parsed.text)
        best = {
            role: [max(e, key=lambda f: (f.score, len(f.text), -f.start)).text for e in entities[role]]
            for role in muc4.ROLES
        }
        extracts = {role: [[text] for text in texts] for role, texts in best.items()}
        out.append({"docid": d["docid"], "extracts": extracts})
    return out


def test_participants_exact_roles() -> None:
    predictions = read(DOCS)
    assert [p["docid"] for p in predictions] == ["T1", "T2", "T3", "T4"]
    assert {p["docid"]: p["extracts"] for p in predictions} == EXPECTED
    for doc, p in zip(DOCS, predictions, strict=True):  # every mention is a substring of the text
        assert all(m in doc["doctext"] for ents in p["extracts"].values() for e in ents for m in e)


def test_score_of_predictions_against_hand_gold() -> None:
    text = DOCS[1]["doctext"]
    golds = [
        gold(
            "T2",
            text,
            Victim=[["carlos valencia garcia"]],
            Weapon=[["bomb", "powerful bomb"]],
            PerpInd=[["individuals"]],
        )
    ]
    result = muc4.score(golds, read(DOCS[1:2]))
    assert (result["Victim"]["p"], result["Weapon"]["r"], result["PerpInd"]["matched"]) == (1.0, 1.0, 0)
    micro = result["micro_avg"]
    assert (micro["matched"], micro["predicted"], micro["gold"]) == (2, 5, 3)


def test_memorising_baseline() -> None:
    train = [
        gold("A", "the fmln attacked a bus with a bomb.", PerpOrg=[["fmln"]], Target=[["bus"]], Weapon=[["bomb"]]),
        gold("B", "the fmln met in a bus.", Target=[["bus"]]),
        gold("C", "the fmln spoke on the radio."),
    ]
    docs = [{"docid": "D", "doctext": "fmln rebels burned a bus; bombs were found."}]
    assert muc4.memorising_baseline(train, docs)[0]["extracts"] == {
        "PerpInd": [],
        "PerpOrg": [["fmln"]],
        "Target": [["bus"]],
        "Victim": [],
        "Weapon": [],
    }  # "bomb" does not occur as a whole word in "bombs"
    # fmln fills PerpOrg in 1 of the 3 train documents holding it, bus fills Target in 2 of 2
    assert muc4.memorising_baseline(train, docs, min_ratio=0.5)[0]["extracts"]["PerpOrg"] == []
    assert muc4.memorising_baseline(train, docs, min_ratio=0.5)[0]["extracts"]["Target"] == [["bus"]]


def test_run_writes_predictions_and_formats(tmp_path: Path) -> None:
    """The run reads each document with the product's pipeline (as `dossier ingest` would)."""
    golds = [gold(d["docid"], d["doctext"]) for d in DOCS]
    golds[0] = gold("T1", DOCS[0]["doctext"], PerpInd=[["urban guerrillas"]], Weapon=[["car bomb"], ["rifles"]])
    (tmp_path / "grit_mine.jsonl").write_text("".join(json.dumps(g) + "\n" for g in golds))
    out = tmp_path / "pred.jsonl"
    result = muc4.run_muc4(str(tmp_path), "mine", str(out))
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [p["docid"] for p in lines] == ["T1", "T2", "T3", "T4"]
    assert result["documents"] == 4 and result["scores"]["Weapon"]["r"] == 1.0
    assert result["scores"]["PerpInd"]["matched"] == 1
    table = muc4.format_scores(result)
    assert table.splitlines()[0] == "MUC-4 mine (4 documents), CEAF-REE"
    assert table.splitlines()[-1].startswith("micro_avg") and len(table.splitlines()) == 8


def test_load_grit_errors(tmp_path: Path) -> None:
    with pytest.raises(DossierError, match="no such file"):
        muc4.load_grit(tmp_path / "grit_none.jsonl")
    bad = tmp_path / "grit_bad.jsonl"
    bad.write_text('{"docid": "x"}\n')
    with pytest.raises(DossierError, match="needs 'docid' and 'doctext'"):
        muc4.load_grit(bad)


def test_real_sample_shapes_and_determinism(tmp_path: Path) -> None:
    source = shared_path("data", "muc4", "grit_dev.jsonl")
    sample = source.read_text("utf-8").splitlines()[:15]
    (tmp_path / "grit_sample.jsonl").write_text("\n".join(sample) + "\n")
    first = muc4.run_muc4(str(tmp_path), "sample", str(tmp_path / "a.jsonl"))
    second = muc4.run_muc4(str(tmp_path), "sample", str(tmp_path / "b.jsonl"))
    assert first == second and (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    docs = muc4.load_grit(tmp_path / "grit_sample.jsonl")
    for doc, line in zip(docs, (tmp_path / "a.jsonl").read_text().splitlines(), strict=True):
        p = json.loads(line)
        assert p["docid"] == doc["docid"] and sorted(p["extracts"]) == sorted(muc4.ROLES)
        assert all(m in doc["doctext"] for ents in p["extracts"].values() for e in ents for m in e)
    assert set(first["scores"]) == {*muc4.ROLES, "micro_avg"}
    assert all(0.0 <= s["f1"] <= 1.0 for s in first["scores"].values())
