"""Every environment variable dossier reads, with its default and what it does: one place to look,
and the table `dossier --help` and the README document."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | None
    help: str

    def get(self) -> str | None:
        value = os.environ.get(self.name)
        return value if value not in (None, "") else self.default


DB = Setting("DOSSIER_DB", "dossier.db", "the store: a SQLite path or a SQLAlchemy URL (postgresql+psycopg://…)")
TOKENS = Setting("DOSSIER_TOKENS", None, "API tokens, comma-separated (or `dossier serve --token-file`)")
TILES = Setting("DOSSIER_TILES", None, "an online tile layer URL for the map (or `dossier serve --tiles`)")
TILES_ATTRIBUTION = Setting("DOSSIER_TILES_ATTRIBUTION", None, "the attribution shown under that tile layer")
LOG_LEVEL = Setting("DOSSIER_LOG_LEVEL", "WARNING", "logging level: DEBUG shows the traceback of every rejection")

ALL = (DB, TOKENS, TILES, TILES_ATTRIBUTION, LOG_LEVEL)
