"""Reader warnings as Python warnings and log records, besides the record's metadata.

A reader writes what it did or could not do into ``metadata.warnings`` (and a spectra
reader into ``Spectra.notes``); :func:`semisolid.io.read` and :func:`semisolid.io.read_spectra`
also issue each one as a :class:`~semisolid.errors.ReaderWarning` (``warnings`` module; the
command line prints them as ``warning: ...``) and log it at level WARNING on the
``semisolid.io`` logger.

Examples
--------
>>> import warnings
>>> from semisolid.io.data import CyclingData, ReaderMetadata
>>> rec = CyclingData.from_arrays([0.0, 1.0], [0.1, 0.1], [1e-3, 1e-3],
...                               metadata=ReaderMetadata(warnings=["no current column"]))
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     _ = emit_reader_warnings(rec)
>>> [str(w.message) for w in caught], caught[0].category.__name__
(['no current column'], 'ReaderWarning')
"""

from __future__ import annotations

import logging
import warnings
from typing import Any, TypeVar

from semisolid.errors import ReaderWarning

__all__ = ["LOGGER", "emit_reader_warnings", "reader_warnings"]

LOGGER = logging.getLogger("semisolid.io")
"""The logger reader warnings go to."""

T = TypeVar("T")


def reader_warnings(data: Any) -> list[str]:
    """The reader warnings of a record or of spectra (metadata warnings, then spectra notes),
    each once.

    Examples
    --------
    >>> from semisolid.io.data import Spectra
    >>> reader_warnings(Spectra(notes=["2 rows with frequency <= 0 dropped"]))
    ['2 rows with frequency <= 0 dropped']
    """
    md = getattr(data, "metadata", None)
    spectra = data if hasattr(data, "notes") else getattr(data, "spectra", None)
    msgs = [*(getattr(md, "warnings", None) or []), *(getattr(spectra, "notes", None) or [])]
    return list(dict.fromkeys(str(m) for m in msgs))


def emit_reader_warnings(data: T) -> T:
    """Issue each reader warning of `data` as a :class:`ReaderWarning` and log it; return
    `data` unchanged."""
    for msg in reader_warnings(data):
        LOGGER.warning(msg)
        warnings.warn(msg, ReaderWarning, stacklevel=3)
    return data
