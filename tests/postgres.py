"""A throwaway PostgreSQL server for tests: Debian's binaries, a data folder in the session's temp
folder, listening on loopback only; skipped, with the reason, where it cannot be started."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return Path(found[-1]).parent
    which = shutil.which("pg_ctl")
    return Path(which).parent if which else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server(folder: Path) -> Iterator[str]:
    """Yield the SQLAlchemy URL of a fresh server's `postgres` database; stop the server afterwards."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed: pip install -c constraints.txt -e '.[dev]'")
    bin_dir = _binaries()
    if bin_dir is None:
        pytest.skip("PostgreSQL server binaries are absent (Debian: apt-get install postgresql)")
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: run the server as the postgres account
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no postgres account to run the server as")
        as_user = ["runuser", "-u", "postgres", "--"]
        folder = Path(tempfile.mkdtemp(prefix="dossier-pg-"))  # pytest's temp folders are closed to others
        os.chown(folder, account.pw_uid, account.pw_gid)
    data, port = folder / "data", _free_port()

    def run(*cmd: str) -> None:
        done = subprocess.run([*as_user, *cmd], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            pytest.skip(f"PostgreSQL could not be started: {(done.stderr or done.stdout).strip()[-300:]}")

    run(str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "dossier", "--no-sync", "-E", "UTF8")
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c full_page_writes=off"
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start")
    try:
        yield f"postgresql+psycopg://dossier@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], timeout=60)
        if as_user:
            shutil.rmtree(folder, ignore_errors=True)


def create_database(url: str, name: str) -> str:
    """A new empty database on the server of `url`; returns its URL."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url.rsplit("/", 1)[0] + "/" + name
