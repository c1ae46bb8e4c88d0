"""Merge decisions: a person's 'separate' holds against later automatic merges; roots are stable."""

from __future__ import annotations

from dossier.resolve.decisions import clusters, record
from dossier.store import Store


def test_a_separate_decision_holds_when_a_later_report_matches_both_sides(db: str) -> None:
    store = Store(db)
    with store.engine.begin() as conn:
        record(conn, "incident", "rep_a", "rep_b", "merge", 0.9, "auto", "test")
        record(conn, "incident", "rep_a", "rep_b", "separate", None, "user:analyst", "two different shootings")
        record(conn, "incident", "rep_a", "rep_c", "merge", 0.95, "auto", "test")
        record(conn, "incident", "rep_b", "rep_c", "merge", 0.8, "auto", "test")
        roots = clusters(conn, ["rep_a", "rep_b", "rep_c"])
    assert roots["rep_a"] != roots["rep_b"]
    assert roots["rep_c"] == roots["rep_a"]  # the stronger automatic merge wins, the weaker one is refused


def test_an_incident_keeps_the_root_of_its_first_stored_report(db: str) -> None:
    store = Store(db)
    with store.engine.begin() as conn:
        record(conn, "incident", "rep_zzz", "rep_aaa", "merge", 0.9, "auto", "test")
        order = {"rep_zzz": "2025-01-01", "rep_aaa": "2025-02-01"}  # rep_aaa arrived later
        assert clusters(conn, ["rep_zzz", "rep_aaa"], order) == {"rep_zzz": "rep_zzz", "rep_aaa": "rep_zzz"}
