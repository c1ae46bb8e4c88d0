"""Language identification with py3langid (its model ships inside the package)."""

from __future__ import annotations

from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

CONFIDENT = 0.5  # below this the text is probably not language at all (code, tables, lists of names)


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """Loaded once per process; read-only afterwards."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the text's language, judged on its first few thousand characters."""
    sample = text[:4000]
    if not sample.strip():
        return "und", 0.0
    lang, prob = _identifier().classify(sample)
    return str(lang), float(prob)
