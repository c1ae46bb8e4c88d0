"""dossier: raw news about political violence in, evidence-linked data out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dossier.model import Article, Document, IncidentReport, RawRecord, Rejection

if TYPE_CHECKING:
    from dossier.pipeline import process

__all__ = ["Article", "Document", "IncidentReport", "RawRecord", "Rejection", "process"]
__version__ = "0.3.0"


def __getattr__(name: str) -> Any:
    if name == "process":  # imported on use: it loads the NLP stack
        from dossier.pipeline import process

        return process
    raise AttributeError(name)
