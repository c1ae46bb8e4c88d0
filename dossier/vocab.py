"""The project's closed vocabularies, defined once: the product, the scorer and the coding manual
(docs/coding-manual.md) all read them from here. Pure data."""

from __future__ import annotations

# DESIGN.md taxonomy, in the coding manual's order of precedence (section 4).
INCIDENT_TYPES = (
    "suicide_bombing",
    "massacre",
    "targeted_killing",
    "kidnapping",
    "bombing",
    "strike",
    "armed_assault",
    "arson_sabotage",
    "security_operation",
    "arrest",
    "designation",
    "protest",
    "other",
)

# Types that two reports of one real event may be given (a shooting of a named officer is a
# targeted killing to one paper and an armed assault to another). Read by incident resolution and
# by the scorer's matching, so both agree on what can be the same incident.
COMPATIBLE_TYPES = frozenset(
    {
        frozenset({"bombing", "suicide_bombing"}),
        frozenset({"armed_assault", "targeted_killing"}),
        frozenset({"armed_assault", "security_operation"}),
        frozenset({"massacre", "armed_assault"}),
        frozenset({"armed_assault", "other"}),
        frozenset({"bombing", "other"}),
        frozenset({"targeted_killing", "other"}),
    }
)


def compatible_types(a: str, b: str) -> bool:
    return a == b or frozenset({a, b}) in COMPATIBLE_TYPES


# Perpetrator status, weakest first: a stronger statement wins when several sources disagree.
PERPETRATOR_STATUSES = ("unknown", "suspected", "accused", "claimed", "denied", "confirmed")
# Relation status (an actor-to-actor statement), weakest first.
RELATION_STATUSES = ("reported", "suspected", "accused", "claimed", "denied", "confirmed")

PLACE_PRECISIONS = ("point", "neighbourhood", "city", "district", "province", "country", "unknown")
DATE_PRECISIONS = ("day", "week", "month", "season", "year", "range", "unknown")

ACTOR_KINDS = ("armed_group", "person", "state_agency", "state", "political_party", "organization")

# Connectives of Urdu/Arabic/Persian names in English transliteration ("Lashkar-e-Taiba", "Jaish
# ul-Adl", "Ahle Sunnat wal Jamaat"): the actor matcher lets any of them stand between two words
# of an alias, and name keys drop them.
CONNECTIVES = ("wal", "wa", "ul", "al", "el", "il", "ud", "ur", "ut", "un", "e", "i")

# Words that describe perpetrators without naming them ("unidentified gunmen", "the attackers"): a
# perpetrator so described is no actor (GTD's gname "Unknown"). Regex fragments, case-insensitive.
# "Khawarij" is not here: it is the Pakistani state's name for the TTP (reference/actor_table).
GENERIC_PERPETRATOR_WORDS = (
    "gunm[ae]n", "attackers?", "assailants?", "militants?", "terrorists?", "suicide bombers?", "bombers?",
    "miscreants", "insurgents?", "separatists?", "dacoits?", "mob", "armed men", "unknown persons", "criminals",
    "robbers", "kidnappers", "abductors", "extremists", "outlaws",
)  # fmt: skip
