"""An ingest run: stream records from the inputs, clean each one (in this process or a pool),
store the result, and count everything that happened."""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from typing import Any, TypeVar

from dossier.ids import digest
from dossier.ingest.sources import DEFAULT_MAX_BYTES, Input, iter_records
from dossier.model import Document, RawRecord, Rejection
from dossier.pipeline import document_id, process
from dossier.store import Store
from dossier.store.writer import Writer

T = TypeVar("T")
log = logging.getLogger(__name__)
BATCH = 32


@dataclass
class RunReport:
    run_id: str = ""
    records: int = 0
    documents_new: int = 0
    documents_unchanged: int = 0
    articles_new: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    incident_reports: int = 0
    merge_decisions: int = 0
    new_reports: list[str] = field(default_factory=list)
    rejected: Counter[str] = field(default_factory=Counter)
    boilerplate: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    status: str = "finished"

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "status": self.status,
            "records": self.records,
            "documents_new": self.documents_new,
            "documents_unchanged": self.documents_unchanged,
            "articles_new": self.articles_new,
            "exact_duplicates": self.exact_duplicates,
            "near_duplicates": self.near_duplicates,
            "incident_reports": self.incident_reports,
            "merge_decisions": self.merge_decisions,
            "rejected": dict(self.rejected),
            "rejected_total": sum(self.rejected.values()),
            "boilerplate_removed": dict(self.boilerplate),
            "seconds": round(self.seconds, 3),
            "articles_per_second": round(self.articles_new / self.seconds, 1) if self.seconds else None,
        }


@dataclass(frozen=True)
class Stored:
    """A record whose document is already in the store: nothing to clean."""

    origin: str
    document_id: str


Item = Document | Rejection | Stored


def _processed(records: Iterable[RawRecord | Rejection], store: Writer, workers: int, extract: bool) -> Iterator[Item]:
    """Clean records in order, skipping those already stored; with workers > 1, a bounded batch at
    a time across processes."""

    def todo(rec: RawRecord | Rejection) -> RawRecord | Rejection | Stored:
        if isinstance(rec, Rejection):
            return rec
        doc_id = document_id(rec)
        return Stored(rec.origin, doc_id) if store.has_document(doc_id) else rec

    items = map(todo, records)
    if workers <= 1:
        for rec in items:
            yield process_safely(rec, extract) if isinstance(rec, RawRecord) else rec
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent) as pool:
        while batch := list(islice(items, BATCH * workers)):
            raws = [r for r in batch if isinstance(r, RawRecord)]
            done = iter(pool.map(partial(process_safely, extract=extract), raws, chunksize=4))
            for rec in batch:
                yield next(done) if isinstance(rec, RawRecord) else rec


def die_with_parent() -> None:
    """A worker process ends when the run that started it dies, even by kill -9: Linux is asked to
    signal it (PR_SET_PDEATHSIG), and a watchdog thread checks the parent elsewhere."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


RECORD_SECONDS = 120  # one record taking longer than this is stopped and rejected (a capped one takes ~15 s)


class RecordTimeout(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """An alarm for the record in hand (main thread only: where signals can be delivered)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise RecordTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _guarded(work: Callable[[], T], seconds: float) -> tuple[T | None, str, str]:
    """(result, "", "") or, when `work` raises or runs past `seconds`, (None, reason, detail) with
    reason "error" or "timeout": one record or article must not stop a run."""
    try:
        with time_limit(seconds):
            return work(), "", ""
    except RecordTimeout:
        log.debug("record stopped after %g s", seconds, exc_info=True)
        return None, "timeout", f"took more than {seconds:g} s"
    except Exception as exc:
        log.debug("record rejected after an exception", exc_info=True)
        return None, "error", f"{type(exc).__name__}: {exc}"[:500]


def process_safely(raw: RawRecord, extract: bool, seconds: float = RECORD_SECONDS) -> Document | Rejection:
    """A record that breaks or stalls the pipeline is recorded as rejected with the reason; the batch goes on."""
    result, reason, detail = _guarded(lambda: process(raw, extract), seconds)
    if result is None:
        return Rejection(raw.origin, raw.locator, reason, detail, digest(raw.data))
    return result


def ingest(
    inputs: list[Input],
    store: Store,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    workers: int = 1,
    extract: bool = True,
    command: str = "ingest",
    on_item: Callable[[Item], None] | None = None,
) -> RunReport:
    report = RunReport(run_id=store.start_run(command))
    with _recorded(store, report) as writer:
        _consume(_processed(iter_records(inputs, max_bytes), writer, workers, extract), writer, report, on_item)
    return report


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled as Ctrl-C is: the run stops between writes and is recorded as interrupted."""


@contextmanager
def _terminable() -> Iterator[None]:
    """While a run lasts (in the main thread, where signals arrive), SIGTERM interrupts it like SIGINT."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(_signum: int, _frame: object) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def _recorded(store: Store, report: RunReport | ReextractReport) -> Iterator[Writer]:
    """A run's writer; the run is recorded with its counts as finished or, on any exception,
    interrupt or SIGTERM, as interrupted (what was committed stays). A run killed outright (kill -9,
    a crash) is found by the next store opened on this machine and recorded as abandoned."""
    started = time.perf_counter()
    writer = store.writer(report.run_id)
    try:
        with _terminable(), writer:
            yield writer
    except BaseException:
        report.status = "interrupted"
        raise
    finally:
        report.merge_decisions = writer.merges
        report.seconds = time.perf_counter() - started
        store.finish_run(report.run_id, report.as_dict(), report.status)


def _consume(items: Iterator[Item], writer: Writer, report: RunReport, on_item: Callable[[Item], None] | None) -> None:
    for item in items:
        report.records += 1
        if isinstance(item, Stored):
            report.documents_unchanged += 1
        elif isinstance(item, Rejection):
            report.rejected[item.reason] += 1
            writer.add_rejection(item)
        else:
            result = writer.add_document(item)
            if result.new:
                report.documents_new += 1
                report.articles_new += result.articles
                report.exact_duplicates += result.exact_duplicates
                report.near_duplicates += result.near_duplicates
                report.incident_reports += result.incidents
                report.new_reports += [r.id for a in item.articles for r in a.incidents]
                report.boilerplate.update(item.dropped)
            else:
                report.documents_unchanged += 1
        if on_item is not None:
            on_item(item)


@dataclass
class ReextractReport:
    run_id: str = ""
    articles: int = 0
    incident_reports: int = 0
    entities: int = 0
    relations: int = 0
    merge_decisions: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # article id -> why
    seconds: float = 0.0
    status: str = "finished"

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def reextract(store: Store, on_article: Callable[[str], None] | None = None) -> ReextractReport:
    """Read every stored article again with the installed extractor (after an upgrade, or a change
    to the vocabularies) and put the new reports, actors and relations in place of the old. An
    article that fails or stalls keeps its old reading and is reported; the run goes on."""
    from dossier.extract.article import read  # loads spaCy: only when needed

    report = ReextractReport(run_id=store.start_run("reextract"))
    with _recorded(store, report) as writer:
        for article, doc_text, crawled in store.stored_articles():
            found, _reason, detail = _guarded(
                partial(read, doc_text, article, article.published, crawled), RECORD_SECONDS
            )
            if found is None:
                report.failed[article.id] = detail
                continue
            article.incidents, article.entities, article.relations = found
            writer.replace_extraction(article)
            report.articles += 1
            report.incident_reports += len(article.incidents)
            report.entities += len(article.entities)
            report.relations += len(article.relations)
            if on_article is not None:
                on_article(article.id)
    return report
