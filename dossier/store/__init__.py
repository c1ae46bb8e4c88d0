"""Store: documents, articles, incidents, actors and rejections behind one interface (SQLite by
default, any SQLAlchemy URL)."""

from __future__ import annotations

from dossier.db.engine import default_db
from dossier.store.store import Store
from dossier.store.writer import DocumentResult

__all__ = ["DocumentResult", "Store", "default_db"]
