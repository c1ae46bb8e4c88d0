"""The time limit of a request: every query it runs stops after `time_limit` seconds (a 503 with
code "timeout"). SQLite checks a per-thread deadline from a progress handler; PostgreSQL applies
`statement_timeout`."""

from __future__ import annotations

import threading
import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from dossier.api.access import Settings
from dossier.errors import DossierError
from dossier.store import Store

_deadline = threading.local()


class QueryTimeout(DossierError):
    pass


def _sqlite_progress(dbapi_conn: Any, _record: Any) -> None:
    def check() -> int:
        until = getattr(_deadline, "until", None)
        return 1 if until is not None and time.monotonic() > until else 0

    dbapi_conn.set_progress_handler(check, 20_000)


class Limited:
    """`with Limited(seconds):` around the store calls of one request."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __enter__(self) -> None:
        _deadline.until = time.monotonic() + self.seconds

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        _deadline.until = None
        stopped = isinstance(exc, OperationalError) and "interrupted" in str(exc.orig)  # by _sqlite_progress
        cancelled = isinstance(exc, OperationalError) and "statement timeout" in str(exc.orig)  # by PostgreSQL
        if stopped or cancelled:
            raise QueryTimeout(f"the query took longer than {self.seconds:g} s; narrow the filters") from exc


def open_store(settings: Settings) -> Store:
    """The store, with every connection it makes under the request deadline."""
    store = Store(settings.db)
    if store.engine.dialect.name == "sqlite":
        event.listen(store.engine, "connect", _sqlite_progress)
        store.engine.dispose()  # connections made before the listener lack the handler
    elif store.engine.dialect.name == "postgresql":
        ms = int(settings.time_limit * 1000)

        def statement_timeout(dbapi_conn: Any, _record: Any) -> None:
            with dbapi_conn.cursor() as cur:
                cur.execute(f"SET statement_timeout = {ms}")

        event.listen(store.engine, "connect", statement_timeout)
        store.engine.dispose()
    return store
