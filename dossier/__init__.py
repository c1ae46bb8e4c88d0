"""dossier: raw news about political violence in, evidence-linked data out."""

from dossier.model import Article, Document, RawRecord, Rejection
from dossier.pipeline import process

__all__ = ["Article", "Document", "RawRecord", "Rejection", "process"]
__version__ = "0.1.0"
