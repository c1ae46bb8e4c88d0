"""Learn the MUC-4 role-filler lexicons from the GRIT *train* split and write dossier/data/muc4_roles.json.

Only grit_train.jsonl is read: dev is for choosing between variants, the withheld test split is never
touched. Everything the extractor knows about MUC-4 beyond the generic verb and slot tables comes from
here, so the file records its provenance and the build is deterministic (same input, same bytes).

    .venv/bin/python scripts/learn_muc4_lexicon.py [--data ../shared/data/muc4] [--out dossier/data/muc4_roles.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
MIN_DOCS = 2  # a head or string must be a filler in this many train documents: no one-off names
FUNCTION_WORDS = frozenset(
    "a an the and or of as that is are was were by on in at to for with from including named than who which "
    "killed murdered wounded kidnapped injured assassinated shot".split()
)


def head_of(mention: str) -> tuple[str, bool]:
    """The head word of a gold mention (last word before a post-modifying "of"), and whether an "of" follows."""
    before, has_of, _ = mention.partition(" of ")
    words = WORD.findall(before)
    return (words[-1] if words else ""), bool(has_of)


def learn(train: list[dict[str, object]]) -> dict[str, object]:
    heads: dict[str, Counter[str]] = defaultdict(Counter)  # head -> role -> documents where it heads a filler
    of_counts: dict[str, Counter[str]] = defaultdict(Counter)  # head -> {"of": n, "all": n}
    fillers: dict[str, Counter[str]] = {role: Counter() for role in ROLES}  # role -> string -> documents
    before_victim: Counter[str] = Counter()
    inside_victim: Counter[str] = Counter()
    doc_words: list[set[str]] = []
    for doc in train:
        text = str(doc["doctext"])
        doc_words.append(set(WORD.findall(text)))
        seen: set[tuple[str, str]] = set()
        extracts = doc["extracts"]
        assert isinstance(extracts, dict)
        for role in ROLES:
            for entity in extracts.get(role, []):
                for mention, offset in entity:
                    head, has_of = head_of(mention)
                    if head:
                        seen.add((role, head))
                        of_counts[head]["all"] += 1
                        of_counts[head]["of"] += has_of
                    fillers[role][mention] += (role, "\0" + mention) not in seen
                    seen.add((role, "\0" + mention))
                    if role == "Victim":
                        inside_victim.update(WORD.findall(mention))
                        previous = WORD.findall(text[max(0, offset - 40) : offset])
                        if previous:
                            before_victim[previous[-1]] += 1
        for role, head in seen:
            if not head.startswith("\0"):
                heads[head][role] += 1
    head_docs = Counter(w for words in doc_words for w in words if w in heads)
    texts = [str(d["doctext"]) for d in train]
    strings: dict[str, dict[str, list[int]]] = {}
    for role in ROLES:
        strings[role] = {}
        for mention, n in sorted(fillers[role].items()):
            if n < MIN_DOCS:
                continue
            pattern = re.compile(r"(?<![\w])" + re.escape(mention) + r"(?![\w])")
            occurs = sum(1 for t in texts if mention in t and pattern.search(t))
            strings[role][mention] = [n, occurs]
    titles = sorted(
        w
        for w, n in before_victim.items()
        if n >= 3 and w not in FUNCTION_WORDS and inside_victim[w] < n and not w.isdigit()
    )
    return {
        "heads": {
            h: [heads[h][r] for r in ROLES] + [head_docs[h]]
            for h in sorted(heads)
            if sum(heads[h].values()) >= MIN_DOCS
        },
        "of_heads": sorted(h for h, c in of_counts.items() if c["of"] >= 2 and c["of"] / c["all"] >= 0.3),
        "titles": titles,
        "strings": strings,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data/muc4", help="folder holding grit_train.jsonl")
    parser.add_argument("--out", default="dossier/data/muc4_roles.json")
    args = parser.parse_args()
    path = Path(args.data) / "grit_train.jsonl"
    raw = path.read_bytes()
    train = [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]
    lexicon = learn(train)
    out = {
        "provenance": {
            "source": "grit_train.jsonl (GRIT MUC-4 train split, 1300 documents; Du, Rush and Cardie 2021, MIT)",
            "sha256": hashlib.sha256(raw).hexdigest(),
            "built_by": "scripts/learn_muc4_lexicon.py",
            "splits_read": ["train"],
        },
        "columns": {
            "heads": [*ROLES, "documents"],
            "heads_note": "per head word: train documents where it heads a gold filler of each role, then "
            "train documents containing the word at all",
            "strings": "per role: filler string -> [train documents where it is a filler, train documents "
            "containing it]; strings seen as a filler in fewer than 2 documents are left out",
            "of_heads": "heads whose gold mentions keep a following 'of' phrase (members of the army)",
            "titles": "words that precede a victim's name in the text but are left out of the gold mention",
        },
        **lexicon,
    }
    Path(args.out).write_text(json.dumps(out, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(out['heads'])} heads, {sum(len(v) for v in out['strings'].values())} strings")


if __name__ == "__main__":
    main()
