"""The golden set (eval/golden/): hand-made expected incidents, relations and actor merges for the
seed pages and 50 news articles, scored against what `dossier ingest` stores for them.

The articles are ingested into a temporary store exactly as a user would ingest them. Then, per
article, the system's incident reports are matched one-to-one to the expected incidents (greedily,
by type, date, place and figures), and every field is scored over all reports and all expected
incidents: precision = right values / values the system gave, recall = right values / values
the golden set gives, so a missed or an invented incident costs every field it carries.
Relations are compared as (subject actor, predicate, object actor) with names resolved through
the store; actor merges as pairs of names that should (or should not) resolve to one actor.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from dossier.db.schema import articles, documents, entities, incident_reports, relations
from dossier.errors import NotFound
from dossier.evaluate.prf import prf
from dossier.ingest import resolve_inputs
from dossier.runner import ingest
from dossier.store import Store
from dossier.store.actor_index import find, index
from dossier.vocab import compatible_types

FIELDS = ("found", "type", "date", "place", "killed", "injured", "perpetrator", "perpetrator_status")


@dataclass
class Tally:
    system: int = 0  # values the system gave
    gold: int = 0  # values the golden set gives
    right: int = 0  # right values (counted once per matched pair)
    system_right: int = 0  # system values judged right (can differ from `right` for sets)

    def add(self, system: int, gold: int, right: int, system_right: int | None = None) -> None:
        self.system += system
        self.gold += gold
        self.right += right
        self.system_right += right if system_right is None else system_right

    def scores(self) -> dict[str, float | int]:
        counts = {"system": self.system, "gold": self.gold, "right": self.right}
        return prf(self.system_right, self.system, self.right, self.gold) | counts


@dataclass
class Result:
    tallies: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in (*FIELDS, "relations", "merges")})
    articles: int = 0
    missing: list[str] = field(default_factory=list)  # golden articles the store did not hold

    def scores(self) -> dict[str, Any]:
        return {"articles": self.articles, "missing": self.missing} | {k: t.scores() for k, t in self.tallies.items()}


def _lines(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def load(golden: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(news articles, seed articles, actor clusters)."""
    return _lines(golden / "news.jsonl"), _lines(golden / "seeds.jsonl"), _lines(golden / "actors.jsonl")


def run_golden(golden: str, shared: str | None, seeds: str) -> dict[str, Any]:
    """Score the seed part always (the seeds are bundled) and the news part when `shared` holds
    data/news. Returns the scores of each part and of both together."""
    news, seed_lines, clusters = load(Path(golden))
    news_dir = Path(shared) / "data" / "news" if shared else None
    have_news = bool(news and news_dir and news_dir.is_dir())
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "golden.db"))
        inputs = [seeds]
        if have_news and news_dir is not None:
            path = Path(tmp) / "golden_news.jsonl"
            _write_rows(news_dir, [g["id"] for g in news], path)
            inputs.append(str(path))
        ingest(resolve_inputs(inputs), store)
        view = _View(store)
        articles = view.articles()
        parts: dict[str, Result] = {"seeds": Result(), "news": Result()}
        for g in seed_lines:
            art = _seed_article(articles, g)
            _score_article(view, art, g, parts["seeds"])
        if have_news:
            by_row = {a["origin"].rpartition("#")[2]: a for a in articles if "#" in a["origin"]}  # "FILE#row id"
            for g in news:
                _score_article(view, by_row.get(g["id"]), g, parts["news"])
        total = Result()
        for part in parts.values():
            total.articles += part.articles
            total.missing += part.missing
            for k, t in part.tallies.items():
                total.tallies[k].add(t.system, t.gold, t.right, t.system_right)
        texts = view.texts()
        for name, part in (*parts.items(), ("all", total)):
            written = [t for origin, t in texts if name == "all" or (name == "news") == ("#" in origin)]
            _score_merges(view, clusters, part.tallies["merges"], written)
        view.close()
        store.close()
    return {
        "seeds": parts["seeds"].scores(),
        "news": parts["news"].scores() if have_news else None,
        "all": total.scores(),
    }


