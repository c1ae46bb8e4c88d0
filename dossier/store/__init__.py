"""Store: documents, articles and rejections behind one interface (SQLite by default, any SQLAlchemy URL)."""

from dossier.store.sql import Store, default_db
from dossier.store.writer import DocumentResult

__all__ = ["DocumentResult", "Store", "default_db"]
