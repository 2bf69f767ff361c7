"""One error tree for geotrack.

Every error geotrack raises on purpose derives from :class:`GeotrackError`; each subclass also derives
from the built-in exception it resembles, so callers that catch ``ValueError`` or ``OSError`` keep
working. The CLI catches :class:`GeotrackError`, prints its message to stderr and exits 1; any other
exception is a bug and keeps its traceback.
"""

from __future__ import annotations


class GeotrackError(Exception):
    """Root of every error geotrack raises on purpose.

    ``field`` names what was wrong, as the library calls it (a parameter such as ``date``, ``db`` or
    ``out_dir``), and ``value`` is the value given; both are None when the error is not about one input.
    The message speaks of the library's parameters, never of command-line flags: the CLI words it for
    people, with its flags (``geotrack.cli._common.error_message``).
    """

    def __init__(self, *args: object, field: str | None = None, value: object = None) -> None:
        super().__init__(*args)
        self.field = field
        self.value = value


class GazetteerError(GeotrackError, ValueError):
    """A gazetteer file is missing, malformed or inconsistent."""


class InputError(GeotrackError, ValueError):
    """An input document, file or option cannot be used as given."""


class StorageError(GeotrackError, OSError):
    """The database cannot be opened, migrated or written."""


class DiskFullError(StorageError):
    """The disk holding the database is full: what was committed before is kept; free space and resume."""


class ReadOnlyStoreError(StorageError):
    """The database (or its folder) cannot be written: reading works, storing does not."""


class ForeignDatabaseError(StorageError):
    """The file is not a geotrack database: not SQLite, another program's SQLite file, or a schema newer
    than this geotrack knows. Nothing is written to it."""


class GeocodingError(GeotrackError, RuntimeError):
    """A geocoder failed or was used without its required settings."""


class ExportError(GeotrackError, ValueError):
    """An output (map, export, report) cannot be produced as asked."""
