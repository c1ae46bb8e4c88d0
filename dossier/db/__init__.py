"""The ground floor of persistence: the engine, the tables and the change log. It imports nothing
else of dossier but its errors and settings; resolution and the store build on it."""
