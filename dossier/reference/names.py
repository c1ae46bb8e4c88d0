"""Name keys for resolving actors: what makes two written names the same name, and which spellings
are near enough to be one transliterated name ("Mohammad"/"Muhammad", "Zakria"/"Zakariya").

Two keys per name. `key` is identity: lower-case ASCII letters, titles dropped, doubled letters
collapsed, Urdu/Arabic connectives ("-e-", "ul") dropped between words of an organisation; equal keys
are one name without any decision. `variant_score` compares two different keys word by word: every
word must keep its consonant skeleton (first letter kept, vowels and h/w/y dropped) and its spelling
must stay close. Names with a different number of words never match, so "Ali Raza" and "Raza" or
"Ahmed Raza" stay apart: people who share a surname or a first name are not merged here."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.distance import Indel

from dossier.vocab import CONNECTIVES

# Titles and honorifics written before a name and often left out the next time ("Syed Hussain
# Mousavi" ... "Mousavi"; "Nawab Aslam Raisani" ... "Aslam Raisani"). Ranks are in extract/ranks.tsv.
TITLES = frozenset(
    """mr mrs ms miss dr prof syed sayed sayyid sayyed seyed mir nawab sardar maulana molana maulvi mufti
    haji hajji qari allama pir khawaja khwaja mian chaudhry chaudhary chaudhri rana raja begum sahib
    sahibzada makhdoom engr pm""".split()
)
TRAILING_TITLES = frozenset({"shaheed", "sahib", "sb"})  # "Sarwar Shaheed" (martyr), "Bugti Sahib"
DROPPED_WORDS = frozenset({*CONNECTIVES, "the", "of", "and"})  # not part of an organisation's name key
_NON_LETTER = re.compile(r"[^a-z ]+")
_DOUBLE = re.compile(r"(.)\1+")
_SKELETON_DROP = re.compile(r"[aeiouhwy]")
_NAME_FOLDS = (("ph", "f"), ("kh", "k"), ("gh", "g"), ("q", "k"))
# The commonest name in the region, spelled every way: one form, so it needs no variant decision.
_SAME = dict.fromkeys(("mohamad", "mohamed", "muhamed", "mohd", "mohammad", "muhammad"), "muhamad")
VARIANT_MIN = 0.75


def ascii_words(name: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", name.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = re.sub(r"['\u2019]s\b", "", folded)
    return _NON_LETTER.sub(" ", folded.replace("-", " ")).split()


def person_words(name: str) -> list[str]:
    """A person's name words, titles and trailing possessives dropped; a title alone stays a name."""
    words = ascii_words(name)
    start = 0
    while start < len(words) - 1 and words[start] in TITLES:
        start += 1  # titles lead a name ("Nawab Aslam Raisani"); "Talal Chaudhry" keeps its surname
    end = len(words)
    while end > start + 1 and words[end - 1] in TRAILING_TITLES:
        end -= 1
    kept = words[start:end]
    words = [_SAME.get(w, w) for w in (_DOUBLE.sub(r"\1", w) for w in (kept or words))]
    if len(words) >= 3 and words[0] == "muhamad":
        words = words[1:]  # "Muhammad Shehbaz Sharif" is Shehbaz Sharif: the prefix is often left out
    return words


def person_key(name: str) -> str:
    return " ".join(person_words(name))


def org_key(name: str) -> str:
    words = [w for w in ascii_words(name) if w not in DROPPED_WORDS] or ascii_words(name)
    return " ".join(_DOUBLE.sub(r"\1", w) for w in words)


def key(name: str, kind: str) -> str:
    return person_key(name) if kind == "person" else org_key(name)


def skeleton(word: str) -> str:
    """First letter, consonants, and whether the word ends in a vowel: "Yousaf"/"Yousuf" agree,
    "Sherry"/"Sher" and "Hassani"/"Hassan" do not."""
    for a, b in _NAME_FOLDS:
        word = word.replace(a, b)
    end = "-" if word[-1:] in "aeiouy" and len(word) > 1 else ""
    return word[:1] + _SKELETON_DROP.sub("", word[1:]) + end


def variant_score(a: str, b: str) -> float:
    """How likely two different keys are one name spelled two ways: 0 when any word's skeleton
    differs or the word counts differ, else the lowest per-word similarity (0..1)."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or not wa:
        return 0.0
    worst = 1.0
    for x, y in zip(wa, wb, strict=True):
        if x == y:
            continue
        if skeleton(x) != skeleton(y) or len(x) < 3:
            return 0.0
        worst = min(worst, Indel.normalized_similarity(x, y))
    return worst


def block(key_: str) -> str:
    """Candidates for a variant match share this: the skeletons of the words, in order."""
    return " ".join(skeleton(w) for w in key_.split())
