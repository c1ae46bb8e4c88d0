"""Opening a store's database: the URL, SQLite's settings, the tables and the schema version.

SQLAlchemy Core keeps the SQL portable: SQLite for a laptop, PostgreSQL for a server."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event, insert, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from dossier import settings
from dossier.db.migrate import upgrade
from dossier.db.schema import SCHEMA_VERSION, meta, metadata
from dossier.errors import StoreError

BUSY_MS = 30_000  # how long a write waits for another writer


def default_db() -> str:
    return settings.DB.get() or "dossier.db"


def url_of(db: str) -> str:
    return db if "://" in db else f"sqlite:///{db}"


def shown(db: str) -> str:
    """`db` as a message may show it: a URL's password masked."""
    try:
        return make_url(db).render_as_string(hide_password=True) if "://" in db else db
    except ArgumentError:
        return db


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_MS}")
    cur.close()


def open_engine(db: str) -> Engine:
    """The engine of `db` with every table in place and the schema version checked."""
    try:
        engine = create_engine(url_of(db))
    except ImportError as exc:  # the URL names a driver that is not installed (psycopg for PostgreSQL)
        driver = exc.name or "its driver"
        hint = "pip install 'psycopg[binary]'" if "postgresql" in db.split("://", 1)[0] else f"install {driver}"
        raise StoreError(f"cannot open database {shown(db)!r}: the driver {driver} is not installed; {hint}") from None
    except (SQLAlchemyError, ValueError) as exc:  # a malformed URL, an unknown dialect
        raise StoreError(f"cannot open database {shown(db)!r}: {exc}") from None
    try:
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        metadata.create_all(engine)
        with engine.begin() as conn:
            version = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
            if version is None:
                conn.execute(insert(meta).values(key="schema_version", value=str(SCHEMA_VERSION)))
            elif int(version) > SCHEMA_VERSION:
                raise StoreError(f"{shown(db)} was written by a newer dossier (schema {version}); upgrade dossier")
            elif int(version) < SCHEMA_VERSION:
                upgrade(conn, int(version))
                conn.execute(update(meta).where(meta.c.key == "schema_version").values(value=str(SCHEMA_VERSION)))
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open database {shown(db)!r}: {exc.__class__.__name__}: {exc}") from exc
    return engine
