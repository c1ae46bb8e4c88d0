"""Golden file: the articles found in the five seed pages, checked by hand (tests/golden/seeds.json).

To change it, rerun the generator in the docstring of `regenerate` and read the diff line by line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dossier.ingest import iter_records, resolve_inputs
from dossier.model import Document
from dossier.pipeline import process

from .conftest import SEEDS

GOLDEN = Path(__file__).parent / "golden" / "seeds.json"


def regenerate() -> dict[str, list[dict[str, Any]]]:
    """python -c "import json,tests.test_golden_seeds as t; json.dump(t.regenerate(), open(t.GOLDEN,'w'),
    indent=1, ensure_ascii=False)" """
    out: dict[str, list[dict[str, Any]]] = {}
    for rec in iter_records(resolve_inputs([str(SEEDS)])):
        doc = process(rec)
        assert isinstance(doc, Document)
        out[Path(rec.origin).name] = [
            {
                "headline": a.headline,
                "dateline": a.dateline,
                "published": a.published,
                "published_source": a.published_source,
                "byline": a.byline,
                "summary_lines": len(a.summary),
                "words": a.words,
                "body_starts": doc.text[a.body_start : a.body_start + 60],
            }
            for a in doc.articles
        ]
    return out


def test_seed_pages_match_the_golden_file() -> None:
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    got = regenerate()
    assert sorted(got) == sorted(expected)
    for name in expected:
        assert got[name] == expected[name], name
