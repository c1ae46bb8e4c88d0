"""A fast matcher for the actor table's names in text.

Why one regex: each alias becomes a sequence of small patterns (a letter that may repeat, a gap that
may hold a hyphen, a space or a transliteration connective like "-e-" or "ul"), and all sequences are
merged into one prefix tree compiled once. `re` scans the text in C; Python only runs for the few
candidate matches, to apply the case rules. Offsets are those of the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from dossier.reference.actor_table import ActorEntry, load_actor_table
from dossier.vocab import CONNECTIVES

# Between two words of an alias any of the CONNECTIVES may appear or none, written apart or glued
# to the word before ("Fitnaul Khwarij", "LashkareToiba"). Written in capitals ("UN", "UR") a word of
# two letters is an acronym, not a connective.
# Connectives an alias may start with that the text may leave out ("al-Qaeda", "Qaeda").
LEADING_CONNECTIVES = ("al", "el")
# Words an alias may start with that the text may or may not repeat ("the Resistance Front").
LEADING_ARTICLES = ("the",)
# Aliases whose lower-case form is an everyday English word or phrase ("is", "us", "levies"):
# they match only when capitalised as written, and not inside all-caps text ("THE WRITER IS A ...").
ORDINARY_WORDS = frozenset(
    {
        "is", "us", "raw", "tip", "bra", "hum", "rangers", "levies", "islamic state", "islamic emirate",
        "resistance front", "state department",
    }
)  # fmt: skip

# The pattern runs on a folded copy of the text: lower case, dashes as "-", apostrophes as "'".
# Every character keeps its offset, and the pattern stays ASCII, which `re` compiles fast.
_FOLD = tuple((c, "-") for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212") + tuple(
    (c, "'") for c in "\u2018\u2019\u02bc`\u00b4"
)  # one str.replace per pair: much faster than str.translate
# Between two words of an alias: spaces, hyphens, brackets ("PML(N)", "Khyber Pakhtunkhwa (KP) Police"),
# a possessive ("Pakistan's Army") and at most one connective ("s": a possessive without apostrophe).
_SEP = "[- \t()']*"
_CONN = "(?:wal?|u[ldrtn]?|e[ldrtn]?|al|il|i|s)"
_GAP = f"{_SEP}(?:{_CONN}{_SEP})?"
_END = r"(?![^\W_])"
# Soft hyphens, and apostrophes inside a word ("Jama'at", "Qa'ida") unless before a possessive "s",
# are cut from the text before matching; offsets are mapped back.
_CUT = re.compile("[\u00ad'\u2018\u2019\u02bc`\u00b4](?:(?<=\u00ad)|(?<=[^\\W\\d_].)(?=[^\\W\\d_])(?![sS]\\b))")
_APOSTROPHES = "'\u2018\u2019\u02bc`\u00b4\u00ad"
_POSSESSIVE = re.compile("['\u2019][sS]$")
_SEPARATORS = " -\u2010\u2011\u2012\u2013\u2014\u2015\u2212()\t\n"
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\W*\Z")
_WORD_AFTER = re.compile(r"\W*([^\W\d_]+)")


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    text: str
    actor_id: str
    kind: str


@dataclass(frozen=True)
class _Alias:
    """One written form of an actor's name and how strictly its case must match."""

    text: str
    actor_id: str
    kind: str
    rule: str  # "ci": any case; "exact": as written (a name also in all caps); "ordinary": see ORDINARY_WORDS
    acronym: bool
    letters: str  # the alias's letters and digits, as written
    head: str = ""  # acronyms that open or close a longer alias keep their case: "IS Khorasan", "PML-N"
    tail: str = ""


