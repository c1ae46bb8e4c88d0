"""Store: documents, articles and rejections behind one interface (SQLite by default, any SQLAlchemy URL)."""

from dossier.store.sql import DocumentResult, Store, default_db

__all__ = ["DocumentResult", "Store", "default_db"]
