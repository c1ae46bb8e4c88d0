"""MinHash fingerprints of article bodies, and the LSH band keys that find near-duplicates."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np
from datasketch import MinHash

NUM_PERM = 64
BANDS = 16  # 16 bands of 4 rows: pairs above ~0.5 Jaccard usually share a band
ROWS = NUM_PERM // BANDS
SHINGLE = 5
SCHEME = "affine32"  # datasketch 2.x: 32-bit values, no collision bias on large sets
NEAR_DUPLICATE = 0.7  # estimated Jaccard at or above which a later article is a near-duplicate
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The hash permutations depend only on the seed: made once per process, never changed."""
    p: tuple[np.ndarray, np.ndarray] = MinHash(num_perm=NUM_PERM, seed=7, scheme=SCHEME).permutations
    return p


def signature(body: str) -> bytes:
    words = _WORD.findall(body.lower())
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    mh = MinHash(num_perm=NUM_PERM, seed=7, permutations=_permutations(), scheme=SCHEME)
    mh.update_batch([s.encode("utf-8") for s in shingles])
    return bytes(mh.hashvalues.astype(np.uint32).tobytes())


def band_keys(sig: bytes) -> list[str]:
    values = np.frombuffer(sig, dtype=np.uint32)
    return [
        f"{b}:{hashlib.blake2b(values[b * ROWS : (b + 1) * ROWS].tobytes(), digest_size=8).hexdigest()}"
        for b in range(BANDS)
    ]


def similarity(a: bytes, b: bytes) -> float:
    va, vb = np.frombuffer(a, dtype=np.uint32), np.frombuffer(b, dtype=np.uint32)
    return float(np.mean(va == vb)) if len(va) == len(vb) and len(va) else 0.0


def body_hash(body: str) -> str:
    return hashlib.sha256(" ".join(body.split()).lower().encode("utf-8")).hexdigest()
