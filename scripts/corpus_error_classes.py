"""Error classes of a `dossier eval corpus --errors FILE` run, most frequent first, one example each.

python scripts/corpus_error_classes.py ERRORS.jsonl [--top 10]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from typing import Any

PRECISION_RANK = ["point", "neighbourhood", "city", "district", "province", "country", "unknown"]


def _best(count: Any) -> Any:
    return None if not count else count.get("best")


def classes(e: dict[str, Any]) -> list[str]:
    """The error classes one mismatch falls in (a wrong incident can be in several)."""
    kind, g, p = e["error"], e["gold"], e["predicted"]
    if kind == "missed":
        return ["missed " + ("background" if g.get("background") else "main") + " incident"]
    if kind == "spurious":
        return ["spurious incident (no such event in the text)"]
    if kind == "duplicate":
        return ["duplicate (one event recorded twice)"]
    if kind == "fused":
        return ["fusion (two events recorded as one)"]
    out = []
    for field in e["fields"]:
        if field == "type":
            out.append(f"type: {g['type']} given as {p['type']}")
        elif field == "date":
            gd, pd = g.get("date") or {}, p.get("date") or {}
            if not pd.get("start"):
                out.append("date empty, though the text dates it")
            elif not gd.get("start"):
                out.append("date given where the text dates nothing")
            else:
                out.append("date wrong (report day, or another day)")
        elif field == "place":
            gp, pp = g.get("place") or {}, p.get("place") or {}
            if not pp:
                out.append("place empty, though named")
            elif not gp:
                out.append("place given where the text names none")
            elif PRECISION_RANK.index(pp.get("precision") or "unknown") > PRECISION_RANK.index(
                gp.get("precision") or "unknown"
            ):
                out.append("place too coarse")
            else:
                out.append("place wrong")
        elif field in ("killed", "injured", "perpetrators_killed"):
            gv, pv = _best(g.get(field)), _best(p.get(field))
            if pv is None:
                out.append(f"{field} empty, though stated" if gv else f"{field}: 0 (outcome described) left empty")
            elif gv is None:
                out.append(f"{field} given where the text states none")
            else:
                out.append(f"{field} wrong figure")
        elif field == "perpetrator":
            if not p.get("perpetrators") or all(not x.get("actor_key") for x in p["perpetrators"]):
                out.append("perpetrator or acting agency empty, though named")
            elif not g.get("perpetrators"):
                out.append("perpetrator named where the text names none")
            else:
                out.append("perpetrator wrong")
        elif field == "perpetrator_status" and "perpetrator" not in e["fields"]:
            out.append("perpetrator status wrong")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("errors")
    ap.add_argument("--top", type=int, default=10)
    args = ap.parse_args()
    counts: Counter[str] = Counter()
    example: dict[str, dict[str, Any]] = {}
    with open(args.errors, encoding="utf-8") as fh:
        for e in map(json.loads, fh):
            for c in classes(e):
                counts[c] += 1
                example.setdefault(c, e)
    for c, n in counts.most_common(args.top):
        e = example[c]
        g, p = e["gold"] or {}, e["predicted"] or {}
        gold_ev = " | ".join(list((g.get("evidence") or {}).values())[:1])[:160]
        print(f"{n:5d}  {c}\n       {e['doc']}: gold {g.get('type')} {g.get('place')} / predicted {p.get('type')} "
              f"{(p.get('place') or {}).get('name')}\n       gold evidence: {gold_ev}")  # fmt: skip


if __name__ == "__main__":
    main()
