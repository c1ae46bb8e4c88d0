"""Who did it and to whom: perpetrators with status and source, the party an operation targeted,
and the named victims, each with the sentence that says so."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.tokens import Span, Token

from dossier.extract import attribution
from dossier.extract.events import FAMILY, Event, evidence
from dossier.extract.tables import triggers
from dossier.model import Article, Fact
from dossier.reference.actor_matcher import ActorMention
from dossier.reference.actor_table import ActorEntry, load_actor_table

STATE_KINDS = {"state", "state_agency"}
REACTING_VERBS = ("asked", "condemned", "denounced", "discussed", "refused")
STATE_LED = {"strike", "security_operation", "arrest", "designation"}
# What a state or an agency strikes with: its name before them makes it the doer ("a US drone").
STATE_MEANS = frozenset("drone drones jets jet aircraft planes plane missile missiles gunships helicopters "
                        "artillery forces troops strike strikes airstrike airstrikes shelling".split())  # fmt: skip
BACKING = frozenset("backed sponsored funded supported patronized patronised hired aided armed trained abetted".split())
# Verbs by which the doer announces its own act ("the CTD claimed to have arrested three suspects").
CLAIMING = frozenset({"claimed", "announced", "said", "confirmed", "reported"})

TARGETED = re.compile(
    r"\b(against|(attacks?|strikes?|raids?|operations?|assaults?|crackdown) on|targeting|targeted|struck|hit|bases? of|"
    r"hideouts? of|camps? of|positions? of|fight(ing)? against|war (on|against)|killed|arrested|detained)"
    r"\s+((?!(?:as|when|after|while|in|on|by|during|and|but)\s)\S+\s+){0,3}$",  # "killed as a US drone": no object
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
    """A state or agency named as the doer: the subject of a verb whose clause holds the trigger
    ('Iran sent shockwaves with a missile strike', 'the CTD on June 11 claimed to have arrested'),
    the agent after 'by', or the owner of the weapon ('a US drone strike', 'Indian jets')."""
    span = sent.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ == "by":
        return root.head.head.lower_ not in BACKING  # "attacked by", not "militants backed by India"
    subject = _under_subject(root) if root.dep_ in ("pobj", "conj") else None
    if subject is not None:
        root = subject  # "a joint team of Police and …", "the special cell of the Delhi police"
    if root.dep_ in ("compound", "amod", "poss", "nmod") and root.head.lower_ in STATE_MEANS:
        return True
    if root.dep_ not in ("nsubj", "compound"):
        return False
    head = root.head if root.dep_ == "nsubj" else root.head.head
    if head.dep_ == "nsubj":
        head = head.head
    claims = head.lower_ in CLAIMING and any(c.dep_ in ("xcomp", "ccomp") for c in head.children)
    if not claims and (head.lower_ in attribution.REPORTING_VERBS or head.lower_ in REACTING_VERBS):
        return False
    lo, hi = head.left_edge.idx - sent.start_char, head.right_edge.idx + len(head.right_edge.text) - sent.start_char
    return any(lo <= t < hi for t in trigger_at)


GENERIC_FORCES = frozenset({"police"})  # rows for any force of the kind: the text's own name is kept
FORCE_TAIL = frozenset({"unit", "station", "force", "department", "squad", "team", "cell"})


def _written_force(sent: Span, m: ActorMention) -> str:
    """The force as the text names it, when it names more than the generic word: "the Delhi Police",
    "the Special Police Unit", "Quaidabad Police"."""
    span = sent.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return m.text
    start, end = span.start, span.end
    while start > sent.start and start - span.start > -4:
        prev = sent.doc[start - 1]
        opening = prev.i == sent.start and prev.pos_ != "PROPN"  # "Yesterday Police …"
        if not prev.text[:1].isupper() or prev.lower_ in ("the", "a", "an") or opening:
            break
        start -= 1
    if end < sent.end and sent.doc[end].lower_ in FORCE_TAIL and sent.doc[end].text[:1].isupper():
        end += 1
    if (start, end) == (span.start, span.end):
        return str(load_actor_table()[m.actor_id].name)
    return sent.doc[start:end].text


ORGANISING = frozenset("organised organized held staged led arranged called took observed launched".split())


def _organiser(sent: Span, m: ActorMention) -> bool:
    """A party or group the subject of the verb that holds the protest ("JI organised a rally")."""
    span = sent.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    while root.dep_ in ("compound", "conj", "appos") and root.head != root:
        root = root.head
    return root.dep_ == "nsubj" and root.head.lower_ in ORGANISING


def _under_subject(tok: Token) -> Token | None:
    """The subject noun a name hangs under by "of" (and "and"): "a joint team of Police and intelligence
    agencies arrested…" makes the police a doer."""
    while tok.dep_ == "conj":
        tok = tok.head
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.dep_ in ("nsubj", "nsubjpass"):
        return tok.head.head if tok.head.head.dep_ == "nsubj" else None
    return None


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
            status = attribution.status_near(sent.text, m.start, m.end)
            claimant = m.kind == "armed_group" and status == "claimed"  # "BLA claimed responsibility": its own act
            if spk and spk.start <= m.start < spk.end and not claimant:
                continue  # the source of the statement, not the doer
            if m.actor_id in targeted or TARGETED.search(sent.text[max(0, m.start - 60) : m.start]):
                targeted.add(m.actor_id)  # 'Jaish al-Adl (or the Army of Justice)': its alias too
                continue  # the object of the violence
            if kind == "protest":
                if m.kind == "state" or not _organiser(sent, m):
                    continue
                status = "confirmed"  # "the Jamaat-e-Islami organised a protest": the party that held it
            elif m.kind == "armed_group":
                if FAMILY.get(kind) in ("arrest", "designation"):
                    continue  # the arrested or banned group, not the one doing it
                if kind == "security_operation":
                    opponents.setdefault(m.actor_id, m)
                    continue  # state forces operate against it: the other party, not the doer
            elif m.kind in STATE_KINDS and kind in STATE_LED and _agent_of(sent, m, trigger_at):
                if m.actor_id in SPOKESMEN:
                    continue  # the army's media wing speaks for the forces; it does not act
                if kind == "strike" and m.kind == "state" and status not in ("claimed", "denied", "confirmed"):
                    status = "accused" if spk is not None or _blamed(sent.text) else "confirmed"
                else:
                    status = status if status in ("claimed", "denied") else "confirmed"
            else:
                continue
            entry = table.get(m.actor_id)
            name: str = _written_force(sent, m) if m.actor_id in GENERIC_FORCES else entry.name if entry else m.text
            # named as the doer, unhedged: "accused" when someone says so, "unknown" when the text just states it
            labelled = STATE_LABELS.search(m.text) is not None  # the state's own name for its enemy: an accusation
            st = status or ("accused" if spk is not None or labelled or _blamed(sent.text) else "unknown")
            by = name if st == "claimed" else (spk.text if spk else None)
            prior = out.get(m.actor_id)
            if prior is None or (prior["status"] == "unknown" and st != "unknown"):
                out[m.actor_id] = {"actor_id": m.actor_id, "name": name, "status": st, "attributed_by": by}
            facts.append(Fact("perpetrator", f"act_{m.actor_id}", evidence(sent, article), st, by))
    if kind == "security_operation" and not any(
        p["actor_id"] in table and table[p["actor_id"]].kind == "state_agency" for p in out.values()
    ):  # the force that operated, even where its state is named ("Pakistan's security forces")
        _operating_force(event, actor_mentions, table, article, facts, out)
    agencies = [a for a in out if a in table and table[a].kind == "state_agency"]
    if kind in STATE_LED and agencies:  # "Pakistan's security forces": the force that acted, not its state
        for a in [a for a in out if a in table and table[a].kind == "state" and kind != "strike"]:
            del out[a]
    if kind not in STATE_LED and not any(a in table and table[a].kind != "state" for a in out):
        _sponsor(event, out, facts, article)
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


