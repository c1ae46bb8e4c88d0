"""When two codings of one document name the same incident, and when a field of it is right, as
docs/coding-manual.md defines the fields. Both sides are coded records (section 10 of the manual):
the gold coding, and either a second coder's or the extractor's output in the same shape.

Field rules:
- type: the same type.
- date: a gold day needs that day; a coarser gold date (a range, week, month, year) takes any date
  inside it; a gold date without a year (`--MM-DD`) is compared on month and day.
- place: the most specific place named (`place`): the same name once spelling is folded, or two
  names of one gazetteer place; the district (`district`): the same district (or, where gold names
  only a province, the same province).
- killed, injured, perpetrators_killed: the same best figure (null is a value: "not stated").
- perpetrator: the same named actors (aliases resolved through the actor table), generic words
  dropped; perpetrator_status: the same actors with the same status each.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from dossier.reference.actor_matcher import default_matcher
from dossier.reference.gazetteer import load_gazetteer, name_tokens
from dossier.reference.names import org_key
from dossier.vocab import GENERIC_PERPETRATOR_WORDS, compatible_types

Coded = Mapping[str, Any]  # one incident as docs/coding-manual.md section 10 codes it
FIELDS = ("type", "date", "place", "district", "killed", "injured", "perpetrators_killed", "perpetrator",
          "perpetrator_status")  # fmt: skip
ALL_RIGHT = ("type", "date", "place", "killed", "injured", "perpetrator_status")  # design.md: "every field right"
# Words that say what kind of place a name is, not which: "Mastung district" is Mastung.
PLACE_WORDS = frozenset({"district", "tehsil", "area", "village", "city", "town", "agency", "province", "the", "of",
                         "in", "near", "at"})  # fmt: skip
_GENERIC = re.compile(r"^(?:(?:the|unidentified|unknown|armed|masked|suspected|some|two|three|several) )*(?:"
                      + "|".join(GENERIC_PERPETRATOR_WORDS) + r")$", re.I)  # fmt: skip


# -- fields -------------------------------------------------------------------------------------------
def _month_day(iso: str) -> str:
    return iso[-5:]


def date_right(gold: Any, pred: Any) -> bool:
    if gold is None or pred is None or not gold.get("start"):
        return (gold is None or not gold.get("start")) and (pred is None or not pred.get("start"))
    g0, g1 = gold["start"], gold.get("end") or gold["start"]
    p0, p1 = pred.get("start"), pred.get("end") or pred.get("start")
    if not p0:
        return False
    if g0.startswith("--"):  # no year in the text: month and day
        g0, g1, p0, p1 = _month_day(g0), _month_day(g1), _month_day(p0), _month_day(p1)
    if gold.get("precision") == "day" or g0 == g1:
        return bool(p0 == p1 == g0)
    return bool(g0 <= p0 <= p1 <= g1)


def _folded(name: str | None) -> str:
    return " ".join(w for w in name_tokens(name or "") if w not in PLACE_WORDS)


@lru_cache(maxsize=20_000)
def _gazetteer_ids(name: str) -> frozenset[str]:
    return frozenset(p.id for p in load_gazetteer().candidates(name)) if name.strip() else frozenset()


def same_name(a: str | None, b: str | None) -> bool:
    """Two names of one place: equal once folded, one the other plus words that say which part of
    it ("Zeeg" and "Zeeg hilltop", "Frontier Corps headquarters, Quetta"), or names of one
    gazetteer place ("Dera Ismail Khan" and "D.I. Khan")."""
    if not a or not b:
        return False
    fa, fb = _folded(a).split(), _folded(b).split()
    if fa and fb and (set(fa) <= set(fb) or set(fb) <= set(fa)) and (fa[0] in fb or fb[0] in fa):
        return True
    return bool(_gazetteer_ids(a) & _gazetteer_ids(b))


def place_right(gold: Any, pred: Any) -> bool:
    if not gold or not pred:
        return not gold and not pred
    if same_name(gold.get("name"), pred.get("name")):
        return True
    return bool(pred.get("id")) and pred["id"] in _gazetteer_ids(str(gold.get("name") or ""))


def district_right(gold: Any, pred: Any) -> bool:
    if not gold or not pred:
        return not gold and not pred
    if gold.get("admin2"):
        names = [pred.get("admin2"), pred.get("name") if pred.get("precision") == "district" else None]
        return any(same_name(gold["admin2"], n) for n in names)
    if gold.get("admin1"):
        return same_name(gold["admin1"], pred.get("admin1"))
    return same_name(gold.get("name"), pred.get("name"))


def _best(count: Any) -> int | None:
    return None if not count else count.get("best")


_BRACKETED = re.compile(r"\s*\(([^)]*)\)\s*")


@lru_cache(maxsize=20_000)
def actor_keys(name: str) -> frozenset[str]:
    """The keys an actor's name has: its table row when the actor table knows the name (or the name
    in brackets, "Frontier Corps (FC)"), its name key, and its initials ("IDF" for "Israel Defense
    Forces"). Empty for a generic description ("unidentified gunmen")."""
    written = name.strip()
    if not written or _GENERIC.match(written):
        return frozenset()
    keys: set[str] = set()
    for form in {written, _BRACKETED.sub(" ", written).strip(), *_BRACKETED.findall(written)} - {""}:
        found = [m for m in default_matcher().find(f"{form} said.") if m.start == 0 and m.end >= len(form) - 1]
        keys |= {f"table:{m.actor_id}" for m in found[:1]}
        keys.add(f"name:{org_key(form)}")
        words = [w for w in re.findall(r"[A-Za-z]+", form) if w.lower() not in ("of", "the", "and", "e", "i", "ul")]
        if len(words) > 1:
            keys.add("initials:" + "".join(w[0] for w in words).lower())
        elif words and words[0].isupper() and 2 <= len(words[0]) <= 6:
            keys.add("initials:" + words[0].lower())
    return frozenset(keys)


def parties(incident: Coded) -> list[tuple[frozenset[str], str]]:
    """Named perpetrators: (their keys, status), one entry per actor."""
    out: list[tuple[frozenset[str], str]] = []
    for p in incident.get("perpetrators") or []:
        keys = frozenset({p["actor_key"]}) | actor_keys(str(p.get("name") or "")) if p.get("actor_key") else None
        keys = keys or actor_keys(str(p.get("name") or ""))
        status = str(p.get("status") or "unknown")
        same = next((n for n, (k, _) in enumerate(out) if k & keys), None)
        if keys and same is None:
            out.append((keys, status))
        elif keys and same is not None:
            out[same] = (out[same][0] | keys, max(out[same][1], status))
    return out


def same_parties(gold: Coded, pred: Coded, with_status: bool) -> bool:
    """The same actors on both sides (each gold actor one predicted actor, and none left over)."""
    a, b = parties(gold), parties(pred)
    if len(a) != len(b):
        return False
    left = list(b)
    for keys, status in a:
        hit = next((x for x in left if x[0] & keys and (not with_status or x[1] == status)), None)
        if hit is None:
            return False
        left.remove(hit)
    return True


def right(field: str, gold: Coded, pred: Coded) -> bool:
    if field == "type":
        return bool(gold["type"] == pred["type"])
    if field == "date":
        return date_right(gold.get("date"), pred.get("date"))
    if field == "place":
        return place_right(gold.get("place"), pred.get("place"))
    if field == "district":
        return district_right(gold.get("place"), pred.get("place"))
    if field in ("killed", "injured", "perpetrators_killed"):
        return _best(gold.get(field)) == _best(pred.get(field))
    if field == "perpetrator":
        return same_parties(gold, pred, with_status=False)
    if field == "perpetrator_status":
        return same_parties(gold, pred, with_status=True)
    raise ValueError(field)


def has_value(field: str, incident: Coded) -> bool:
    """Whether the coding gives the field a value (P/R count values; null is no value)."""
    if field in ("date",):
        return bool((incident.get("date") or {}).get("start"))
    if field in ("place", "district"):
        return bool(incident.get("place"))
    if field in ("killed", "injured", "perpetrators_killed"):
        return _best(incident.get(field)) is not None
    if field in ("perpetrator", "perpetrator_status"):
        return bool(parties(incident))
    return True


# -- same incident? -------------------------------------------------------------------------------------
def affinity(gold: Coded, pred: Coded) -> float:
    """How strongly two coded incidents look like one event (0: they cannot be). Type compatibility
    and an agreeing date or place are needed; each agreeing field adds to the score."""
    dated = date_right(gold.get("date"), pred.get("date")) or _dates_overlap(gold.get("date"), pred.get("date"))
    placed = district_right(gold.get("place"), pred.get("place")) and bool(gold.get("place"))
    kinds = compatible_types(gold["type"], pred["type"])
    if not (dated or placed) or not (kinds or (dated and placed)):
        return 0.0
    score: float = 1.0 + (gold["type"] == pred["type"]) + kinds + dated + placed
    score += place_right(gold.get("place"), pred.get("place")) and bool(gold.get("place"))
    for field in ("killed", "injured", "perpetrators_killed"):
        score += 0.5 * (_best(gold.get(field)) is not None and _best(gold.get(field)) == _best(pred.get(field)))
    score += 0.5 * any(a & b for a, _ in parties(gold) for b, _ in parties(pred))
    score += 0.5 * (bool(gold.get("background")) == bool(pred.get("background")))
    return float(score)


def _dates_overlap(gold: Any, pred: Any) -> bool:
    """Within a day of each other (reports of one event often differ by a day)."""
    if not gold or not pred or not gold.get("start") or not pred.get("start"):
        return False
    g0, g1, p0, p1 = gold["start"], gold.get("end") or gold["start"], pred["start"], pred.get("end") or pred["start"]
    if g0.startswith("--") or p0.startswith("--"):
        g0, g1, p0, p1 = _month_day(g0), _month_day(g1), _month_day(p0), _month_day(p1)
    try:
        lo = (date.fromisoformat(g0) - timedelta(days=1)).isoformat()
        hi = (date.fromisoformat(g1) + timedelta(days=1)).isoformat()
    except ValueError:
        lo, hi = g0, g1
    return bool(p0 <= hi and p1 >= lo)
