"""Ingest: turn paths, globs, stdin and URLs into raw records (or rejections with a reason)."""

from dossier.ingest.sources import iter_records, resolve_inputs

__all__ = ["iter_records", "resolve_inputs"]
