"""The registries of file readers and writers: dispatch by format name, extension or magic
bytes.

Each reader is registered once under a name with its file extensions and, where the format
has one, the magic bytes its files start with. :func:`read` picks the reader from the
``format`` argument, else from the magic bytes, else from the extension; an unknown format
is an error that lists the supported ones. Registration refuses to overwrite a name
silently (pass ``replace=True`` to do it on purpose), as in pycalphad's ``register_format``.

Writers work the same way (:class:`WriterRegistry`, :data:`WRITERS`): a name, the output
suffixes it writes, ``replace=True`` to overwrite a name on purpose; :func:`semisolid.io.write`
picks one by ``format=`` or by the output file's suffix.

Examples
--------
>>> from semisolid.io.registry import Registry
>>> reg = Registry()
>>> reg.register("demo", lambda path, **kw: path, extensions=[".demo"])
>>> reg.register("demo", lambda path, **kw: path, extensions=[".demo"])
Traceback (most recent call last):
...
semisolid.errors.InputError: format: a reader named 'demo' is already registered; ...
>>> reg.names()
['demo']
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from semisolid.errors import FileFormatError, InputError, suggest

__all__ = ["ENTRY_POINT_GROUP", "REGISTRY", "WRITERS", "MissingFileError", "ReaderInfo",
           "Registry", "WriterInfo", "WriterRegistry", "reject_options"]


class MissingFileError(InputError, FileNotFoundError):
    """The file to read does not exist.

    An :class:`~semisolid.errors.InputError` (so ``except SemisolidError`` catches it) that is
    also a :class:`FileNotFoundError` (``errno``, ``filename`` set), for callers that catch
    that.

    Examples
    --------
    >>> err = MissingFileError("nope.mpr")
    >>> str(err), err.filename, isinstance(err, FileNotFoundError)
    ('path: nope.mpr: no such file or directory; check the path and the working directory', \
'nope.mpr', True)
    """

    def __init__(self, path: str | Path):
        InputError.__init__(
            self, f"{path}: no such file or directory; check the path and the working "
            "directory", "path",
        )
        self.errno = 2
        self.strerror = "No such file or directory"
        self.filename = str(path)

    def __str__(self) -> str:
        return str(self.args[0])


def reject_options(reader: str, options: dict[str, Any], accepted: Iterable[str] = ()) -> None:
    """Raise an InputError naming options a reader does not take, listing those it does.

    Examples
    --------
    >>> reject_options("read_mpt", {})
    >>> reject_options("read_mpt", {"columns": {}})
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: options: read_mpt() does not take the option 'columns'; \
it takes no options (columns=, units=, delimiter=, decimal=, skip_rows= are options of the \
csv reader)
    """
    if not options:
        return
    acc = list(accepted)
    bad = sorted(options)
    hints = "".join(suggest(b, acc) for b in bad[:1]) if acc else ""
    takes = f"it takes: {', '.join(acc)}" if acc else "it takes no options"
    if "columns" not in acc:
        takes += (" (columns=, units=, delimiter=, decimal=, skip_rows= are options of the "
                  "csv reader)")
    raise InputError(
        f"{reader}() does not take the option{'s' if len(bad) > 1 else ''} "
        f"{', '.join(repr(b) for b in bad)}{hints}; {takes}",
        "options",
    )


@dataclass
class ReaderInfo:
    """One registered reader.

    Attributes
    ----------
    name : str
        Format name (``"biologic-mpr"``).
    reader : callable or str
        ``reader(path, **options) -> CyclingData``, or ``"module:function"`` imported on
        first use (keeps ``import semisolid.io`` light).
    extensions : list of str
        Lower-case extensions with the dot (``[".mpr"]``).
    magic : bytes or None
        Prefix of every file of this format.
    description : str
    spectra_reader : callable or str or None
        ``spectra_reader(path, **options) -> Spectra``; defaults to ``reader(...).spectra``.
    sniff : callable or str or None
        ``sniff(head: bytes) -> bool``: True when a file whose first 16 KiB are `head` is of
        this format (for text formats without magic bytes, recognised from their header).
    source : str
        Where the reader comes from: ``"semisolid"`` or ``"entry point <name> (<value>)"``.
    """

    name: str
    reader: Callable[..., Any] | str
    extensions: list[str] = field(default_factory=list)
    magic: bytes | None = None
    description: str = ""
    spectra_reader: Callable[..., Any] | str | None = None
    sniff: Callable[[bytes], bool] | str | None = None
    source: str = "semisolid"

    def load(self, which: str = "reader") -> Callable[..., Any]:
        """The reader function (imported on first use)."""
        fn = getattr(self, which)
        if isinstance(fn, str):
            mod, _, attr = fn.partition(":")
            fn = getattr(importlib.import_module(mod), attr)
            setattr(self, which, fn)
        return fn

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (for ``--json`` listings)."""
        return {
            "name": self.name,
            "extensions": list(self.extensions),
            "magic": self.magic.decode("latin-1").strip() if self.magic else None,
            "description": self.description,
            "source": self.source,
        }


