"""The REST API and the web UI server (`dossier serve`)."""