def _write_rows(news_dir: Path, ids: list[str], out: Path) -> None:
    rows: dict[str, str] = {}
    for path in sorted(news_dir.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").split("\n"):  # not splitlines: rows hold U+2028
            if line.strip():
                rows[json.loads(line)["id"]] = line
    out.write_text("\n".join(rows[i] for i in ids) + "\n", encoding="utf-8")


class _View:
    """The ingested store as the scorer reads it: one connection, and the actor index (canonical
    ids, names) loaded once, since nothing is written while scoring."""

    def __init__(self, store: Any) -> None:
        self.conn = store.engine.connect()
        self.ix = index(self.conn)

    def close(self) -> None:
        self.conn.close()

    def articles(self) -> list[dict[str, Any]]:
        q = select(articles.c.id, articles.c.headline, documents.c.origin, documents.c.locator).join(
            documents, documents.c.id == articles.c.document_id
        )
        return [dict(r._mapping) for r in self.conn.execute(q)]

    def texts(self) -> list[tuple[str, str]]:
        return [(r.origin, r.text) for r in self.conn.execute(select(documents.c.origin, documents.c.text))]

    def reports(self, article_id: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(select(incident_reports).where(incident_reports.c.article_id == article_id))
        return [dict(r._mapping) for r in rows]

    def resolve(self, name: str) -> str | None:
        """The canonical actor a name stands for, as `dossier actor NAME` finds it; None if none or several."""
        try:
            return find(self.conn, name, self.ix)
        except NotFound:
            return None

    def canonical(self, actor_id: str) -> str:
        return self.ix.canon.get(actor_id, actor_id)


def _seed_article(articles: list[dict[str, Any]], g: dict[str, Any]) -> dict[str, Any] | None:
    want = _norm(g["headline"])[:60]
    for a in articles:
        if a["origin"].endswith(g["file"]) and _norm(a["headline"] or "")[:60] == want:
            return a
    return None


def _norm(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def _score_article(view: _View, art: dict[str, Any] | None, g: dict[str, Any], res: Result) -> None:
    res.articles += 1
    gold = g.get("incidents", [])
    if art is None:
        res.missing.append(g.get("id") or g.get("headline", "?"))
        reports: list[dict[str, Any]] = []
        system_rel: list[tuple[str, str, str]] = []
    else:
        reports = view.reports(art["id"])
        system_rel = _system_relations(view, art["id"])
    pairs = _match(reports, gold)
    t = res.tallies
    t["found"].add(len(reports), len(gold), len(pairs))
    for name, (sys_value, gold_value, same) in SCALARS.items():
        right = sum(1 for r, gi in pairs if gold_value(gi) is not None and sys_value(r) is not None and same(r, gi))
        stated = sum(sys_value(r) is not None for r in reports)
        t[name].add(stated, sum(gold_value(gi) is not None for gi in gold), right)
    _score_perpetrators(view, reports, gold, pairs, t["perpetrator"], t["perpetrator_status"])
    _score_relations(view, system_rel, g.get("relations", []), t["relations"])


def _best(key: str) -> Callable[[Row], Any]:
    return lambda r: (r[key] or {}).get("best")


def _same_best(key: str) -> Callable[[Row, Row], bool]:
    return lambda r, gi: bool(_best(key)(r) == gi.get(key))


Row = dict[str, Any]
# field: (the system's value, the golden value, whether a matched pair agrees)
SCALARS: dict[str, tuple[Callable[[Row], Any], Callable[[Row], Any], Callable[[Row, Row], bool]]] = {
    "type": (lambda r: r["type"], lambda gi: gi.get("type"), lambda r, gi: bool(r["type"] == gi.get("type"))),
    "date": (lambda r: r["date_start"], lambda gi: gi.get("date"), lambda r, gi: _date_right(r, gi)),
    "place": (lambda r: r["place"], lambda gi: gi.get("place"), lambda r, gi: _place_right(r, gi)),
    "killed": (_best("killed"), lambda gi: gi.get("killed"), _same_best("killed")),
    "injured": (_best("injured"), lambda gi: gi.get("injured"), _same_best("injured")),
}


def _interval(value: str | None) -> tuple[date, date] | None:
    """A golden or stored date as an interval: "2024-02-03", "2024-02", "2024", or "START/END";
    None for a day with no year ("--05-20"), which no interval can hold."""
    if not value or value.startswith("--"):
        return None
    if "/" in value:
        first, last = (_interval(v) for v in value.split("/", 1))
        return (first[0], last[1]) if first and last else None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        d = date(*parts)
        return d, d
    if len(parts) == 2:
        y, m = parts
        end = date(y + (m == 12), m % 12 + 1, 1).toordinal() - 1
        return date(y, m, 1), date.fromordinal(end)
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def _date_right(r: dict[str, Any], gi: dict[str, Any]) -> bool:
    """The system's interval overlaps the golden one and is no wider than it (or than two days)."""
    g = _interval(gi.get("date"))
    s = _interval(r["date_start"])
    e = _interval(r["date_end"] or r["date_start"])
    if g is None or s is None or e is None:
        return False
    lo, hi = s[0], e[1]
    overlap = lo <= g[1] and g[0] <= hi
    return overlap and (hi - lo).days <= max((g[1] - g[0]).days, 2)


def _place_right(r: dict[str, Any], gi: dict[str, Any]) -> bool:
    place = r["place"] or {}
    want = _place_key(gi.get("place") or "")
    have = {_place_key(str(place.get(k) or "")) for k in ("name", "city", "admin2")} - {""}
    return bool(want) and any(_contains(want, h) or _contains(h, want) for h in have)


def _contains(outer: str, inner: str) -> bool:
    """ "bannu cantonment" holds "bannu"; "lower chitral" holds "chitral" (whole words)."""
    return f" {inner} " in f" {outer} "


def _place_key(s: str) -> str:
    return re.sub(r"\b(district|tehsil|city|town|area|village|agency|province)\b", "", _norm(s)).strip()


def _match(reports: list[dict[str, Any]], gold: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """One-to-one pairs, best first: a pair needs a compatible type and one more agreeing field
    (date, place or killed), or is the only report and the only expected incident of the article."""
    scored = []
    for i, r in enumerate(reports):
        for j, gi in enumerate(gold):
            same = r["type"] == gi.get("type")
            compatible = compatible_types(r["type"], str(gi.get("type")))
            agree = _date_right(r, gi) + _place_right(r, gi) + (_best("killed")(r) == gi.get("killed") is not None)
            alone = len(reports) == len(gold) == 1
            if compatible and (agree or alone):
                scored.append((2 * same + agree, i, j))
    pairs, used_r, used_g = [], set(), set()
    for _, i, j in sorted(scored, reverse=True):
        if i not in used_r and j not in used_g:
            used_r.add(i)
            used_g.add(j)
            pairs.append((reports[i], gold[j]))
    return pairs


def _score_perpetrators(
    view: _View,
    reports: list[dict[str, Any]],
    gold: list[dict[str, Any]],
    pairs: Iterable[tuple[dict[str, Any], dict[str, Any]]],
    who: Tally,
    status: Tally,
) -> None:
    """Named perpetrators: an actor the system names is right when the golden incident it was
    matched to names the same actor (resolved through the store); its status when it agrees too."""
    n_sys = sum(1 for r in reports for p in r["perpetrators"] or [] if p.get("actor_id"))
    n_gold = sum(len(gi.get("perpetrators", [])) for gi in gold)
    right = right_status = 0
    for r, gi in pairs:
        system = {view.canonical(p["actor_id"]): p.get("status") for p in r["perpetrators"] or [] if p.get("actor_id")}
        for gp in gi.get("perpetrators", []):
            aid = view.resolve(gp["name"])
            if aid is not None and aid in system:
                right += 1
                right_status += system[aid] == gp.get("status")
    who.add(n_sys, n_gold, right)
    status.add(n_sys, n_gold, right_status)


def _system_relations(view: _View, article_id: str) -> list[tuple[str, str, str]]:
    ents = {e.id: view.canonical(e.actor_id) for e in view.conn.execute(
        select(entities.c.id, entities.c.actor_id).where(entities.c.article_id == article_id))}  # fmt: skip
    rows = view.conn.execute(select(relations).where(relations.c.article_id == article_id)).all()
    out = []
    for r in rows:
        obj = ents.get(r.object) if r.object else "place:" + _place_key(r.place or "")
        if r.subject in ents and obj:
            out.append((ents[r.subject], r.predicate, obj))
    return list(dict.fromkeys(out))


def _score_relations(view: _View, system: list[tuple[str, str, str]], gold: list[dict[str, Any]], t: Tally) -> None:
    wanted = set()
    for g in gold:
        subject = view.resolve(g["subject"])
        obj = view.resolve(g["object"])
        if obj is None and g["predicate"] in ("based_in", "operates_in"):
            obj = "place:" + _place_key(g["object"])
        wanted.add((subject or f"?{g['subject']}", g["predicate"], obj or f"?{g['object']}"))
    right = len(wanted & set(system))
    t.add(len(system), len(wanted), right)


def _score_merges(view: _View, clusters: list[dict[str, Any]], t: Tally, texts: list[str]) -> None:
    """Pairs of golden names written in `texts`: the same actor's names should resolve to one
    stored actor (recall), and the system's shared resolutions should be the same golden actor's
    names (precision)."""
    names = [n for c in clusters for n in c["names"] if any(n in text for text in texts)]
    resolved = {n: view.resolve(n) for n in dict.fromkeys(names)}
    owner = {n: i for i, c in enumerate(clusters) for n in c["names"]}
    unique = list(resolved)
    gold_pairs = system_pairs = right = 0
    for i, a in enumerate(unique):
        for b in unique[i + 1 :]:
            same_gold = owner[a] == owner[b]
            same_sys = resolved[a] is not None and resolved[a] == resolved[b]
            gold_pairs += same_gold
            system_pairs += same_sys
            right += same_gold and same_sys
    t.add(system_pairs, gold_pairs, right)


def format_scores(scores: dict[str, Any]) -> str:
    lines = []
    for part in ("seeds", "news", "all"):
        s = scores.get(part)
        if s is None:
            lines.append(f"{part}: skipped (../shared/data/news absent)")
            continue
        lines.append(f"{part}: {s['articles']} articles" + (f", not found: {s['missing']}" if s["missing"] else ""))
        lines.append(f"  {'field':<20}{'P':>7}{'R':>7}{'F1':>7}   system  gold  right")
        keys = [*FIELDS, "relations", "merges"]
        for k in keys:
            v = s[k]
            prf = f"{v['precision']:>7.1f}{v['recall']:>7.1f}{v['f1']:>7.1f}"
            lines.append(f"  {k:<20}{prf}   {v['system']:>6}{v['gold']:>6}{v['right']:>7}")
    return "\n".join(lines)
