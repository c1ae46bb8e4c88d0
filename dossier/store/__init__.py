"""Store: documents, articles and rejections behind one interface (SQLite by default, any SQLAlchemy URL)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dossier.store.sql import Store, default_db
    from dossier.store.writer import DocumentResult

__all__ = ["DocumentResult", "Store", "default_db"]


def __getattr__(name: str) -> Any:
    """Imported on use, so that `dossier.store.schema` can be read (by resolve/) without the store."""
    if name in ("Store", "default_db"):
        from dossier.store import sql

        return getattr(sql, name)
    if name == "DocumentResult":
        from dossier.store.writer import DocumentResult

        return DocumentResult
    raise AttributeError(name)
