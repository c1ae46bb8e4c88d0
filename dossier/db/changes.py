"""The change log: what readers need to know about writes.

- `mark` notes reports whose incident the read model must assemble again (new, rewritten, deleted
  or named by a decision), inside the writing transaction, so a change is never stored unmarked.
- `touch` bumps the store's generation on every write; readers that keep readings between writes
  (store.cache) drop them when it moves."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Integer, Text, cast, insert, select, update

from dossier.db.schema import meta, view_changes


def read_meta(conn: Connection, key: str) -> str | None:
    value = conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar()
    return None if value is None else str(value)


def write_meta(conn: Connection, key: str, value: str) -> None:
    if conn.execute(update(meta).where(meta.c.key == key).values(value=value)).rowcount == 0:
        conn.execute(insert(meta).values(key=key, value=value))


def generation(conn: Connection) -> str:
    return read_meta(conn, "generation") or "0"


def touch(conn: Connection) -> None:
    """Record that the stored facts changed (inside the writing transaction); one statement, so
    two writers never both write the same next value."""
    bumped = update(meta).where(meta.c.key == "generation").values(value=cast(cast(meta.c.value, Integer) + 1, Text))
    if conn.execute(bumped).rowcount == 0:
        conn.execute(insert(meta).values(key="generation", value="1"))


def mark(conn: Connection, report_ids: Iterable[str]) -> None:
    """Note reports whose incident must be assembled again."""
    rows = [{"report_id": r} for r in dict.fromkeys(report_ids)]
    if rows:
        conn.execute(insert(view_changes), rows)
