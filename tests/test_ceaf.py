"""CEAF-REE on hand-made cases with exact numbers: the paper's Pilmai example (GRIT, Du et al. 2021,
section 5) and the cases of its reference scorer's test file, plus the edge cases of our own rule."""

from __future__ import annotations

import pytest

from dossier.evaluate.ceaf import align, ceaf_ree, clean, normalize, phi

PILMAI = [
    ["Pilmai telephone company building", "telephone company building", "telephone company offices"],
    ["water pipes"],
    ["public telephone booth"],
]
M = [["m1", "m2", "m3"], ["m4"], ["m5"], ["m6"]]


def one(gold: list[list[str]], pred: list[list[str]], role: str = "Target") -> dict[str, float]:
    return ceaf_ree({"d": {role: gold}}, {"d": {role: pred}})[role]


def test_normalize_follows_the_reference() -> None:
    assert normalize("The FMLN.") == "fmln"
    assert normalize('a  "santo tomas" presidential farm') == "santo tomas presidential farm"
    assert normalize("car-bomb") == "carbomb"
    assert normalize("theater") == "theater"  # articles go only as whole words


def test_phi_is_subset_of_gold_mentions() -> None:
    assert phi(["a", "b", "c"], ["a", "b"]) == 1
    assert phi(["a", "b", "c"], ["a", "x"]) == 0  # one mention outside the gold list spoils the entity
    assert phi(["a"], ["a"]) == 1


@pytest.mark.parametrize(
    ("pred", "expected"),
    [
        (
            [
                ["water pipes"],
                ["Pilmai telephone company building"],
                ["public telephone booth"],
                ["telephone company offices"],
            ],
            (3, 4, 3),
        ),
        ([["Pilmai telephone company building"], ["water pipes"], ["public telephone booth"]], (3, 3, 3)),
        ([["Pilmai telephone company building"], ["public telephone booth"]], (2, 2, 3)),
    ],
)
def test_paper_cases(pred: list[list[str]], expected: tuple[int, int, int]) -> None:
    s = one(PILMAI, pred)
    assert (s["matched"], s["predicted"], s["gold"]) == expected


def test_paper_case_one_scores() -> None:
    # two predictions of the telephone building: only one can be aligned, the other costs precision
    s = one(
        PILMAI,
        [
            ["water pipes"],
            ["Pilmai telephone company building"],
            ["public telephone booth"],
            ["telephone company offices"],
        ],
    )
    assert (s["p"], s["r"]) == (0.75, 1.0)
    assert s["f1"] == pytest.approx(6 / 7)


def test_a_prediction_matches_at_most_one_gold_entity() -> None:
    s = one([["x"], ["x", "y"]], [["x"]])
    assert (s["matched"], s["p"], s["r"]) == (1, 1.0, 0.5)


def test_alignment_is_optimal_not_greedy() -> None:
    # greedy would pair "a" with the first gold entity and leave "b" unmatched
    assert align([["a", "b"], ["a"]], [["a"], ["b"]]) == 2.0


@pytest.mark.parametrize(
    ("pred", "matched", "predicted"),
    [
        ([["m4"], ["m1"], ["m5"], ["m6"], ["m3"]], 4, 5),
        ([["m1", "m2"], ["m4"], ["m5"], ["m6"]], 4, 4),
        ([["m1", "m2", "m3", "m4"], ["m5"], ["m6"]], 2, 3),
    ],
)
def test_reference_scorer_cases(pred: list[list[str]], matched: int, predicted: int) -> None:
    s = one(M, pred, "PerpInd")
    assert (s["matched"], s["predicted"], s["gold"]) == (matched, predicted, 4)


def test_micro_average_over_documents_and_roles() -> None:
    gold = {f"d{i}": {"PerpInd": M} for i in (1, 2, 3)}
    gold["d4"] = {"PerpInd": M, "PerpOrg": M, "Target": M}
    a, b, c = (
        [["m4"], ["m1"], ["m5"], ["m6"], ["m3"]],
        [["m1", "m2"], ["m4"], ["m5"], ["m6"]],
        [["m1", "m2", "m3", "m4"], ["m5"], ["m6"]],
    )
    pred = {
        "d1": {"PerpInd": a},
        "d2": {"PerpInd": b},
        "d3": {"PerpInd": c},
        "d4": {"PerpInd": a, "PerpOrg": b, "Target": c},
    }
    result = ceaf_ree(gold, pred)
    micro = result["micro_avg"]
    assert (micro["matched"], micro["predicted"], micro["gold"]) == (20, 24, 24)
    assert micro["f1"] == pytest.approx(20 / 24)
    assert (result["PerpInd"]["matched"], result["PerpInd"]["predicted"]) == (14, 17)
    assert result["Weapon"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "matched": 0.0, "predicted": 0, "gold": 0}


def test_missing_document_and_empty_entities() -> None:
    result = ceaf_ree(
        {"d": {"Victim": [["galan"], []]}, "e": {"Victim": [["ungo"]]}}, {"d": {"Victim": [["the"], ["Galan"]]}}
    )
    assert (result["Victim"]["matched"], result["Victim"]["predicted"], result["Victim"]["gold"]) == (1, 1, 2)
    assert clean([["the"], [], ["A Bomb"]]) == [["bomb"]]
