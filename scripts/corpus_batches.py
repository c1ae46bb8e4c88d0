"""Prepare the coders' batches of the hand-coded corpus, and check and import what they coded.

    python scripts/corpus_batches.py render OUT_DIR      # one folder per batch: docs.txt (the texts)
    python scripts/corpus_batches.py check FILE.jsonl    # a coder's self-check: format and quotes
    python scripts/corpus_batches.py import FILE.jsonl... --into eval/corpus/incidents.jsonl

Batches (fixed by documents.tsv order): news in tens of 50, SATP in 150s, the seed pages in one,
and the overlap set again, for the second coder, in two (news and seed; SATP). The texts are
written only under OUT_DIR (outside the repository); the corpus keeps offsets, never text.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

from dossier.evaluate.corpus_codes import problems, with_offsets
from dossier.evaluate.corpus_docs import load

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "eval" / "corpus" / "documents.tsv"
ADJUDICATION = ROOT / "eval" / "corpus" / "adjudication.jsonl"
SHARED = ROOT.parent / "shared"


def manifest() -> list[dict[str, str]]:
    with MANIFEST.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def batches(rows: list[dict[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for source, size in (("news", 50), ("satp", 150), ("seed", 10)):
        ids = [r["id"] for r in rows if r["source"] == source]
        for n in range(0, len(ids), size):
            out[f"{source}{n // size + 1:02d}"] = ids[n : n + size]
    overlap = [r for r in rows if r["overlap"] == "1"]
    out["second_news"] = [r["id"] for r in overlap if r["source"] != "satp"]
    out["second_satp"] = [r["id"] for r in overlap if r["source"] == "satp"]
    return out


def render(out_dir: Path) -> None:
    rows = manifest()
    docs = load(SHARED, {r["id"] for r in rows})
    for name, ids in batches(rows).items():
        folder = out_dir / name
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "docs.txt").open("w", encoding="utf-8") as fh:
            for doc_id in ids:
                d = docs[doc_id]
                head = f"source={d.source} published={d.published or 'unknown'}"
                if d.crawled and not d.published:
                    head += f" scraped_on={d.crawled[:10]}"
                fh.write(f"===== DOC {d.id} | {head}\n")
                if d.title:
                    fh.write(f"TITLE: {d.title}\n")
                fh.write(d.text.rstrip() + "\n\n")
        (folder / "ids.txt").write_text("\n".join(ids) + "\n", encoding="utf-8")
        print(f"{folder}: {len(ids)} documents")


def read_codings(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def check(paths: list[Path]) -> int:
    codings = [c for p in paths for c in read_codings(p)]
    docs = load(SHARED, {c.get("doc") for c in codings})
    bad = 0
    for c in codings:
        if c.get("doc") not in docs:
            print(f"{c.get('doc')}: not a corpus document")
            bad += 1
            continue
        for msg in problems(c, docs[c["doc"]].text):
            print(f"{c['doc']}: {msg}")
            bad += 1
    n = sum(len(c.get("incidents", [])) for c in codings)
    print(f"{len(codings)} documents, {n} incidents, {bad} problems")
    return 1 if bad else 0


NON_VIOLENT = ("arrest", "designation", "protest")
COUNTS = ("killed", "injured", "perpetrators_killed", "perpetrators_injured")


def adjudicated(coding: dict, decisions: list[dict]) -> dict:
    """A coder's coding with the adjudication applied: each recorded decision (eval/corpus/
    adjudication.jsonl: a field of one incident, its old and new value, the manual's rule and why),
    then the manual's rule that non-violent incidents have null counts (section 7, "Not violent")."""
    incidents = [dict(i) for i in coding["incidents"]]
    for d in decisions:
        if d["doc"] == coding["doc"]:
            inc = incidents[d["n"]]
            if inc[d["field"]] != d["old"]:
                sys.exit(f"{d['doc']} incident {d['n']}: {d['field']} is {inc[d['field']]!r}, not {d['old']!r}")
            inc[d["field"]] = d["new"]
    for inc in incidents:
        if inc["type"] in NON_VIOLENT:
            for key in COUNTS:
                if (inc.get(key) or {}).get("best") == 0:
                    inc[key] = None
                    inc.get("evidence", {}).pop(key, None)
    return {**coding, "incidents": incidents}


QUOTED = re.compile(r"(['\"\u2018\u201c])([^'\"\u2019\u201d]{20,})(['\"\u2019\u201d])")


def without_quotes(coding: dict, text: str) -> dict:
    """Coders' notes are their own words: a quoted passage of the article (six words or more) is cut."""
    flat = " ".join(text.split()).lower()

    def cut(m: re.Match[str]) -> str:
        quoted = " ".join(m.group(2).split())
        return "[…]" if len(quoted.split()) >= 6 and quoted.lower() in flat else m.group(0)

    incidents = [{**i, "note": QUOTED.sub(cut, i["note"])} if i.get("note") else i for i in coding["incidents"]]
    return {**coding, "incidents": incidents}


def import_(paths: list[Path], into: Path) -> None:
    rows = {r["id"]: r for r in manifest()}
    existing = {c["doc"]: c for c in read_codings(into)} if into.exists() else {}
    decisions = read_codings(ADJUDICATION) if ADJUDICATION.exists() and into.name == "incidents.jsonl" else []
    codings = [adjudicated(c, decisions) for p in paths for c in read_codings(p)]
    docs = load(SHARED, {c["doc"] for c in codings})
    for c in codings:
        if c["doc"] not in docs:
            sys.exit(f"{c['doc']}: not a corpus document")
        text = docs[c["doc"]].text
        if problems(c, text):
            sys.exit(f"{c['doc']}: fix it first ({problems(c, text)[0]})")
        existing[c["doc"]] = with_offsets(without_quotes({**c, "source": rows[c["doc"]]["source"]}, text), text)
    order = list(rows)
    with into.open("w", encoding="utf-8") as fh:
        for doc_id in sorted(existing, key=order.index):
            fh.write(json.dumps(existing[doc_id], ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{into}: {len(existing)} documents")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("render").add_argument("out_dir", type=Path)
    sub.add_parser("check").add_argument("files", type=Path, nargs="+")
    imp = sub.add_parser("import")
    imp.add_argument("files", type=Path, nargs="+")
    imp.add_argument("--into", type=Path, required=True)
    args = ap.parse_args()
    if args.cmd == "render":
        render(args.out_dir)
    elif args.cmd == "check":
        sys.exit(check(args.files))
    else:
        import_(args.files, args.into)


if __name__ == "__main__":
    main()