class ActorMatcher:
    """Finds actor names in text: non-overlapping, longest match first, in text order."""

    def __init__(self, table: dict[str, ActorEntry] | None = None) -> None:
        table = load_actor_table() if table is None else table
        root = _Node()
        by_terminal: list[list[_Alias]] = []
        for entry in table.values():
            for written in dict.fromkeys((entry.name, *entry.aliases)):
                alias = _alias(written, entry)
                for units in _variants(written):
                    node = root.path(units)
                    if node.terminal is None:
                        node.terminal = len(by_terminal)
                        by_terminal.append([])
                    if alias not in by_terminal[node.terminal]:
                        by_terminal[node.terminal].append(alias)
        self._pattern = re.compile(r"\b" + root.regex())
        # Candidates by group number (m.lastindex), and whether all of them need a capital first letter.
        self._aliases: dict[int, list[_Alias]] = {}
        self._capital: dict[int, bool] = {}
        for name, index in self._pattern.groupindex.items():
            aliases = by_terminal[int(name[1:])]
            self._aliases[index] = aliases
            self._capital[index] = all(a.rule != "ci" and a.text[:1].isupper() for a in aliases)

    def find(self, text: str) -> list[ActorMention]:
        cuts = [m.start() for m in _CUT.finditer(text)]
        clean = _CUT.sub("", text) if cuts else text
        shift = [pos - k for k, pos in enumerate(cuts)]  # where each cut falls in the clean text
        folded = _fold(clean)
        out: list[ActorMention] = []
        pos = 0
        while (m := self._pattern.search(folded, pos)) is not None:
            found = self._accept(clean, folded, m)
            if found is None:
                pos = m.start() + 1
                continue
            start, end, alias = found
            pos = end
            if shift:
                start, end = start + bisect_right(shift, start), end + bisect_left(shift, end)
            out.append(ActorMention(start, end, text[start:end], alias.actor_id, alias.kind))
        return out

    def _accept(self, text: str, folded: str, m: re.Match[str]) -> tuple[int, int, _Alias] | None:
        """The longest candidate at the match start that passes its case rule, else a shorter one.
        The pattern runs on `folded`; case rules look at `text`, which has the same offsets."""
        start = m.start()
        lower_start = not text[start].isupper()
        candidate: re.Match[str] | None = m
        while candidate is not None:
            end, group = candidate.end(), candidate.lastindex or 0  # every match ends in a terminal group
            if _well_formed(text, start, end) and not (lower_start and self._capital[group]):
                for alias in self._aliases[group]:
                    if _case_ok(alias, text, start, end):
                        return start, _close_bracket(text, start, end), alias
            candidate = self._pattern.match(folded, start, end - 1) if end - 1 > start else None
        return None


@lru_cache(maxsize=1)
def default_matcher() -> ActorMatcher:
    """The matcher over the packaged table, built once per process (compiling takes about 0.2 s)."""
    return ActorMatcher()


class _Node:
    """Prefix tree of regex units; an alias's unit sequence ends at a node carrying a terminal number."""

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.terminal: int | None = None

    def path(self, units: tuple[str, ...]) -> _Node:
        node = self
        for unit in units:
            node = node.children.setdefault(unit, _Node())
        return node

    def regex(self) -> str:
        # Continuations come before the terminal, so the match is the longest alias; when a longer one
        # fails, `re` backtracks to the shorter. The empty named group tells which alias matched.
        alts = [unit + child.regex() for unit, child in self.children.items()]
        if self.terminal is not None:
            alts.append(f"(?P<t{self.terminal}>){_END}")
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def _fold(text: str) -> str:
    folded = text.lower()
    if len(folded) != len(text):  # a few letters ("İ") lower-case to two characters: keep those as they are
        folded = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for char, ascii_char in _FOLD:
        if char in folded:
            folded = folded.replace(char, ascii_char)
    return folded


def _tokens(written: str) -> list[str]:
    """Words of an alias: split at spaces, hyphens and brackets; possessives and apostrophes dropped,
    as _CUT and _GAP drop them from the text."""
    words = "".join(" " if c in _SEPARATORS else c for c in written).split()
    words = ["".join(c for c in _POSSESSIVE.sub("", w) if c not in _APOSTROPHES) for w in words]
    return [w for w in words if w]


def _is_connective(word: str) -> bool:
    return word.lower() in CONNECTIVES and not (len(word) > 1 and word.isupper())


def _content_words(words: list[str]) -> list[str]:
    """Words that must appear: connectives between words are optional (the gap pattern allows them)."""
    return [w for i, w in enumerate(words) if i == 0 or not _is_connective(w)]


def _words(written: str) -> list[str]:
    """The words a mention of the alias must contain, in order; a leading "the" is not one of them."""
    words = _tokens(written)
    return words[1:] if len(words) > 1 and words[0].lower() in LEADING_ARTICLES else words