class Registry:
    """A set of readers keyed by format name.

    Examples
    --------
    >>> reg = Registry()
    >>> reg.register("txt", "builtins:print", extensions=[".txt"], description="demo")
    >>> reg.supported()
    'txt (.txt)'
    """

    def __init__(self, entry_point_group: str | None = None) -> None:
        self._readers: dict[str, ReaderInfo] = {}
        self._group = entry_point_group
        self._plugins_loaded = entry_point_group is None
        #: problems met while loading readers from entry points (never raised)
        self.plugin_errors: list[str] = []

    def register(
        self,
        name: str,
        reader: Callable[..., Any] | str,
        *,
        extensions: Iterable[str] = (),
        magic: bytes | None = None,
        description: str = "",
        spectra_reader: Callable[..., Any] | str | None = None,
        sniff: Callable[[bytes], bool] | str | None = None,
        replace: bool = False,
        source: str = "semisolid",
    ) -> None:
        """Add a reader; refuses to overwrite an existing name unless ``replace=True``."""
        if not name or not isinstance(name, str):
            raise InputError("a reader needs a non-empty name", "format")
        if name in self._readers and not replace:
            raise InputError(
                f"a reader named {name!r} is already registered; pass replace=True to "
                "overwrite it on purpose",
                "format",
            )
        exts = [e.lower() if e.startswith(".") else "." + e.lower() for e in extensions]
        self._readers[name] = ReaderInfo(
            name, reader, exts, magic, description, spectra_reader, sniff, source
        )

    def load_entry_points(self) -> None:
        """Register the readers other packages declare in the entry-point group (once).

        Each entry point's name is the format name; its object is a reader function
        ``reader(path, **options) -> CyclingData``, whose optional attributes
        ``extensions``, ``magic``, ``sniff``, ``description`` and ``spectra_reader`` are used
        for the registration, or a :class:`ReaderInfo`. A plugin never replaces a reader
        registered before it, and a plugin that fails to load is skipped: both are recorded
        in :attr:`plugin_errors` (and named when a format is not found), never raised.
        """
        if self._plugins_loaded:
            return
        self._plugins_loaded = True
        from importlib.metadata import entry_points

        try:
            eps = list(entry_points(group=self._group))
        except Exception as exc:  # a broken installation must not break reading
            self.plugin_errors.append(f"entry points of {self._group!r}: {exc}")
            return
        for ep in eps:
            where = f"entry point {ep.name} ({ep.value})"
            if ep.name in self._readers:
                self.plugin_errors.append(f"{where}: the format name {ep.name!r} is taken by "
                                          f"the reader from {self._readers[ep.name].source}; "
                                          "skipped")
                continue
            try:
                obj = ep.load()
                if isinstance(obj, ReaderInfo):
                    info = obj
                elif callable(obj):
                    info = ReaderInfo(
                        ep.name, obj, list(getattr(obj, "extensions", ())),
                        getattr(obj, "magic", None), getattr(obj, "description", "") or "",
                        getattr(obj, "spectra_reader", None), getattr(obj, "sniff", None))
                else:
                    raise TypeError(f"{type(obj).__name__} is neither a reader function nor "
                                    "a ReaderInfo")
                self.register(ep.name, info.reader, extensions=info.extensions,
                              magic=info.magic, description=info.description,
                              spectra_reader=info.spectra_reader, sniff=info.sniff,
                              source=where)
            except Exception as exc:  # a third-party plugin may fail in any way
                self.plugin_errors.append(f"{where}: {type(exc).__name__}: {exc}; skipped")

    def names(self) -> list[str]:
        """Registered format names, in registration order."""
        self.load_entry_points()
        return list(self._readers)

    def infos(self) -> list[ReaderInfo]:
        """All registered readers."""
        self.load_entry_points()
        return list(self._readers.values())

    def supported(self) -> str:
        """One line listing the formats and their extensions."""
        self.load_entry_points()
        return ", ".join(
            f"{r.name} ({', '.join(r.extensions) or 'no extension'})"
            for r in self._readers.values()
        )

    def _plugin_note(self) -> str:
        return (f" (reader plugins that did not load: {'; '.join(self.plugin_errors)})"
                if self.plugin_errors else "")

    def get(self, name: str) -> ReaderInfo:
        """The reader of a format name, or an error listing the supported ones."""
        self.load_entry_points()
        if name not in self._readers:
            raise InputError(
                f"unknown format {name!r}{suggest(name, self._readers)}; supported formats: "
                f"{self.supported()}{self._plugin_note()}",
                "format",
            )
        return self._readers[name]

    def detect(self, path: str | Path) -> ReaderInfo:
        """The reader for a file: by magic bytes (through a byte-order mark or UTF-16), then
        by a reader's sniffer recognising the header (only when exactly one does), then by
        extension."""
        from semisolid.io._text import text_head

        self.load_entry_points()
        p = _check_path(path)
        with open(p, "rb") as fh:
            raw = fh.read(64)
            head = text_head(raw)
            for r in self._readers.values():
                if r.magic and (raw.startswith(r.magic) or head.startswith(r.magic)):
                    return r
            head = text_head(raw + fh.read(16384 - len(raw)))
        hits = []
        for r in self._readers.values():
            if r.sniff is None:
                continue
            try:
                if r.load("sniff")(head):
                    hits.append(r)
            except Exception as exc:  # a plugin's sniffer must not stop detection
                self.plugin_errors.append(f"sniffer of {r.name!r}: {type(exc).__name__}: "
                                          f"{exc}")
        if len(hits) == 1:
            return hits[0]
        ext = p.suffix.lower()
        matches = [r for r in self._readers.values() if ext in r.extensions]
        for r in matches:
            if r.magic is None:
                return r
        if matches:  # extension claims a magic format but the magic is absent
            r = matches[0]
            raise FileFormatError(
                str(p),
                f"the extension {ext!r} says {r.name}, but the file does not start with "
                f"{r.magic!r}; supported formats: {self.supported()}",
                offset=0,
            )
        raise FileFormatError(
            str(p),
            f"cannot tell the format of this file (extension {ext or 'none'!r}); supported "
            f"formats: {self.supported()}; pass format=... to choose one"
            + (f" (the header fits several: {', '.join(r.name for r in hits)})"
               if len(hits) > 1 else "") + self._plugin_note(),
        )

    def read(self, path: str | Path, format: str | None = None, **options: Any) -> Any:
        """Read a file with the reader of `format` (or the detected one).

        Raises
        ------
        MissingFileError
            The file does not exist (an InputError and a FileNotFoundError).
        """
        info = self.get(format) if format else self.detect(path)
        _check_path(path)
        return info.load("reader")(path, **options)

    def read_spectra(self, path: str | Path, format: str | None = None, **options: Any) -> Any:
        """Read the impedance spectra of a file."""
        info = self.get(format) if format else self.detect(path)
        _check_path(path)
        if info.spectra_reader is not None:
            return info.load("spectra_reader")(path, **options)
        return info.load("reader")(path, **options).spectra