SPOKESMEN = frozenset({"ispr"})  # media wings: they announce what the forces did
STATE_LABELS = re.compile(r"^(fitna|kh[aw]*[ar]+[ij])", re.I)  # Fitna al-Khawarij, Khwarij, Fitna al-Hindustan
BLAMED = re.compile(r"\b(blamed|accused|alleged(ly)?|held responsible|behind the attack|orchestrat\w+)\b", re.I)
SPONSORED = re.compile(
    r"\b(?:(?P<adj>India|Indian|Afghan|Afghanistan|Israeli?|Iranian|Iran)[- ](?:backed|sponsored|funded|supported|"
    r"patroni[sz]ed|proxies|proxy|hired)|(?:backed|sponsored|funded|supported|patroni[sz]ed|hired) by (?P<by>India|"
    r"Afghanistan|Israel|Iran|the Indian|the Afghan)|(?P<fitna>Fitna[- ](?:al|ul|e)?[- ]?Hindustan))",
    re.I,
)
SPONSORS = {"india": "india", "indian": "india", "afghan": "afghanistan", "afghanistan": "afghanistan",
            "israel": "israel", "israeli": "israel", "iran": "iran", "iranian": "iran"}  # fmt: skip


def _blamed(text: str) -> bool:
    return bool(BLAMED.search(text))


def _sponsor(event: Event, out: dict[str, dict[str, object]], facts: list[Fact], article: Article) -> None:
    """Attackers the text calls another state's proxies ("terrorists backed by India",
    "Indian-sponsored Khawarij") and names no group for: that state is accused (manual, section 8)."""
    table = load_actor_table()
    for sent in event.sentences:
        m = SPONSORED.search(sent.text)
        if m is None or m.group("fitna"):
            continue
        word = (m.group("adj") or m.group("by") or "").lower().removeprefix("the ")
        state = SPONSORS.get(word)
        if state is None or state not in table or state in out:
            continue
        spk = attribution.speaker(sent)
        by = spk.text if spk else None
        out[state] = {"actor_id": state, "name": table[state].name, "status": "accused", "attributed_by": by}
        facts.append(Fact("perpetrator", f"act_{state}", evidence(sent, article), "accused", by))
        return


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
                name = _written_force(sent, m) if m.actor_id in GENERIC_FORCES else table[m.actor_id].name
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
