"""Agreement between the two coders of the overlap set (eval/corpus/second.jsonl), with the
corpus scorer: the first coder as gold, the second as if it were a prediction.

    python scripts/corpus_agreement.py [--json]

Incident agreement is the F1 of the one-to-one matching (precision and recall swap when the coders
do); field agreement is the share of matched incidents on which both coders give the same value."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from dossier.evaluate.corpus import load_codings, manifest, score

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "eval" / "corpus"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    first, second = load_codings(CORPUS / "incidents.jsonl"), load_codings(CORPUS / "second.jsonl")
    rows = {r["id"]: r for r in manifest(CORPUS)}
    out = {}
    for source in ("all", "news", "satp"):
        ids = [
            d for d in second if source == "all" or rows[d]["source"] in (source, "seed" if source == "news" else "")
        ]
        s = score(first, second, ids)
        d = s.as_dict()
        both = (s.predicted_matched, s.gold_main + s.gold_background, s.predicted)
        f1 = round(200 * both[0] / (both[1] + both[2]), 1) if both[1] + both[2] else 0.0
        matched = s.predicted_matched
        out[source] = {
            "documents": len(ids),
            "incidents": {"first": both[1], "second": both[2], "matched": matched, "f1": f1},
            "fields": {f: v["accuracy"] for f, v in d["fields"].items()},
            "all_fields_right_of_matched_main": d["all_fields_right"]["of_matched_main"],
        }
    if args.json:
        print(json.dumps(out, indent=2))
        return
    for source, a in out.items():
        inc = a["incidents"]
        print(f"{source}: {a['documents']} documents; incidents first {inc['first']}, second {inc['second']}, "
              f"matched {inc['matched']}, agreement F1 {inc['f1']}")  # fmt: skip
        print("  " + "  ".join(f"{k} {v}" for k, v in a["fields"].items()))
        print(f"  all fields the same (main, matched): {a['all_fields_right_of_matched_main']}")


if __name__ == "__main__":
    main()
