"""The command line refuses what cannot be right in one line and exit code 2, never a traceback:
days outside the calendar, incident types outside the taxonomy, NUL bytes, a token file that is not
there, a time limit under a millisecond, a PostgreSQL URL without its driver. URL ingest fetches
from public addresses only unless --allow-private-urls."""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from dossier.cli.main import main
from dossier.vocab import INCIDENT_TYPES

from .conftest import ingest_seeds

KARACHI = "inc_ab5fa75b5b7e301e"
FORMS = "use YYYY, YYYY-MM or YYYY-MM-DD"


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return ingest_seeds(tmp_path_factory, "cli_validation")


def dossier(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, list[str]]:
    """`dossier ARGS` in this process, as the installed command runs it (main(): exit codes and the
    one-line error): its exit code, standard output and the lines of standard error."""
    monkeypatch.setattr(sys, "argv", ["dossier", *args])
    with pytest.raises(SystemExit) as stop:
        main()
    captured = capsys.readouterr()
    code = stop.value.code
    return code if isinstance(code, int) else (0 if code is None else 1), captured.out, captured.err.splitlines()


def test_a_day_outside_the_calendar_is_one_line_and_exit_code_2(seeds_db: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dossier", "incidents", "--since", "2025-02-31", "--db", seeds_db],
        capture_output=True,
        text=True,
    )
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.splitlines() == [f"error: --since: '2025-02-31' is no day of the calendar; {FORMS}"]


def test_filters_are_checked_before_the_store_is_read(
    seeds_db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    listed = ", ".join(INCIDENT_TYPES)
    cases = {
        ("--until", "2025-13"): f"--until: '2025-13' is no day of the calendar; {FORMS}",
        ("--since", "2023-02-29"): f"--since: '2023-02-29' is no day of the calendar; {FORMS}",
        ("--since", "last week"): f"--since: 'last week' is not a date; {FORMS}",
        ("--type", "nope"): f"--type: 'nope' is not an incident type; use one of: {listed}",
        ("--q", "a\x00b"): "--q must not contain a NUL byte",
        ("--actor", "a\x00b"): "--actor must not contain a NUL byte",
        ("--place", "\x00"): "--place must not contain a NUL byte",
    }
    for option, message in cases.items():
        code, out, err = dossier(monkeypatch, capsys, "incidents", *option, "--db", seeds_db, "--json")
        assert (code, out, err) == (2, "", [f"error: {message}"]), option
    code, out, _ = dossier(
        monkeypatch, capsys, "incidents", "--since", "2024-07", "--until", "2024-07", "--db", seeds_db, "--json"
    )
    assert code == 0 and [i["id"] for i in json.loads(out)] == [KARACHI]  # a month reaches to its end, as in the API
    code, out, _ = dossier(monkeypatch, capsys, "incidents", "--type", "bombing", "--db", seeds_db, "--json")
    assert code == 0 and len(json.loads(out)) == 4


def test_a_nul_byte_in_any_argument_is_refused(
    seeds_db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = {
        ("actors", "--q", "a\x00b"): "--q must not contain a NUL byte",
        ("actors", "--kind", "a\x00b"): "--kind must not contain a NUL byte",
        ("actor", "Lashkar\x00"): "REF must not contain a NUL byte",
        ("incident", "inc_\x00"): "INCIDENT_ID must not contain a NUL byte",
        ("show", "art_\x00"): "ARTICLE_ID must not contain a NUL byte",
        ("merge", KARACHI, "inc_\x00"): "SECOND must not contain a NUL byte",
        ("merge", KARACHI, KARACHI, "--reason", "\x00"): "--reason must not contain a NUL byte",
        ("ingest", "a\x00b"): "PATHS must not contain a NUL byte",
    }
    for args, message in cases.items():
        code, out, err = dossier(monkeypatch, capsys, *args, "--db", seeds_db)
        assert (code, out, err) == (2, "", [f"error: {message}"]), args
    code, out, _ = dossier(
        monkeypatch, capsys, "actors", "--q", "taiba", "--kind", "armed_group", "--db", seeds_db, "--json"
    )
    assert code == 0 and json.loads(out)[0]["id"] == "act_let"


def test_serve_refuses_a_missing_token_file_and_a_time_limit_under_a_millisecond(
    seeds_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "missing-tokens")
    hint = "give a file with one token per line"
    code, _, err = dossier(monkeypatch, capsys, "serve", "--db", seeds_db, "--token-file", missing)
    assert (code, err) == (2, [f"error: cannot read the token file {missing!r}: No such file or directory; {hint}"])
    code, _, err = dossier(monkeypatch, capsys, "serve", "--db", seeds_db, "--token-file", str(tmp_path))
    assert (code, err) == (2, [f"error: cannot read the token file {str(tmp_path)!r}: Is a directory; {hint}"])
    for value, shown in (("0.0005", "0.0005"), ("0", "0"), ("nan", "nan")):
        code, _, err = dossier(monkeypatch, capsys, "serve", "--db", seeds_db, "--time-limit", value)
        assert (code, err) == (
            2,
            [f"error: the time limit must be at least 0.001 s (1 ms), not {shown}; see --time-limit"],
        ), value


def test_a_postgresql_url_without_its_driver_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if psycopg were not installed: importing it fails
    monkeypatch.setenv("DOSSIER_DB", "postgresql+psycopg://dossier:s3cret@127.0.0.1:1/dossier")
    expected = [
        "error: cannot open database 'postgresql+psycopg://dossier:***@127.0.0.1:1/dossier': "
        "the driver psycopg is not installed; pip install 'psycopg[binary]'"
    ]
    for args in (("incidents",), ("serve",), ("ingest", str(tmp_path))):
        code, out, err = dossier(monkeypatch, capsys, *args)
        assert (code, out, err) == (2, "", expected), args  # the password is not shown


@pytest.fixture
def kech() -> Iterator[str]:
    """A page on a loopback HTTP server; its URL."""
    page = (
        b"<html><head><title>Levies man killed in Kech</title></head><body><article><h1>Levies man killed in Kech"
        b"</h1><p>A Levies sepoy was killed and two others were injured when unidentified gunmen opened fire on a "
        b"checkpost in Kech district on Friday, officials said.</p><p>The attackers escaped under cover of "
        b"darkness. A case was registered and a search operation was launched, the deputy commissioner said.</p>"
        b"</article></body></html>"
    )

    class Pages(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/kech.html"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_ingest_fetches_from_loopback_only_when_allowed(
    kech: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "urls.db")
    code, out, _ = dossier(monkeypatch, capsys, "ingest", kech, "--db", db, "--json", "--no-extract")
    assert code == 0
    assert (json.loads(out)["documents_new"], json.loads(out)["rejected"]) == (0, {"fetch_error": 1})
    code, out, _ = dossier(monkeypatch, capsys, "rejections", "--db", db, "--json")
    assert [(r["origin"], r["reason"], r["detail"]) for r in json.loads(out)] == [
        (kech, "fetch_error", "could not fetch the page")
    ]
    code, out, _ = dossier(
        monkeypatch, capsys, "ingest", kech, "--db", db, "--json", "--no-extract", "--allow-private-urls"
    )
    assert code == 0 and (json.loads(out)["documents_new"], json.loads(out)["rejected"]) == (1, {})
