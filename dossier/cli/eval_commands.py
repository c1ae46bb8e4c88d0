"""`dossier eval`: quality measured against annotated data, and the gate CI runs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from dossier.cli.common import JsonOption, dump, out
from dossier.errors import DossierError
from dossier.evaluate import corpus as corpus_eval
from dossier.evaluate import gate, golden, muc4

eval_app = typer.Typer(no_args_is_help=True, help="Measure quality against annotated data.")


@eval_app.command("muc4")
def eval_muc4(
    data: Annotated[str, typer.Option("--data", help="Folder holding grit_SPLIT.jsonl (e.g. ../shared/data/muc4).")],
    split: Annotated[str, typer.Option("--split", help="train, dev, or a held-out split such as test.")] = "dev",
    predictions_out: Annotated[
        str | None, typer.Option(help="Write predictions (one JSON object per document).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """MUC-4 role-filler extraction scored with CEAF-REE (GRIT): P/R/F1 per role and micro-averaged."""
    path = Path(data) / f"grit_{split}.jsonl"
    if not path.is_file():
        raise DossierError(f"{path} not found; --data must be a folder with grit_{split}.jsonl")
    scores = muc4.run_muc4(data, split, predictions_out)
    if as_json:
        dump(scores)
        return
    out.print(muc4.format_scores(scores), markup=False, highlight=False)


@eval_app.command("corpus")
def eval_corpus(
    split: Annotated[str, typer.Option("--split", help="dev (tune on it) or test (measure once, never tune).")] = "dev",
    corpus: Annotated[str, typer.Option(help="The hand-coded corpus folder.")] = "eval/corpus",
    shared: Annotated[str, typer.Option(help="The shared data folder the corpus texts are read from.")] = "../shared",
    errors: Annotated[
        str | None, typer.Option("--errors", help="Write every mismatch, with its evidence, as JSON Lines.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Score the extractor against the hand-coded corpus (docs/coding-manual.md): incident precision
    and recall (main, background), duplicates and fusions, per-field P/R/F1, all fields right,
    and the type confusion table."""
    if split not in ("train", "dev", "test"):
        raise DossierError(f"--split must be train, dev or test, not {split!r}")
    if not (Path(corpus) / "incidents.jsonl").is_file():
        raise DossierError(f"{corpus}/incidents.jsonl not found; --corpus must be the corpus folder (eval/corpus)")
    if not Path(shared, "data", "news").is_dir():
        raise DossierError(f"{shared}/data/news not found; --shared must be the shared data folder (../shared)")
    scores = corpus_eval.run_corpus(corpus, shared, split, errors)
    if as_json:
        dump(scores)
        return
    out.print(corpus_eval.format_scores(scores), markup=False, highlight=False, soft_wrap=True)
    if errors:
        out.print(f"mismatches written to {errors}", markup=False)


@eval_app.command("golden")
def eval_golden(
    golden_dir: Annotated[str, typer.Option("--golden", help="Folder of the golden set.")] = "eval/golden",
    shared: Annotated[str, typer.Option(help="The shared data folder (news articles).")] = "../shared",
    seeds: Annotated[str, typer.Option(help="The bundled seed pages.")] = "examples/seeds",
    as_json: JsonOption = False,
) -> None:
    """Score incidents (found, type, date, place, killed, injured, perpetrator and status), relations
    and actor merges against the hand-made golden set: precision, recall, F1 per field."""
    if not Path(golden_dir).is_dir():
        raise DossierError(f"{golden_dir} not found; --golden must be the golden set folder (eval/golden)")
    scores = golden.run_golden(golden_dir, shared, seeds)
    if as_json:
        dump(scores)
        return
    out.print(golden.format_scores(scores), markup=False, highlight=False)


@eval_app.command("gate")
def eval_gate(
    baseline: Annotated[str, typer.Option(help="The committed floors.")] = "eval/baseline.json",
) -> None:
    """Fail (exit 1) when any score falls below its committed floor; suites without their data are skipped."""
    checks = gate.run_gate(baseline)
    table = Table("check", "floor", "score", "result", box=box.SIMPLE_HEAD)
    for c in checks:
        result = "skipped (data absent)" if c.score is None else ("ok" if c.passed else "[red]BELOW FLOOR[/red]")
        table.add_row(c.name, f"{c.floor:.2f}", "-" if c.score is None else f"{c.score:.2f}", result)
    out.print(table)
    if not all(c.passed for c in checks):
        raise typer.Exit(1)