def _variants(written: str) -> list[tuple[str, ...]]:
    """Unit sequences for an alias; a leading connective ("al-Qaeda") is optional."""
    words = _words(written)
    if len(words) > 1 and words[0].lower() in LEADING_CONNECTIVES and _is_connective(words[0]):
        return [_units(words), _units(words[1:])]
    return [_units(words)]


def _units(words: list[str]) -> tuple[str, ...]:
    units: list[str] = []
    for i, word in enumerate(_content_words(words)):
        if i:
            # No connective before a word of one or two letters: "Islam was" must not read as "Islam (S)".
            units.append(_GAP if sum(c.isalnum() for c in word) > 2 else _SEP)
        units.extend(_word_units(word))
    return tuple(units)


def _word_units(word: str) -> list[str]:
    """Lower-case units; a run of one letter is one unit that may repeat, so "Muhammmad" and "Tayiba"
    match "Muhammad" and "Tayyiba". A unit starts with a literal character: `re` then rejects a branch
    with one comparison."""
    units: list[str] = []
    for c in word.lower():
        letter = re.escape(c)
        if c.isalpha() and units and units[-1] == letter + letter + "*":
            continue
        units.append(letter + letter + "*" if c.isalpha() else r"\.?" if c == "." else letter)
    return units


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalnum()]
    caps = sum(c.isupper() for c in letters)
    return 0 < len(letters) <= 5 and (caps >= 2 or (len(letters) == 1 and caps == 1))


def _alias(written: str, entry: ActorEntry) -> _Alias:
    """Case rule: acronyms (TTP, LeJ, IS-K) and single words under five letters match as written,
    everyday English words only when capitalised, all-lower-case generic words and longer names in
    any case."""
    words = _content_words(_words(written))
    acronym = all(_is_acronym(w) for w in words)
    head = _letters(words[0]) if _is_acronym(words[0]) else ""
    tail = _letters(words[-1]) if len(words) > 1 and _is_acronym(words[-1]) else ""
    if " ".join(words).lower() in ORDINARY_WORDS:
        rule = "ordinary"
    elif written == written.lower():
        rule = "ci"
    elif acronym or (len(words) == 1 and sum(c.isalpha() for c in written) < 5):
        rule = "exact"
    else:
        rule = "ci"
    return _Alias(written, entry.id, entry.kind, rule, acronym, _letters("".join(_words(written))), head, tail)


def _case_ok(alias: _Alias, text: str, start: int, end: int) -> bool:
    if alias.rule == "ci" and not (alias.head or alias.tail):
        return True
    found = _letters(text[start:end])
    if alias.rule == "ci":
        return found.startswith(alias.head) and found.endswith(alias.tail)
    wanted = alias.letters
    if found != wanted and (alias.acronym or found != wanted.upper()):
        return False
    if alias.rule != "ordinary":
        return True
    return not (found.isupper() and _in_all_caps(text, start, end)) and not _alone_on_line(text, start, end)


def _letters(s: str) -> str:
    return "".join(c for c in s if c.isalnum())


def _in_all_caps(text: str, start: int, end: int) -> bool:
    """True when the words next to the span are all in capitals ("THE WRITER IS A ...", "CONTACT US")."""
    before = _WORD_BEFORE.search(text, max(0, start - 30), start)
    after = _WORD_AFTER.match(text, end, min(len(text), end + 30))
    near = [m.group(1) for m in (before, after) if m]
    return bool(near) and all(w.isupper() for w in near)


def _well_formed(text: str, start: int, end: int) -> bool:
    """A span ends at a word boundary and closes no bracket it did not open ("KP) Police")."""
    if end < len(text) and text[end].isalnum():
        return False
    return text.find(")", start, end) < 0 or text.count(")", start, end) <= text.count("(", start, end)


def _alone_on_line(text: str, start: int, end: int) -> bool:
    """True for a line holding only the span: a section label ("US" above Express Tribune stories)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return not text[line_start:start].strip() and not text[end : line_end if line_end >= 0 else len(text)].strip()


def _close_bracket(text: str, start: int, end: int) -> int:
    """Extend "PML(N" to "PML(N)": brackets separate words inside aliases, a span should not cut one."""
    if end < len(text) and text[end] == ")" and text.count("(", start, end) > text.count(")", start, end):
        return end + 1
    return end
