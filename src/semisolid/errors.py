"""Exception types of semisolid.

Every error a user can cause is a :class:`SemisolidError` whose message names the
file, line, byte offset or field at fault and what was expected.

Examples
--------
>>> from semisolid.errors import InputError
>>> str(InputError("x_K=1.2 is outside [0, 1]", field="composition"))
'composition: x_K=1.2 is outside [0, 1]'
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "DatabaseError",
    "FileFormatError",
    "InputError",
    "ReaderWarning",
    "SemisolidError",
    "suggest",
]


class SemisolidError(Exception):
    """Base class of every error raised on purpose by semisolid."""


class InputError(SemisolidError, ValueError):
    """A value given by the user is invalid.

    Parameters
    ----------
    message : str
        What is wrong and what was expected.
    field : str, optional
        The name of the argument, CLI option or column at fault; prefixed to the message.
    """

    def __init__(self, message: str, field: str | None = None):
        self.field = field
        super().__init__(f"{field}: {message}" if field else message)


class FileFormatError(SemisolidError, ValueError):
    """A file cannot be read as the format it claims to be.

    Parameters
    ----------
    path : str
        The file.
    message : str
        What was found and what was expected.
    offset : int, optional
        Byte offset of the problem (binary files).
    line : int, optional
        1-based line number of the problem (text files).

    Examples
    --------
    >>> str(FileFormatError("cell.mpr", "bad module header", offset=1024))
    'cell.mpr (byte 1024): bad module header'
    """

    def __init__(
        self,
        path: str,
        message: str,
        *,
        offset: int | None = None,
        line: int | None = None,
    ):
        self.path = str(path)
        self.offset = offset
        self.line = line
        where = self.path
        if offset is not None:
            where += f" (byte {offset})"
        if line is not None:
            where += f" (line {line})"
        super().__init__(f"{where}: {message}")


class DatabaseError(SemisolidError, ValueError):
    """A thermodynamic database or results catalog cannot be used."""


class ReaderWarning(UserWarning):
    """What a file reader did or could not do (a missing column, dropped rows, an assumed
    unit); the same text is in the record's ``metadata.warnings`` (or ``Spectra.notes``) and
    on the ``semisolid.io`` logger."""


def suggest(name: str, options: Iterable[str]) -> str:
    """Return a ``" (did you mean 'X'?)"`` hint for a misspelt name, or ``""``.

    Examples
    --------
    >>> suggest("Liquid", ["LIQUID", "BCC_A2"])
    " (did you mean 'LIQUID'?)"
    >>> suggest("zzz", ["LIQUID"])
    ''
    """
    opts = list(options)
    lower = {o.lower(): o for o in opts}
    if name.lower() in lower:
        return f" (did you mean {lower[name.lower()]!r}?)"
    close = difflib.get_close_matches(name, opts, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
