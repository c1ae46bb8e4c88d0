"""Who did it and to whom: perpetrators with status and source, the party an operation targeted,
and the named victims, each with the sentence that says so."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.tokens import Span

from dossier.extract import attribution
from dossier.extract.events import FAMILY, Event, evidence
from dossier.extract.tables import triggers
from dossier.model import Article, Fact
from dossier.reference.actor_matcher import ActorMention
from dossier.reference.actor_table import ActorEntry, load_actor_table

STATE_KINDS = {"state", "state_agency"}
REACTING_VERBS = ("asked", "condemned", "denounced", "discussed", "refused")
STATE_LED = {"strike", "security_operation", "arrest", "designation"}

TARGETED = re.compile(
    r"\b(against|(attacks?|strikes?|raids?|operations?|assaults?|crackdown) on|targeting|targeted|struck|hit|bases? of|"
    r"hideouts? of|camps? of|positions? of|fight(ing)? against|war (on|against)|killed|arrested|detained)"
    r"\s+(\S+\s+){0,3}$",
    re.I,
)


class _LazyPositions:
    """Where the sentence's triggers of the event's family start; found only if a state is named."""

    def __init__(self, text: str, kind: str) -> None:
        self.text, self.kind = text, kind
        self._found: list[int] | None = None

    def __iter__(self) -> Iterator[int]:
        if self._found is None:
            family = FAMILY.get(self.kind, "violence")
            self._found = [
                m.start()
                for t in triggers()
                if FAMILY.get(t.type, "violence") == family
                for m in t.pattern.finditer(self.text)
            ]
        return iter(self._found)


def _agent_of(sent: Span, m: ActorMention, trigger_at: Iterable[int]) -> bool:
    """A state named as the doer: the subject of a verb whose clause holds the trigger ('Iran sent
    shockwaves with a missile strike', 'Pakistan attacked'), or the agent after 'by'."""
    span = sent.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ == "by":
        return True
    if root.dep_ not in ("nsubj", "compound"):
        return False
    head = root.head if root.dep_ == "nsubj" else root.head.head
    if head.dep_ == "nsubj":
        head = head.head
    if head.lower_ in attribution.REPORTING_VERBS or head.lower_ in (
        "asked",
        "condemned",
        "denounced",
        "discussed",
        "refused",
    ):
        return False
    lo, hi = head.left_edge.idx - sent.start_char, head.right_edge.idx + len(head.right_edge.text) - sent.start_char
    return any(lo <= t < hi for t in trigger_at)


def perpetrators(
    event: Event, kind: str, actor_mentions: dict[int, list[ActorMention]], article: Article, facts: list[Fact]
) -> tuple[list[dict[str, object]], dict[int, list[tuple[int, int]]], list[dict[str, object]]]:
    """Armed groups the event's sentences tie to it (not those it targets), states and agencies only
    as the doers of strikes, operations, arrests and bans; each with the status the first sentence
    that hedges or asserts it gives, and who says so."""
    table = load_actor_table()
    out: dict[str, dict[str, object]] = {}
    opponents: dict[str, ActorMention] = {}
    exclude: dict[int, list[tuple[int, int]]] = {}
    for sent in event.sentences:
        spk = attribution.speaker(sent)
        trigger_at = _LazyPositions(sent.text, kind)
        exclude[id(sent)] = [(spk.start, spk.end)] if spk else []
        targeted: set[str] = set()
        for m in actor_mentions[id(sent)]:
            exclude[id(sent)].append((m.start, m.end))
            if spk and spk.start <= m.start < spk.end:
                continue  # the source of the statement, not the doer
            if m.actor_id in targeted or TARGETED.search(sent.text[max(0, m.start - 60) : m.start]):
                targeted.add(m.actor_id)  # 'Jaish al-Adl (or the Army of Justice)': its alias too
                continue  # the object of the violence
            status = attribution.status_near(sent.text, m.start, m.end)
            if m.kind == "armed_group":
                if FAMILY.get(kind) in ("arrest", "designation"):
                    continue  # the arrested or banned group, not the one doing it
                if kind == "security_operation":
                    opponents.setdefault(m.actor_id, m)
                    continue  # state forces operate against it: the other party, not the doer
            elif m.kind in STATE_KINDS and kind in STATE_LED and _agent_of(sent, m, trigger_at):
                status = status if status in ("claimed", "denied") else "confirmed"
            else:
                continue
            entry = table.get(m.actor_id)
            name: str = entry.name if entry else m.text
            st = status or ("accused" if m.kind == "armed_group" else "unknown")  # named as the doer, unhedged
            by = name if st == "claimed" else (spk.text if spk else None)
            prior = out.get(m.actor_id)
            if prior is None or (prior["status"] == "unknown" and st != "unknown"):
                out[m.actor_id] = {"actor_id": m.actor_id, "name": name, "status": st, "attributed_by": by}
            facts.append(Fact("perpetrator", f"act_{m.actor_id}", evidence(sent, article), st, by))
    if kind == "security_operation" and not any(
        p["actor_id"] in table and table[p["actor_id"]].kind in STATE_KINDS for p in out.values()
    ):
        _operating_force(event, actor_mentions, table, article, facts, out)
    if not out:
        for sent in event.sentences:
            if attribution.status_of(sent.text) == "unknown":
                facts.append(Fact("perpetrator", None, evidence(sent, article), "unknown", None))
            g = attribution.generic_perpetrator(sent.text)
            if g and kind not in STATE_LED and "generic" not in out:
                label = g.group(0).lower()
                out["generic"] = {"actor_id": None, "name": label, "status": "unknown", "attributed_by": None}
                facts.append(Fact("perpetrator", label, evidence(sent, article), "unknown", None))
    against: list[dict[str, object]] = [
        {
            "actor_id": aid,
            "name": table[aid].name if aid in table else m.text,
            "description": "party the operation targeted",
        }
        for aid, m in opponents.items()
    ]
    return [_act(p) for p in out.values()], exclude, [_act(p) for p in against]


def _act(party: dict[str, object]) -> dict[str, object]:
    """Actor ids in reports are those of the output contract: the table row's id with 'act_'."""
    return {**party, "actor_id": f"act_{party['actor_id']}"} if party.get("actor_id") else party


def _operating_force(
    event: Event,
    actor_mentions: dict[int, list[ActorMention]],
    table: dict[str, ActorEntry],
    article: Article,
    facts: list[Fact],
    out: dict[str, dict[str, object]],
) -> None:
    """An operation is by definition carried out by state forces: the agency the event's sentences
    name ('paid tribute to the Security Forces for eliminating ...') is its doer."""
    for sent in event.sentences:
        for m in actor_mentions[id(sent)]:
            if m.kind == "state_agency":
                name = table[m.actor_id].name if m.actor_id in table else m.text
                out[m.actor_id] = {"actor_id": m.actor_id, "name": name, "status": "confirmed", "attributed_by": None}
                facts.append(Fact("perpetrator", f"act_{m.actor_id}", evidence(sent, article), "confirmed", None))
                return


def victims(
    event: Event, exclude: dict[int, list[tuple[int, int]]], article: Article, facts: list[Fact]
) -> list[dict[str, object]]:
    found: dict[str, dict[str, object]] = {}
    for sent in event.sentences:
        for v in attribution.victims(sent, exclude.get(id(sent), [])):
            key = v.name.split()[-1].lower()
            prior = found.get(key)
            if prior is None or len(v.name) > len(str(prior["name"])):
                desc = v.description or (prior or {}).get("description")
                found[key] = {"actor_id": None, "name": v.name, "description": desc}
            elif v.description and not prior.get("description"):
                prior["description"] = v.description
            facts.append(Fact("victim", v.name, evidence(sent, article)))
    return list(found.values())
