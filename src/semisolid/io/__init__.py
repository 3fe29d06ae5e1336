"""Potentiostat files in, one data format out: :class:`CyclingData` and :class:`Spectra`.

:func:`read` dispatches through a registry of readers (by ``format=``, magic bytes or
extension). Built in: Bio-Logic EC-Lab ``.mpr`` (own MIT reader) and ``.mpt`` text exports,
CSV/TSV with automatic or explicit column mapping, Gamry ``.DTA`` impedance files. Add a
reader with :func:`register_reader`. Every reader maps its columns onto the canonical
quantities and states what the file says about itself (:class:`ReaderMetadata`);
:func:`semisolid.io.assemble.assemble` builds the record the same way for all of them.

:func:`write` dispatches through a registry of writers (by ``format=`` or the output
suffix): the canonical tables as CSV or Parquet (:mod:`semisolid.io.tables`) and EC-Lab
text exports (``.mpt``). Add a writer with :func:`register_writer`.

A pure impedance file reads into a :class:`CyclingData` whose ``spectra`` hold the spectra
(its cycling table has the file's rows, or zero rows when the file has no time column);
:func:`read_spectra` returns the :class:`Spectra` directly. The command-line workflows
(summarise, export) are in :mod:`semisolid.io.workflows`.

Examples
--------
>>> import semisolid.io as sio
>>> "biologic-mpr" in sio.supported_formats()
True
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from semisolid.io.data import (
    CyclingData,
    CyclingMetadata,
    ReaderMetadata,
    Spectra,
    Spectrum,
    cumulative_charge,
    file_sha256,
    half_cycles_from_set_current,
)
from semisolid.io.notices import emit_reader_warnings
from semisolid.io.registry import REGISTRY, WRITERS, ReaderInfo, WriterInfo

__all__ = [
    "CyclingData",
    "CyclingMetadata",
    "ReaderInfo",
    "ReaderMetadata",
    "Spectra",
    "Spectrum",
    "WriterInfo",
    "cumulative_charge",
    "file_sha256",
    "half_cycles_from_set_current",
    "read",
    "read_spectra",
    "register_reader",
    "register_writer",
    "supported_formats",
    "writable_formats",
    "write",
]


def read(path: str | Path, format: str | None = None, *, preset: str | None = None,
         **options: Any) -> CyclingData:
    """Read a potentiostat file into :class:`CyclingData` (spectra in ``.spectra``).

    Parameters
    ----------
    path : str or Path
    format : str, optional
        A name from :func:`supported_formats`; detected from magic bytes, a reader's
        recognition of the header (the cycler presets), then the extension when omitted.
    preset : str, optional
        A cycler column preset (:data:`semisolid.io.presets.PRESETS`: ``arbin``,
        ``maccor``, ``basytec``, ``landt``, ``neware``, ``bdf``): read the file as that
        cycler's table export, whatever its header looks like.
    **options
        Passed to the reader (for ``csv``: ``columns=``, ``units=``, ``delimiter=``, ...).

    Warns
    -----
    semisolid.errors.ReaderWarning
        Each of the reader's warnings (also in ``metadata.warnings`` and logged on the
        ``semisolid.io`` logger; :mod:`semisolid.io.notices`).

    Raises
    ------
    semisolid.errors.FileFormatError
        The file is not of the format (names the byte offset or line).
    semisolid.errors.InputError
        Unknown format name (the message lists the supported ones), or an option the reader
        does not take (the message lists those it takes).
    semisolid.io.registry.MissingFileError
        The file does not exist (an InputError that is also a FileNotFoundError).

    Examples
    --------
    >>> import tempfile, os, pathlib
    >>> p = os.path.join(tempfile.mkdtemp(), "run.csv")
    >>> _ = pathlib.Path(p).write_text("time/s,Ewe/V,control/mA\\n0,0.1,1\\n1,0.1,1\\n2,-0.1,-1\\n")
    >>> rec = read(p)
    >>> len(rec), rec.set_current_A.tolist(), rec.half_cycle.tolist()
    (3, [0.001, 0.001, -0.001], [0, 0, 1])
    """
    if preset is not None:
        from semisolid.io.presets import preset_format

        fmt = preset_format(preset)
        if format is not None and format != fmt:
            from semisolid.errors import InputError

            raise InputError(f"format={format!r} and preset={preset!r} disagree; pass one",
                             "preset")
        format = fmt
    return emit_reader_warnings(REGISTRY.read(path, format, **options))


def read_spectra(path: str | Path, format: str | None = None, **options: Any) -> Spectra:
    """Read the impedance spectra of a file (one :class:`Spectrum` per sweep).

    Examples
    --------
    >>> import tempfile, os, pathlib
    >>> p = os.path.join(tempfile.mkdtemp(), "eis.csv")
    >>> _ = pathlib.Path(p).write_text("freq/Hz,Re(Z)/Ohm,-Im(Z)/Ohm\\n1000,10,1\\n1,20,5\\n")
    >>> s = read_spectra(p)
    >>> len(s), s[0].impedance_Ohm.tolist()
    (1, [(10-1j), (20-5j)])
    """
    return emit_reader_warnings(REGISTRY.read_spectra(path, format, **options))


def register_reader(
    name: str,
    reader: Callable[..., CyclingData] | str,
    *,
    extensions: list[str] | tuple[str, ...] = (),
    magic: bytes | None = None,
    description: str = "",
    spectra_reader: Callable[..., Spectra] | str | None = None,
    sniff: Callable[[bytes], bool] | str | None = None,
    replace: bool = False,
) -> None:
    """Register a reader for :func:`read`; an existing name is refused unless ``replace``.

    ``sniff(head) -> bool`` recognises a file from its first 16 KiB where the format has no
    magic bytes. Other packages register readers without code through the entry-point
    group ``semisolid.readers`` (see docs/io.md).

    Examples
    --------
    >>> def my_reader(path, **kw):
    ...     return CyclingData.from_arrays([0.0], [0.0], [0.0])
    >>> register_reader("my-format", my_reader, extensions=[".myf"])
    >>> "my-format" in supported_formats()
    True
    >>> register_reader("my-format", my_reader)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: format: a reader named 'my-format' is already registered; ...
    >>> REGISTRY._readers.pop("my-format").name
    'my-format'
    """
    REGISTRY.register(
        name, reader, extensions=extensions, magic=magic, description=description,
        spectra_reader=spectra_reader, sniff=sniff, replace=replace,
    )


def supported_formats() -> list[str]:
    """Names of the registered formats.

    Examples
    --------
    >>> supported_formats()[:2], "maccor-txt" in supported_formats()
    (['biologic-mpr', 'biologic-mpt'], True)
    """
    return REGISTRY.names()


def write(data: Any, path: str | Path, format: str | None = None, **options: Any) -> list[Path]:
    """Write a record (or a :class:`Spectra`) to a file; returns the paths written.

    Parameters
    ----------
    data : CyclingData or Spectra
    path : str or Path
        The output file. Its folder is created; the file is written atomically.
    format : str, optional
        A name from :func:`writable_formats`; chosen by the suffix of `path` when omitted
        (``.csv``, ``.parquet``, ``.mpt``).
    **options
        Passed to the writer (for ``csv`` and ``parquet``: ``what=`` ``"auto"``,
        ``"cycling"``, ``"spectra"`` or ``"cycling+spectra"``, and ``all_columns=True`` to
        add every column of the file under SI unit-named headers; see
        :mod:`semisolid.io.tables`). Parquet needs ``pip install semisolid[parquet]`` and
        keeps the record's metadata.

    Raises
    ------
    semisolid.errors.InputError
        Unknown format or suffix (the message lists the writers), an option the writer does
        not take (the message lists those it takes), pyarrow missing for Parquet, an empty
        path, a path that is not a regular file (a folder, a device) or the file the record
        was read from (inputs are never overwritten).

    Examples
    --------
    >>> import tempfile, os
    >>> d = CyclingData.from_arrays([0.0, 1.0, 2.0], [0.1, 0.1, -0.1], [1e-3, 1e-3, -1e-3])
    >>> (p,) = write(d, os.path.join(tempfile.mkdtemp(), "run.csv"))
    >>> read(p).set_current_A.tolist()
    [0.001, 0.001, -0.001]
    """
    import os

    from semisolid._util import check_output_path, protected_inputs
    from semisolid.errors import InputError

    src = getattr(getattr(data, "metadata", None), "source_file", None)
    if src and os.path.exists(src) and os.path.exists(path) and os.path.samefile(src, path):
        raise InputError(f"{path}: this is the file the record was read from; inputs are "
                         "never overwritten, choose another output", "path")
    check_output_path(path)
    info = WRITERS.get(format) if format else WRITERS.for_path(path)
    fn = info.load()
    import inspect

    params = inspect.signature(fn).parameters
    if not any(p.kind is p.VAR_KEYWORD for p in params.values()):
        takes = [n for n in list(params)[2:]]
        bad = sorted(k for k in options if k not in takes)
        if bad:
            raise InputError(
                f"the {info.name} writer does not take {', '.join(repr(b) for b in bad)}; it "
                f"takes {', '.join(n + '=' for n in takes) or 'no options'}", "options")
    with protected_inputs([src]):  # also the files a writer adds (``<stem>_eis.csv``)
        return [Path(p) for p in fn(data, path, **options)]


def register_writer(
    name: str,
    writer: Callable[..., list[Path]] | str,
    *,
    extensions: list[str] | tuple[str, ...] = (),
    description: str = "",
    replace: bool = False,
) -> None:
    """Register a writer for :func:`write`; an existing name is refused unless ``replace``.

    ``writer(data, path, **options)`` writes and returns the list of paths written.

    Examples
    --------
    >>> register_writer("csv", lambda data, path: [])
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: format: a writer named 'csv' is already registered; pass \
replace=True to overwrite it on purpose
    """
    WRITERS.register(name, writer, extensions=extensions, description=description,
                     replace=replace)


def writable_formats() -> list[str]:
    """Names of the registered writers.

    Examples
    --------
    >>> writable_formats()
    ['csv', 'parquet', 'biologic-mpt']
    """
    return WRITERS.names()


def _register_builtins() -> None:
    register_reader(
        "biologic-mpr", "semisolid.io.biologic_mpr:read_mpr", extensions=[".mpr"],
        magic=b"BIO-LOGIC MODULAR FILE",
        description="Bio-Logic EC-Lab binary data file",
    )
    register_reader(
        "biologic-mpt", "semisolid.io.biologic_mpt:read_mpt", extensions=[".mpt"],
        magic=b"EC-Lab ASCII FILE", description="Bio-Logic EC-Lab text export",
    )
    register_reader(
        "gamry-dta", "semisolid.io.gamry_dta:read_dta", extensions=[".dta"],
        magic=b"EXPLAIN", description="Gamry Framework .DTA (impedance curves)",
    )
    register_reader(
        "csv", "semisolid.io.csv:read_csv", extensions=[".csv", ".tsv", ".txt"],
        description="delimited text with a header row (or headerless f, Re(Z), Im(Z))",
    )
    register_reader(
        "neware-nda", "semisolid.io.neware:read_neware", extensions=[".ndax", ".nda"],
        sniff="semisolid.io.neware:sniff",
        description="Neware BTS .ndax/.nda (needs pip install semisolid[neware])",
    )
    from semisolid.io.presets import PRESETS, preset_reader, sniffer

    for p in PRESETS.values():
        register_reader(p.format, preset_reader(p.name), extensions=list(p.extensions),
                        sniff=sniffer(p.name),
                        description=f"{p.cycler} table export (preset {p.name!r})")
    register_writer("csv", "semisolid.io.tables:write_csv", extensions=[".csv"],
                    description="canonical table(s), SI unit-named columns")
    register_writer("parquet", "semisolid.io.tables:write_parquet", extensions=[".parquet"],
                    description="canonical table(s) as Parquet (needs pyarrow)")
    register_writer("biologic-mpt", "semisolid.io.biologic_mpt:write_mpt",
                    extensions=[".mpt"], description="EC-Lab text export of the EC-Lab "
                    "columns of a record (read from EC-Lab files, or a virtual cell)")


_register_builtins()
