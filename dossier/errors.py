"""One exception hierarchy; every message says what went wrong and what to do next."""


class DossierError(Exception):
    """Base of every error dossier raises on purpose."""


class InputError(DossierError):
    """A path or URL given by the user cannot be read at all."""


class StoreError(DossierError):
    """The database cannot be opened or written."""


class NotFound(DossierError):
    """An id or name matched nothing in the store."""