#: Memory a reader may need per byte of its file (text decoded, split into lines and
#: parsed), used to refuse files larger than the memory available before reading them.
READ_BYTES_PER_FILE_BYTE = 12


def _check_path(path: str | Path) -> Path:
    """Refuse, before anything opens it, a missing file, a folder, anything that is not a
    regular file (a FIFO would block, ``/dev/zero`` never ends) and a file too large for
    the memory available."""
    from semisolid._util import check_allocation, check_input_file

    p = Path(path)
    if not p.exists():
        raise MissingFileError(p)
    if p.is_dir():
        raise InputError(f"{p} is a directory, expected a data file", "path")
    st = check_input_file(p)
    check_allocation(st.st_size, READ_BYTES_PER_FILE_BYTE, f"bytes in {p.name}", "path")
    return p


#: The entry-point group through which other packages add readers.
ENTRY_POINT_GROUP = "semisolid.readers"

#: The registry used by :func:`semisolid.io.read` (built-in readers, then the readers of the
#: ``semisolid.readers`` entry points, loaded on first use).
REGISTRY = Registry(ENTRY_POINT_GROUP)


def _load(spec: Callable[..., Any] | str) -> Callable[..., Any]:
    if isinstance(spec, str):
        mod, _, attr = spec.partition(":")
        return getattr(importlib.import_module(mod), attr)
    return spec


