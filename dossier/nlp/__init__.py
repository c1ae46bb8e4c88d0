"""The spaCy stage: the English model, loaded once per process, and its sentence rule."""
