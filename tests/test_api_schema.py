"""Schemathesis against the published OpenAPI schema: generated requests for every operation (the
token sent, so writes are exercised too) must get a documented status, a documented content type
and a body that matches the schema; none may cause a server error."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks
from typer.testing import CliRunner

from dossier.api.access import Settings
from dossier.api.app import create_app
from dossier.cli.main import app as cli

from .conftest import SEEDS

TOKEN = "schema-test-token"
DB = str(Path(tempfile.mkdtemp(prefix="dossier-schema-")) / "seeds.db")
# the app opens the (empty) store now; the fixture below fills it before the first request
schema = schemathesis.openapi.from_asgi(
    "/api/openapi.json", create_app(Settings(db=DB, tokens=[TOKEN], host_names=["testserver"]))
)
# fetching URLs needs the network, which tests do not have: that route's refusals are tested in test_api
schema = schema.exclude(path="/api/ingest/urls")


@pytest.fixture(scope="module", autouse=True)
def seeds() -> None:
    result = CliRunner().invoke(cli, ["ingest", str(SEEDS), "--db", DB])
    assert result.exit_code == 0, result.output


@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_every_operation_keeps_its_contract(case: schemathesis.Case) -> None:
    # An uploaded file is bytes, whatever the schemathesis generator meant them to be ("an object
    # where a string was due" is not a malformed upload): that one check cannot apply to it.
    skip = [checks.negative_data_rejection] if case.path == "/api/ingest/file" else []
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, excluded_checks=skip)
