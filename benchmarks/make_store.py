"""Build a large synthetic store for latency benchmarks, fast, without running the pipeline.

    python benchmarks/make_store.py --incidents 100000 --db /tmp/big.db [--seed 7]

What reads cost depends on the rows stored, so this writes rows shaped like the pipeline's straight
into the tables (an existing --db is replaced): a document and an article per generated news story
(headline and 3-6 templated sentences), incident reports with evidence facts that point at the
sentence stating them, entities with the offsets of their mentions, actors, aliases, a few thousand
relations, and the merge decisions the resolver records when 2-3 articles report one incident (15% of
incidents), so the store clusters into exactly --incidents incidents. Places come from the shipped
gazetteer (mostly Khyber Pakhtunkhwa and Balochistan), groups and agencies from the curated actor
table, people from common Pakistani names; dates run 2015-2025, recent years heavier; casualties are
heavy-tailed. The same --seed gives the same store. Ends by timing Store.refresh (the read model).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import cache
from string import Formatter
from typing import Any

from dossier.clean.fingerprint import body_hash
from dossier.db import schema
from dossier.extract.relations import EXTRACTOR as RELATION_EXTRACTOR
from dossier.extract.reports import EXTRACTOR as INCIDENT_EXTRACTOR
from dossier.extract.where import as_dict
from dossier.ids import digest, make_id
from dossier.model import Entity
from dossier.reference.actor_table import load_actor_table
from dossier.reference.gazetteer import Place, load_gazetteer
from dossier.reference.names import VARIANT_MIN, key, variant_score
from dossier.resolve.actor_merge import actor_for, family
from dossier.resolve.incident_merge import MERGE_AT, Report, score
from dossier.store import Store
from dossier.store.assembly import place_text

Figures = dict[str, int | None]  # {"low", "best", "high"}
Span = tuple[int, int, str]  # a sentence's document offsets, and the sentence
FactRow = tuple[str, Any, str | None, str | None, Span]  # field, value, status, attributed_by, evidence
NO_FIGURES: Figures = {"low": None, "best": None, "high": None}
NUM = "zero one two three four five six seven eight nine ten".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
YEARS = {y: 1.0 + 0.3 * (y - 2015) for y in range(2015, 2026)}
LAST_DAY = date(2025, 12, 31)
REGIONS = {"Khyber Pakhtunkhwa": 38, "Balochistan": 27, "Sindh": 9, "Punjab": 6, "Islamabad Capital Territory": 1.5,
           "Gilgit-Baltistan": 1, "AF": 13, "Sistan and Baluchestan": 2, "Jammu and Kashmir": 1.5}  # fmt: skip
GROUPS = {  # armed groups (actor table ids) by region, with weights
    "Khyber Pakhtunkhwa": "ttp:10 hafiz_gul_bahadur_group:3 iskp:2 jamaat_ul_ahrar:2 lashkar_e_islam:1 ttp_gandapur:1",
    "Balochistan": "bla:6 blf:4 ttp:2 majeed_brigade:1 bras:1 iskp:1 lej:1 bra:1 uba:0.5",
    "Sindh": "ttp:2 sra:2 bla:1 lej:1 sla:1 lej_al_alami:0.5",
    "AF": "iskp:5 afghan_taliban:2 haqqani_network:1 ttp:1",
    "Sistan and Baluchestan": "jaish_al_adl:3 jundallah:1",
    "Jammu and Kashmir": "let:2 trf:2 jem:2 hizbul_mujahideen:1",
    "": "ttp:4 jamaat_ul_ahrar:1 lej:1 tehreek_e_jihad_pakistan:1 iskp:1",
}
AGENCIES = {"Khyber Pakhtunkhwa": "kp_police ctd frontier_corps", "Balochistan": "balochistan_police levies ctd",
            "Sindh": "sindh_police ctd rangers", "Punjab": "punjab_police ctd", "AF": "afghan_taliban_forces",
            "Islamabad Capital Territory": "islamabad_police", "Sistan and Baluchestan": "irgc",
            "Jammu and Kashmir": "crpf indian_army", "": "ctd"}  # fmt: skip
# incident type -> weight, headline noun, weapons, Pareto alpha of killed and of injured (0: none), least killed
TYPES = {
    "armed_assault": (24, "attack", "firearm", 1.3, 1.3, 0),
    "bombing": (12, "blast", "ied explosives grenade", 1.1, 0.9, 0),
    "suicide_bombing": (4, "suicide attack", "suicide_vest vehicle_bomb", 0.75, 0.6, 0),
    "targeted_killing": (14, "gun attack", "firearm", 1.6, 2.5, 1),
    "kidnapping": (7, "abduction", "", 0, 0, 0),
    "security_operation": (18, "operation", "", 0, 0, 0),
    "massacre": (1, "massacre", "firearm", 0.6, 1.0, 5),
    "arson_sabotage": (4, "arson attack", "fire", 0, 0, 0),
    "strike": (2, "strike", "drone missile", 0.9, 1.2, 0),
    "arrest": (5, "raid", "", 0, 0, 0),
    "protest": (3, "protest", "", 0, 0, 0),
    "other": (6, "violence", "", 1.4, 1.5, 1),
}
LEADS = {
    "armed_assault": "{cas} when militants attacked {site} in {place} {when}, officials said",
    "bombing": "{cas} when {device} exploded near {site} in {place} {when}, police said",
    "suicide_bombing": "{cas} when {device} struck {site} in {place} {when}",
    "targeted_killing": "{cas} when gunmen on a motorcycle opened fire in {place} {when}, police said",
    "kidnapping": "armed men abducted {hostages} from {place} {when}, officials said",
    "security_operation": "{force} killed {militants} in an intelligence-based operation in {place} {when}",
    "massacre": "{cas} when gunmen stormed {site} in {place} {when} and opened fire indiscriminately",
    "arson_sabotage": "militants set fire to {site} in {place} {when}, officials said",
    "strike": "{cas} in {device} in {place} {when}, local officials said",
    "arrest": "the {force} arrested {suspects} in {place} {when}",
    "protest": "hundreds of people blocked the main road in {place} {when} to protest against the killings",
    "other": "{cas} in {place} {when}, officials said",
}
DEVICES = {"ied": "a roadside bomb", "explosives": "a bomb", "grenade": "a hand grenade", "drone": "a drone strike",
           "missile": "a missile strike", "suicide_vest": "a suicide bomber",
           "vehicle_bomb": "an explosives-laden vehicle"}  # fmt: skip
FORCES = {"security_operation": "security_forces", "arrest": "ctd"}  # the state doers, named in the lead
UNTARGETED = ("security_operation", "arrest", "protest")
TARGETS = {  # target: weight, victims (one|many), sites, titles of named victims
    "police": (25, "policeman|policemen", "police checkpost|police station|police van",
               "Sub-Inspector|Assistant Sub-Inspector|Constable|Station House Officer"),
    "military": (20, "soldier|soldiers", "military convoy|check post|Frontier Corps post", "Captain|Major|Sepoy"),
    "civilians": (30, "person|people", "market|passenger van|bus stop", ""),
    "religious": (5, "worshipper|worshippers", "mosque|imambargah|seminary", "Maulana|Qari"),
    "government": (5, "official|officials", "government office|district court", "Assistant Commissioner|Tehsildar"),
    "political": (4, "party worker|party workers", "election rally|party office", "councillor|former MPA"),
    "education": (2, "teacher|teachers", "girls' school|college", ""),
    "health": (2, "polio worker|polio workers", "polio vaccination team|health centre", "Dr"),
    "journalists": (1, "journalist|journalists", "press club", ""),
    "business": (3, "trader|traders", "shop|hotel", "Haji"),
    "foreigners": (1, "foreign national|foreign nationals", "convoy of foreign engineers", ""),
    "infrastructure": (2, "labourer|labourers", "gas pipeline|railway track|mobile phone tower", ""),
}  # fmt: skip
STATUSES = {"claimed": 30, "suspected": 30, "accused": 25, "unknown": 15}
CLAIMS = {"claimed": "the {g} claimed responsibility for the attack in a statement",
          "suspected": "police suspect that the {g} was behind the attack",
          "accused": "officials blamed the {g} for the attack",
          "unknown": "the {g} has carried out several attacks in the area in recent months",
          "security_operation": "the militants belonged to the {g}, the military said",
          "arrest": "the suspects belonged to the {g}, officials said"}  # fmt: skip
CLAIMED_BY = {"suspected": "Police", "accused": "Officials"}  # who the claim sentences say says so
FILLERS = ["the {a} cordoned off the area and launched a search operation",
           "the bodies and the injured were taken to the District Headquarters Hospital, the {a} said",
           "a case has been registered and an investigation is under way, according to the {a}",
           "the chief minister condemned the incident and sought a report from the {a}",
           "security has been tightened across the district, the {a} said"]  # fmt: skip
# predicate, status, subject, object, who says so, sentence (p person, g/g2 groups, a agency, s state)
RELATIONS = [
    ("leader_of", "reported", "p", "g", "a", "{p}, a local commander of the {g}, was among those killed, the {a} said"),
    ("member_of", "suspected", "p", "g", "a", "the {a} said {p} was a suspected member of the {g}"),
    ("arrested_by", "reported", "p", "a", None, "{p}, a facilitator of the attackers, was later arrested by the {a}"),
    (
        "allied_with",
        "accused",
        "g",
        "g2",
        "officials",
        "officials said the {g} had carried out the attack with the {g2}",
    ),
    ("backed_by", "accused", "g", "s", "a", "the {a} accused {s} of backing the {g}"),
    ("offshoot_of", "reported", "g", "g2", None, "the {g} is a splinter group of the {g2}"),
    ("killed_by", "claimed", "p", "g", "g", "the {g} said its fighters had killed {p}"),
]
FIRST = """Muhammad Ali Ahmed Hassan Hussain Imran Usman Bilal Tariq Zahid Khalid Asif Kamran Naveed Shahid Javed Rashid
    Sajid Fazal Noor Sher Saifullah Ikramullah Amanullah Zakria Zakariya Yousaf Yousuf Irfan Arshad Waqar Naeem Habib
    Jamal Akbar Wali Hayat Ismail Ayaz Gul""".split()
LAST = """Khan Shah Afridi Wazir Mehsud Mahsud Dawar Yousafzai Khattak Marwat Bangash Orakzai Mohmand Baloch Bugti Marri
    Mengal Rind Raisani Kakar Achakzai Durrani Qureshi Butt Malik Jatoi Shaikh Memon Turi Bhatti Awan Abbasi Tanoli
    Swati Jadoon""".split()


def weighted(spec: str) -> tuple[list[str], list[float]]:
    pairs = [item.split(":") for item in spec.split()]
    return [p[0] for p in pairs], [float(p[1]) for p in pairs]


def people(figures: Figures, noun: str, verb: bool = True) -> str:
    """'three policemen were', 'at least one soldier was' (noun is 'one|many')."""
    n, (one, many) = figures["best"] or 0, noun.split("|")
    least = "at least " if figures["high"] is None else ""
    return f"{least}{NUM[n] if n <= 10 else n} {one if n == 1 else many}" + (" was" if n == 1 else " were") * verb


def where(p: Place) -> str:
    if p.precision == "neighbourhood":
        return f"the {p.name} area of {p.city}"
    if p.precision == "district":
        return f"{p.name} district"
    if p.country == "PK":
        return f"{p.name}, {p.admin2} district" if p.admin2 and p.admin2 != p.name else p.name
    return f"{p.name} in {p.admin1}"


@cache
def place_json(p: Place) -> dict[str, Any]:
    return as_dict(p) | {"basis": "stated"}


@dataclass(frozen=True)
class Who:
    """An actor as the texts name it: actor id, kind, name, a short form ("TTP"), name key and block."""

    id: str
    kind: str
    name: str
    table_id: str | None
    short: str | None
    key: str
    block: str


@dataclass
class Plan:
    """One incident report to write: an incident as one article tells it."""

    incident: int
    type: str
    day: date
    place: Place
    killed: Figures
    injured: Figures
    militants: Figures  # perpetrators killed
    force: Who | None  # the state doer of an operation or an arrest
    group: Who | None  # the doer, or the group an operation or arrest was against
    status: str  # the group's as doer; with no group, "unknown" names "militants" and "" no one
    target: str | None
    weapon: str | None
    victim: Who | None
    title: str | None  # the victim's rank or title
    basis: str
    id: str = ""
    article_id: str = ""
    document_id: str = ""
    ingested: datetime = datetime(2026, 1, 1, tzinfo=UTC)

    def perpetrators(self) -> list[dict[str, Any]]:
        if self.force:
            return [{"actor_id": self.force.id, "name": self.force.name, "status": "confirmed", "attributed_by": None}]
        if self.group:
            by = self.group.name if self.status == "claimed" else CLAIMED_BY.get(self.status)
            return [{"actor_id": self.group.id, "name": self.group.name, "status": self.status, "attributed_by": by}]
        if self.status:
            return [{"actor_id": None, "name": "militants", "status": "unknown", "attributed_by": None}]
        return []

    def victims(self) -> list[dict[str, Any]]:
        out = [{"actor_id": v.id, "name": v.name, "description": self.title} for v in [self.victim] if v]
        if self.type == "security_operation" and self.group:
            g = self.group
            out.append({"actor_id": g.id, "name": g.name, "description": "party the operation targeted"})
        return out

    def report(self, document_id: str = "") -> Report:
        """As the resolver reads it, to score a pair of reports."""
        victims = frozenset(str(v["name"]).split()[-1].lower() for v in self.victims())
        return Report(self.id, self.article_id, document_id or self.document_id, self.type, self.day, self.day,
                      place_json(self.place), self.killed["best"], victims, self.basis)  # fmt: skip


class Draft:
    """A document being written: its text, where each actor is named, the aliases it gives."""

    def __init__(self, rng: random.Random, headline: str, dateline: str) -> None:
        self.rng, self.parts, self.sentences = rng, [headline, "\n\n", f"{dateline}:"], 0
        self.body_start = len(headline) + 2
        self.length = self.body_start + len(dateline) + 1
        self.whos: dict[str, Who] = {}
        self.mentions: dict[str, list[list[int]]] = {}
        self.aliases: dict[str, list[dict[str, Any]]] = {}
        self.described: dict[str, str] = {}
        self.relations: list[tuple[str, str, str, str, str | None, Span]] = []

    def say(self, template: str, **values: str | Who) -> Span:
        """Append a sentence; actors in `values` are named (and their mentions recorded)."""
        sep = " " if self.sentences == 0 or self.rng.random() < 0.5 else "\n\n"
        start = pos = self.length + len(sep)
        out: list[str] = []
        introduced: list[Who] = []
        for literal, name, _, _ in Formatter().parse(template):
            value = "" if name is None else values[name]
            text = value if isinstance(value, str) else self._name(value, pos + len(literal), introduced)
            out += [literal, text]
            pos += len(literal) + len(text)
        quote = "".join(out) + "."
        quote, end = quote[0].upper() + quote[1:], pos + 1
        for who in introduced:
            self.aliases[who.id] = [{"name": who.short, "start": start, "end": end, "quote": quote}]
        self.parts += [sep, quote]
        self.length, self.sentences = end, self.sentences + 1
        return start, end, quote

    def _name(self, who: Who, pos: int, introduced: list[Who]) -> str:
        spans = self.mentions.setdefault(who.id, [])
        self.whos[who.id] = who
        if who.short and who.id in self.aliases:
            spans.append([pos, pos + len(who.short)])
            return who.short
        spans.append([pos, pos + len(who.name)])
        if who.short and len(spans) == 1 and self.rng.random() < 0.5:  # "Tehreek-e-Taliban Pakistan (TTP)"
            at = pos + len(who.name) + 2
            spans.append([at, at + len(who.short)])
            introduced.append(who)
            return f"{who.name} ({who.short})"
        return who.name


class Builder:
    def __init__(self, rng: random.Random, store: Store) -> None:
        self.rng, self.store, self.table = rng, store, load_actor_table()
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.counts: Counter[str] = Counter()
        self.whos: dict[str, Who] = {}
        self.seen: set[str] = set()
        self.people: list[Who] = []  # person actors in the order stored
        self.places: dict[str, tuple[list[Place], list[float]]] = defaultdict(lambda: ([], []))
        self.districts: dict[tuple[str, str | None], Place] = {}
        for p in load_gazetteer():
            region = "AF" if p.country == "AF" else p.admin1 or ""
            if p.precision == "district" and p.kind == "district":
                self.districts[(p.country, p.admin2)] = p
            if region in REGIONS and (p.precision in ("city", "district") or p.city in ("Karachi", "Quetta")):
                self.places[region][0].append(p)
                self.places[region][1].append((1 + math.log10(p.population + 1)) ** 2)
        self.offshoots = [e.id for e in self.table.values() if e.parent_relation == "offshoot_of" and e.parent]

    def who(self, name: str, kind: str = "person", table_id: str | None = None) -> Who:
        if name not in self.whos:
            actor_id, k, b = actor_for(Entity("", kind, name, [], table_id), "")
            aliases = self.table[table_id].aliases if table_id else ()
            short = [a for a in aliases if len(a) <= 5 and a[0].isupper() and a[-1].isupper() and " " not in a]
            self.whos[name] = Who(actor_id, kind, name, table_id, short[0] if short else None, k, b)
        return self.whos[name]

    def actor(self, table_id: str) -> Who:
        return self.who(self.table[table_id].name, self.table[table_id].kind, table_id)

    def person(self) -> Who:
        return self.who(f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}")

    def group(self, region: str, other_than: Who | None = None) -> Who:
        g = self.actor(self.rng.choices(*weighted(GROUPS.get(region, GROUPS[""])))[0])
        return g if g != other_than else self.actor("bla" if g.table_id == "ttp" else "ttp")

    # -- what happened ------------------------------------------------------------------------------
    def figure(self, alpha: float, least: int = 0) -> Figures:
        """Heavy-tailed: many 0-3, a few 20-150; 0 is not stated; 15% 'at least'."""
        n = int(self.rng.paretovariate(alpha)) - self.rng.choice((0, 1)) if alpha else 0
        n = min(max(n, least), 150)
        return {"low": n, "best": n, "high": None if self.rng.random() < 0.15 else n} if n else dict(NO_FIGURES)

    def incident(self, i: int) -> Plan:
        r = self.rng
        kind = r.choices(list(TYPES), [t[0] for t in TYPES.values()])[0]
        _, _, weapons, k_alpha, i_alpha, least = TYPES[kind]
        region = r.choices(list(REGIONS), list(REGIONS.values()))[0]
        day = date(r.choices(list(YEARS), list(YEARS.values()))[0], 1, 1) + timedelta(days=r.randrange(365))
        target = None if kind in UNTARGETED else r.choices(list(TARGETS), [t[0] for t in TARGETS.values()])[0]
        if kind == "arson_sabotage":
            target = r.choice(("infrastructure", "education", "government"))
        killed, injured = self.figure(k_alpha, least), self.figure(i_alpha)
        force = self.actor(FORCES[kind]) if kind in FORCES else None
        u = 1.0 if kind == "protest" else r.random()
        group = self.group(region) if u < (0.8 if force else 0.6) else None
        status = r.choices(list(STATUSES), list(STATUSES.values()))[0] if group else ""
        if not group and not force and u < 0.85:
            status = "unknown"  # "militants", no group named
        hurt = killed["best"] or injured["best"] or kind == "kidnapping"
        victim = self.person() if hurt and kind not in UNTARGETED and r.random() < 0.35 else None
        titles = [t for t in TARGETS[target or "civilians"][3].split("|") if t]
        return Plan(i, kind, day, r.choices(*self.places[region])[0], killed, injured,
                    self.figure(1.0, 1) if kind == "security_operation" else dict(NO_FIGURES), force, group, status,
                    target, r.choice(weapons.split()) if weapons else None, victim,
                    r.choice(titles) if victim and titles and r.random() < 0.7 else None,
                    "stated" if r.random() < 0.75 else "reported")  # fmt: skip

    def retell(self, first: Plan) -> list[Plan]:
        """The incident's reports: one, or 2-3 from different articles that differ a little yet
        score as one incident for the resolver (else they tell the same figures, day and place)."""
        u, out = self.rng.random(), [first]
        while len(out) < (1 if u < 0.85 else 2 if u < 0.95 else 3):
            v = self.variant(first)
            if any(score(v.report("doc_a"), o.report("doc_b"))[0] < MERGE_AT for o in out):
                v = replace(first, status=v.status, basis=v.basis)
            out.append(v)
        return out

    def variant(self, p: Plan) -> Plan:
        r = self.rng
        district = self.districts.get((p.place.country, p.place.admin2))

        def jitter(f: Figures) -> Figures:
            n = max(1, round((f["best"] or 0) * r.uniform(0.7, 1.4)))
            return {"low": n, "best": n, "high": n} if f["best"] and r.random() < 0.3 else f

        return replace(
            p, killed=jitter(p.killed), injured=jitter(p.injured), basis="stated" if r.random() < 0.75 else "reported",
            day=p.day + timedelta(days=r.choice((-1, 1))) if r.random() < 0.2 else p.day,
            place=district if district and p.place.precision == "city" and r.random() < 0.25 else p.place,
            type={"targeted_killing": "armed_assault", "suicide_bombing": "bombing"}.get(p.type, p.type)
            if r.random() < 0.1 else p.type,
            status="claimed" if p.group and r.random() < 0.25 else p.status,
        )  # fmt: skip

    # -- the articles that tell it ------------------------------------------------------------------
    def write(self, incidents: list[list[Plan]]) -> None:
        plans = sorted((p for group in incidents for p in group), key=lambda p: (p.day, p.incident))
        i = n = 0
        while i < len(plans):  # 10% of articles tell a second, separate incident
            two = i + 1 < len(plans) and plans[i + 1].incident != plans[i].incident and self.rng.random() < 0.1
            self.article(plans[i : i + 1 + two], n)
            i, n = i + 1 + two, n + 1
            if n % 5000 == 0:
                self.flush()
        for group in incidents:  # the decisions resolve.incident_merge.auto_merge_reports records, each pair once
            group.sort(key=lambda p: p.ingested)
            for j, later in enumerate(group):
                for earlier in group[:j]:
                    s, why = score(later.report(), earlier.report())
                    assert s >= MERGE_AT, why
                    self.decide("incident", later.id, earlier.id, s, why, later.ingested)
        self.actor_merges()
        self.flush()

    def article(self, plans: list[Plan], n: int) -> None:
        r, first = self.rng, plans[0]
        pub = min(max(p.day for p in plans) + timedelta(days=r.choice((0, 0, 1, 1, 2))), LAST_DAY)
        ingested = datetime(pub.year, pub.month, pub.day, 6, tzinfo=UTC) + timedelta(seconds=n % 60_000)
        noun = "militant|militants" if first.type == "security_operation" else TARGETS[first.target or "civilians"][1]
        dead = max(first.militants, first.killed, key=lambda f: f["best"] or 0)
        what = f"{first.place.name} {TYPES[first.type][1]}"
        headline = f"{people(dead, noun, verb=False).capitalize()} killed in {what}" if dead["best"] else what
        d = Draft(r, headline, (first.place.city or first.place.name).upper())
        facts = [self.tell(d, p, pub, seq) for seq, p in enumerate(plans)]
        region = "AF" if first.place.country == "AF" else first.place.admin1 or ""
        agency = self.actor(r.choice(AGENCIES.get(region, AGENCIES[""]).split()))
        if r.random() < 0.04:
            self.relate(d, first, agency, region)
        fillers = [f for f in FILLERS if first.killed["best"] or first.injured["best"] or "bodies" not in f]
        for filler in r.sample(fillers, k=min(len(fillers), max(0, r.randint(3, 6) - d.sentences))):
            d.say(filler, a=agency)
        text, locator = "".join(d.parts), f"synthetic/{n:07d}"
        doc_id = make_id("doc", text, locator)
        art_id, body = make_id("art", doc_id, "0"), text[d.body_start :]
        # columns left out (author, byline, signature, duplicate_of, ...) stay NULL
        self.add("documents", id=doc_id, origin="synthetic", locator=locator, format="text", sha256=digest(text),
                 size=len(text.encode()), title=headline, published=pub.isoformat(), url=f"https://news.example/{n}",
                 crawled=ingested.isoformat(), language="en", extractor="plain", text=text, dropped={},
                 ingested_at=ingested)  # fmt: skip
        self.add("articles", id=art_id, document_id=doc_id, seq=0, start=0, end=len(text), body_start=d.body_start,
                 body_end=len(text), headline=headline, summary=[], dateline=d.parts[2][:-1], published=pub.isoformat(),
                 published_source="meta", words=len(body.split()), body_hash=body_hash(body))  # fmt: skip
        entity_ids = self.entities(d, art_id, ingested)
        for seq, (p, fs) in enumerate(zip(plans, facts, strict=True)):
            p.id, p.article_id, p.document_id, p.ingested = make_id("rep", art_id, str(seq)), art_id, doc_id, ingested
            self.report(p, seq, fs)
        for pred, subj, obj, status, by, (start, end, quote) in d.relations:
            s, o = entity_ids[subj], entity_ids[obj]
            self.add("relations", id=make_id("rel", art_id, s, pred, o), article_id=art_id, subject=s, predicate=pred,
                     object=o, status=status, attributed_by=by, start=start, end=end, quote=quote,
                     extractor=RELATION_EXTRACTOR)  # fmt: skip

    def tell(self, d: Draft, p: Plan, pub: date, seq: int) -> list[FactRow]:
        """Write the report's sentences; returns its facts, each with the sentence that states it."""
        r, (k, i) = self.rng, (p.killed, p.injured)
        noun, sites = TARGETS[p.target or "civilians"][1:3]
        site = r.choice(sites.split("|"))
        cas = people(i, noun) + " injured" if i["best"] else "no casualties were reported"
        if k["best"]:
            others = f" and {people(i, 'other|others', verb=False)} injured" if i["best"] else ""
            cas = people(k, noun) + " killed" + others
        values: dict[str, str | Who] = {
            "cas": cas, "place": where(p.place), "site": f"{'an' if site[0] in 'aeiou' else 'a'} {site}",
            "device": DEVICES.get(p.weapon or "", ""),
            "when": f"on {WEEKDAYS[p.day.weekday()]}" if (pub - p.day).days < 6 else f"on {p.day:%B} {p.day.day}",
            "hostages": people({"low": 1, "best": r.randint(1, 8), "high": 1}, noun, verb=False),
            "militants": people(p.militants, "militant|militants", verb=False),
            "suspects": f"{NUM[r.randint(1, 6)]} suspected militants"}  # fmt: skip
        if p.force:
            values["force"] = p.force
        lead = d.say(("in a separate incident, " if seq else "") + LEADS[p.type], **values)
        day = {"start": p.day.isoformat(), "end": p.day.isoformat(), "precision": "day"}
        facts: list[FactRow] = [("type", p.type, None, None, lead)]
        for field, figures in (("killed", k), ("injured", i), ("perpetrators_killed", p.militants)):
            facts += [(field, figures, None, None, lead)] if figures["best"] else []
        facts += [("date", day, None, None, lead), ("place", place_json(p.place), None, None, lead)]
        if p.force:
            facts.append(("perpetrator", p.force.id, "confirmed", None, lead))
        if p.group:
            said = d.say(CLAIMS[p.type if p.force else p.status], g=p.group)
            if not p.force:
                facts.append(("perpetrator", p.group.id, p.status, p.perpetrators()[0]["attributed_by"], said))
        elif p.status:
            said = d.say("no group claimed responsibility, but militants are active in the area")
            facts.append(("perpetrator", "militants", "unknown", None, said))
        if p.victim:
            d.described[p.victim.id] = p.title or ""
            role = "those abducted" if p.type == "kidnapping" else "the dead" if k["best"] else "the injured"
            said = d.say("{role} included {title}{v}", role=role, title=f"{p.title} " if p.title else "", v=p.victim)
            facts.append(("victim", p.victim.name, None, None, said))
        return facts + [(f, v, None, None, lead) for f, v in (("target", p.target), ("weapon", p.weapon)) if v]

    def relate(self, d: Draft, p: Plan, agency: Who, region: str) -> None:
        pred, status, subj, obj, by, template = self.rng.choice(RELATIONS)
        g = self.actor(self.rng.choice(self.offshoots)) if pred == "offshoot_of" else p.group or self.group(region)
        parent = self.table[g.table_id or ""].parent
        state = "pakistan" if p.place.country != "PK" else self.rng.choice(("india", "afghanistan"))
        values = {"p": p.victim if pred == "killed_by" and p.victim else self.person(), "g": g, "a": agency,
                  "g2": self.actor(parent) if pred == "offshoot_of" and parent else self.group(region, g),
                  "s": self.actor(state)}  # fmt: skip
        span = d.say(template, **values)
        said_by = f"the {agency.name}" if by == "a" else g.name if by == "g" else by
        d.relations.append((pred, values[subj].id, values[obj].id, status, said_by, span))

    # -- rows ---------------------------------------------------------------------------------------
    def entities(self, d: Draft, art_id: str, ingested: datetime) -> dict[str, str]:
        """An entity per actor the article names (its actor stored when first seen); returns their ids."""
        ids: dict[str, str] = {}
        for actor_id, spans in d.mentions.items():
            who, ids[actor_id] = d.whos[actor_id], make_id("ent", art_id, str(spans[0][0]))
            aliases = d.aliases.get(actor_id, [])
            self.add("entities", id=ids[actor_id], article_id=art_id, actor_id=actor_id, kind=who.kind, name=who.name,
                     description=d.described.get(actor_id) or None, aliases=aliases, mentions=spans)  # fmt: skip
            for a in aliases:
                row = {"key": key(a["name"], who.kind), "family": family(who.kind), "entity_id": ids[actor_id]}
                self.add("actor_aliases", actor_id=actor_id, **row)
            if actor_id not in self.seen:
                self.seen.add(actor_id)
                if who.kind == "person":
                    self.people.append(who)
                self.add("actors", id=actor_id, kind=who.kind, name=who.name, key=who.key, block=who.block,
                         table_id=who.table_id, seen_at=ingested)  # fmt: skip
        return ids

    def report(self, p: Plan, seq: int, facts: list[FactRow]) -> None:
        place, day = place_json(p.place), p.day.isoformat()
        place_key = place_text(place)
        lead = facts[0][4]  # the lead sentence
        summary = lead[2][:400]
        keys = ("field", "value", "status", "attributed_by", "start", "end", "quote")
        evidence = [dict(zip(keys, (f, v, st, by, *span), strict=True)) for f, v, st, by, span in facts]
        self.add("incident_reports", id=p.id, article_id=p.article_id, seq=seq, type=p.type, summary=summary,
                 date_start=day, date_end=day, date_precision="day", date_basis=p.basis, place=place,
                 place_key=place_key, lat=place["lat"], lon=place["lon"], killed=p.killed, injured=p.injured,
                 perpetrators_killed=p.militants, perpetrators=p.perpetrators(), victims=p.victims(),
                 targets=[p.target] if p.target else [], weapons=[p.weapon] if p.weapon else [], background=False,
                 extractor=INCIDENT_EXTRACTOR, summary_start=lead[0], summary_end=lead[0] + len(summary),
                 evidence=evidence)  # fmt: skip
        self.counts["facts"] += len(evidence)

    def actor_merges(self) -> None:
        """Spelling variants of a person's name ("Yousaf Khan" / "Yousuf Khan"), merged as resolve.actor_merge does."""
        blocks: dict[str, list[Who]] = defaultdict(list)
        for who in self.people:
            for other in blocks[who.block]:
                s = variant_score(who.key, other.key)
                if s >= VARIANT_MIN:
                    why = f"spelling variants: {other.name!r} / {who.name!r} ({s:.2f})"
                    self.decide("actor", other.id, who.id, round(s, 3), why, datetime(2026, 1, 1, tzinfo=UTC))
            blocks[who.block].append(who)

    def decide(self, kind: str, a: str, b: str, s: float, why: str, when: datetime) -> None:
        a, b = sorted((a, b))
        self.add("decisions", id=make_id("dec", kind, a, b, "merge", "auto", when.isoformat()), kind=kind, a=a, b=b,
                 action="merge", score=s, by="auto", reason=why, created_at=when, active=True)  # fmt: skip

    def add(self, table: str, **row: Any) -> None:
        self.rows[table].append(row)
        self.counts[table] += 1

    def flush(self) -> None:
        """Insert what is pending, parents first, in one transaction."""
        with self.store.engine.begin() as conn:
            for name in ("documents", "articles", "incident_reports", "actors", "entities", "actor_aliases",
                         "relations", "decisions"):  # fmt: skip
                if self.rows.get(name):
                    conn.execute(schema.metadata.tables[name].insert(), self.rows.pop(name))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--incidents", type=int, default=100_000, help="incidents after clustering")
    ap.add_argument("--db", default="/tmp/big.db", help="SQLite file to (re)create")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(args.db + suffix):
            os.remove(args.db + suffix)
    start = time.perf_counter()
    builder = Builder(random.Random(args.seed), Store(args.db))
    incidents = [builder.retell(builder.incident(i)) for i in range(args.incidents)]
    builder.write(incidents)
    builder.store.close()
    c, merged = builder.counts, sum(len(g) > 1 for g in incidents)
    pairs = sum(len(g) * (len(g) - 1) // 2 for g in incidents)
    print(
        f"documents {c['documents']:,}  articles {c['articles']:,}  reports {c['incident_reports']:,}  "
        f"facts {c['facts']:,}  incidents expected {len(incidents):,} ({merged:,} told by 2-3 articles)"
    )
    print(
        f"entities {c['entities']:,}  actors {c['actors']:,}  aliases {c['actor_aliases']:,}  relations "
        f"{c['relations']:,}  decisions {c['decisions']:,} ({pairs:,} incident, {c['decisions'] - pairs:,} actor)"
    )
    print(f"built in {time.perf_counter() - start:.1f} s, db {os.path.getsize(args.db) / 2**20:.1f} MiB")
    store = Store(args.db)
    refresh = getattr(store, "refresh", None)
    if refresh is not None:
        start = time.perf_counter()
        rebuilt = refresh()
        print(f"refresh {time.perf_counter() - start:.1f} s ({rebuilt} incidents rebuilt)")
    store.close()
    print(f"db {os.path.getsize(args.db) / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
