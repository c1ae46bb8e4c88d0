"""Command line: the only part of dossier that prints."""