@dataclass
class WriterInfo:
    """One registered writer.

    Attributes
    ----------
    name : str
        Format name (``"csv"``).
    writer : callable or str
        ``writer(data, path, **options) -> list[Path]`` (the files written), or
        ``"module:function"`` imported on first use.
    extensions : list of str
        Lower-case output suffixes with the dot (``[".csv"]``).
    description : str
    """

    name: str
    writer: Callable[..., Any] | str
    extensions: list[str] = field(default_factory=list)
    description: str = ""

    def load(self) -> Callable[..., Any]:
        """The writer function (imported on first use)."""
        self.writer = _load(self.writer)
        return self.writer

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (for ``--json`` listings)."""
        return {"name": self.name, "extensions": list(self.extensions),
                "description": self.description}


class WriterRegistry:
    """A set of writers keyed by format name.

    Examples
    --------
    >>> reg = WriterRegistry()
    >>> reg.register("txt", "builtins:print", extensions=[".txt"])
    >>> reg.for_path("out.TXT").name
    'txt'
    >>> reg.register("txt", "builtins:print")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: format: a writer named 'txt' is already registered; pass \
replace=True to overwrite it on purpose
    """

    def __init__(self) -> None:
        self._writers: dict[str, WriterInfo] = {}

    def register(
        self,
        name: str,
        writer: Callable[..., Any] | str,
        *,
        extensions: Iterable[str] = (),
        description: str = "",
        replace: bool = False,
    ) -> None:
        """Add a writer; refuses to overwrite an existing name unless ``replace=True``."""
        if not name or not isinstance(name, str):
            raise InputError("a writer needs a non-empty name", "format")
        if name in self._writers and not replace:
            raise InputError(
                f"a writer named {name!r} is already registered; pass replace=True to "
                "overwrite it on purpose",
                "format",
            )
        exts = [e.lower() if e.startswith(".") else "." + e.lower() for e in extensions]
        self._writers[name] = WriterInfo(name, writer, exts, description)

    def names(self) -> list[str]:
        """Registered format names, in registration order."""
        return list(self._writers)

    def infos(self) -> list[WriterInfo]:
        """All registered writers."""
        return list(self._writers.values())

    def supported(self) -> str:
        """One line listing the formats and their suffixes."""
        return ", ".join(
            f"{w.name} ({', '.join(w.extensions) or 'no suffix'})"
            for w in self._writers.values()
        )

    def get(self, name: str) -> WriterInfo:
        """The writer of a format name, or an error listing the supported ones."""
        if name not in self._writers:
            raise InputError(
                f"unknown output format {name!r}{suggest(name, self._writers)}; writers: "
                f"{self.supported()}",
                "format",
            )
        return self._writers[name]

    def for_path(self, path: str | Path) -> WriterInfo:
        """The writer for an output file, by its suffix (the first writer claiming it)."""
        ext = Path(path).suffix.lower()
        for w in self._writers.values():
            if ext in w.extensions:
                return w
        raise InputError(
            f"{Path(path).name}: cannot tell the output format from the suffix "
            f"{ext or 'none'!r}; writers: {self.supported()}; pass format=... to choose one",
            "format",
        )


#: The registry used by :func:`semisolid.io.write`.
WRITERS = WriterRegistry()
