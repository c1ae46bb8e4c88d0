"""The time limit of a request: all the queries it runs together stop after `time_limit` seconds
(a 503 with code "timeout"). The deadline is the request's, not each statement's: SQLite checks it
from a progress handler; on PostgreSQL each statement is given what is left of it as its
`statement_timeout` (SET LOCAL, so it ends with the transaction), and one that would start past
it is not sent at all."""

from __future__ import annotations

import math
import threading
import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from dossier.api.access import Settings
from dossier.errors import DossierError, InputError
from dossier.store import Store

_deadline = threading.local()
MIN_SECONDS = 0.001  # PostgreSQL counts whole milliseconds, and 0 ms would mean no limit at all
_MAX_MS = 2**31 - 1  # the largest statement_timeout PostgreSQL takes


class QueryTimeout(DossierError):
    pass


def check_time_limit(seconds: float) -> float:
    if not math.isfinite(seconds) or seconds < MIN_SECONDS:
        raise InputError(f"the time limit must be at least {MIN_SECONDS:g} s (1 ms), not {seconds:g}; see --time-limit")
    return seconds


def _sqlite_progress(dbapi_conn: Any, _record: Any) -> None:
    def check() -> int:
        until = getattr(_deadline, "until", None)
        return 1 if until is not None and time.monotonic() > until else 0

    dbapi_conn.set_progress_handler(check, 20_000)


def _postgresql_budget(conn: Any, _cursor: Any, _statement: Any, _params: Any, _context: Any, _many: bool) -> None:
    """Before each statement of a request under a deadline: the time left is its statement_timeout
    (set on a cursor of its own: the statement's may be a server-side one)."""
    until = getattr(_deadline, "until", None)
    if until is None:
        return
    left = until - time.monotonic()
    if left <= 0:
        raise QueryTimeout(f"the query took longer than {_deadline.seconds:g} s; narrow the filters")
    with conn.connection.dbapi_connection.cursor() as cur:
        cur.execute(f"SET LOCAL statement_timeout = {min(_MAX_MS, max(1, math.ceil(left * 1000)))}")


class Limited:
    """`with Limited(seconds):` around the store calls of one request."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __enter__(self) -> None:
        _deadline.until = time.monotonic() + self.seconds
        _deadline.seconds = self.seconds

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        _deadline.until = None
        stopped = isinstance(exc, OperationalError) and "interrupted" in str(exc.orig)  # by _sqlite_progress
        cancelled = isinstance(exc, OperationalError) and "statement timeout" in str(exc.orig)  # by PostgreSQL
        if stopped or cancelled:
            raise QueryTimeout(f"the query took longer than {self.seconds:g} s; narrow the filters") from exc


def open_store(settings: Settings) -> Store:
    """The store, with every connection it makes under the request deadline."""
    check_time_limit(settings.time_limit)
    store = Store(settings.db)
    if store.engine.dialect.name == "sqlite":
        event.listen(store.engine, "connect", _sqlite_progress)
        store.engine.dispose()  # connections made before the listener lack the handler
    elif store.engine.dialect.name == "postgresql":
        event.listen(store.engine, "before_cursor_execute", _postgresql_budget)
    return store
