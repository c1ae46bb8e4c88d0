"""Sentence boundaries at line breaks: article paragraphs are lines, and a quote that closes a
paragraph must not run into the next one."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("newline_sentences")
def newline_sentences(doc: Doc) -> Doc:
    for tok in doc[1:]:
        if "\n" in doc[tok.i - 1].text or doc[tok.i - 1].whitespace_ == "\n":
            tok.is_sent_start = True
    return doc
