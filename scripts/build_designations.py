#!/usr/bin/env python3
"""Build dossier/data/designations.tsv.gz, the designation lists by name key, from the reference CSV.

    .venv/bin/python scripts/build_designations.py [--source FILE] [--out FILE]

The source (default `../shared/data/reference/orgs/designated_orgs.csv`, see its README) holds the UN
1267/1988 entities, the US FTO/SDGT entities and the NACTA proscriptions reported in the news, with their
aliases. The package ships one row per (name key, listing): the key is `reference.names.org_key` of the
listed name or an alias, so an organisation the curated actor table does not know still gets its
listings when an article names it. Keys too short to be specific (one word under seven letters, such as
"Al-Jihad" or "TIP") are left out: they would list the wrong group.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dossier.reference.names import org_key  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "reference" / "orgs" / "designated_orgs.csv"
DEFAULT_OUT = ROOT / "dossier" / "data" / "designations.tsv.gz"
COLUMNS = ("key", "name", "list", "date", "record_id", "source_url")


def specific(key: str) -> bool:
    words = key.split()
    return len(words) >= 2 or (len(words) == 1 and len(words[0]) >= 7)


def display(name: str) -> str:
    return name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not args.source.is_file():
        print(f"error: {args.source} not found; pass --source FILE", file=sys.stderr)
        return 2
    rows: dict[tuple[str, str, str], tuple[str, ...]] = {}
    with open(args.source, encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            name = display(rec["name"].strip())
            for written in [rec["name"], *rec["aliases"].split("|")]:
                key = org_key(written)
                if written.strip() and specific(key):
                    ident = rec["record_id"] or name
                    rows.setdefault(
                        (key, rec["list"], ident),
                        (key, name, rec["list"], rec["date_designated"], rec["record_id"], rec["source_url"]),
                    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out, "wt", encoding="utf-8", newline="") as out:
        out.write(f"# Built by scripts/build_designations.py from {args.source.name}; see dossier/data/README.md\n")
        out.write("\t".join(COLUMNS) + "\n")
        for row in sorted(rows.values()):
            out.write("\t".join(v.replace("\t", " ") for v in row) + "\n")
    keys = {r[0] for r in rows.values()}
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes, {len(rows):,} rows, {len(keys):,} name keys)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
