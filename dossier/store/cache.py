"""What readers keep between writes: a server answers many requests between two writes, and some
readings (canonical actors, every entity's statistics, a big actor's profile) cost a pass over a
large table. Any write bumps the store's generation (db.changes.touch), which empties this."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from dossier.db.changes import generation

_kept: dict[str, tuple[str, dict[Any, Any]]] = {}  # store url -> (generation, what was read at it)


def kept(conn: Connection) -> dict[Any, Any]:
    """Readings kept while the store does not change: a server answers many requests between two
    writes, and some readings (canonical actors, every entity's statistics, a big actor's profile)
    cost a pass over a large table. Any write bumps the generation, which empties this."""
    url, gen = str(conn.engine.url), generation(conn)
    entry = _kept.get(url)
    if entry is None or entry[0] != gen:
        entry = (gen, {})
        _kept[url] = entry
    return entry[1]
