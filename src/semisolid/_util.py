"""Small shared helpers: safe outputs and inputs, memory estimates, terminal- and
spreadsheet-safe text, and progress bars on stderr.

* Outputs: :func:`check_output_path` is the one guard every writer runs (through
  :func:`atomic_output`): it refuses an empty path, anything that exists and is not a
  regular file (a folder, a device such as ``/dev/null``, a FIFO, a socket) and a file that
  is one of the inputs (:func:`protected_inputs`). Files are written to a temporary file
  with a recognisable name (``.NAME.semisolid-tmp-HOST-PID-XXXX``) in the target folder,
  then renamed; temporaries left by a killed run are removed by the next write into the
  same folder (:func:`remove_stale_temporaries`). :func:`atomic_folder` does the same for
  a whole folder (a report): built beside the target, then swapped in whole.
* Inputs: :func:`check_input_file` refuses anything but a regular file before it is
  opened (a FIFO or a device would block or never end).
* Memory: :func:`check_allocation` refuses, before allocating, work that needs more memory
  than the machine has available, naming the estimate.
* Text: :func:`terminal_text` escapes control characters; :func:`spreadsheet_cell`
  neutralises a text cell that a spreadsheet would run as a formula.

Examples
--------
>>> import tempfile, os
>>> d = tempfile.mkdtemp()
>>> p = atomic_write_text(os.path.join(d, "a.txt"), "hello")
>>> p.read_text()
'hello'
>>> atomic_write_text("/dev/null", "x")
Traceback (most recent call last):
...
semisolid.errors.InputError: path: '/dev/null' is a character device; semisolid writes \
only regular files (or a new path)
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import os
import re
import secrets
import shutil
import socket
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from semisolid.errors import InputError

__all__ = [
    "TEMP_TAG",
    "atomic_folder",
    "atomic_output",
    "atomic_write_bytes",
    "atomic_write_text",
    "available_memory_bytes",
    "check_allocation",
    "check_command_paths",
    "check_input_file",
    "check_output_path",
    "json_safe",
    "progress",
    "protected_inputs",
    "remove_stale_temporaries",
    "spreadsheet_cell",
    "terminal_text",
]

T = TypeVar("T")

#: Marker in the name of every temporary file or folder semisolid writes.
TEMP_TAG = ".semisolid-tmp-"
#: Temporaries older than this are stale even if their process cannot be checked [s].
STALE_AFTER_S = 24 * 3600.0
_TEMP = re.compile(re.escape(TEMP_TAG) + r"(?P<host>[A-Za-z0-9_]{1,32})-(?P<pid>\d+)-")
_MAX_NAME = 120  # characters of the target's name kept in a temporary's name


def json_safe(obj: Any) -> Any:
    """A JSON-safe copy: NaN/inf -> None, numpy scalars and arrays -> Python values.

    Examples
    --------
    >>> import numpy as np
    >>> json_safe({"a": np.float64("nan"), "b": np.arange(2), "c": (1.5, float("inf"))})
    {'a': None, 'b': [0, 1], 'c': [1.5, None]}
    """
    if isinstance(obj, dict):
        return {str(k): json_safe(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [json_safe(v) for v in obj]
    if hasattr(obj, "tolist") and not isinstance(obj, str):
        return json_safe(obj.tolist())
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    return obj


# ----------------------------------------------------------------------------- text

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: Any, max_chars: int | None = None) -> str:
    """`text` with every control character written as an escape (``\\x1b``, ``\\n``),
    so that text from a file cannot move the cursor, change colours or break a line;
    cut after `max_chars` characters (``... (N more characters)``).

    Bidirectional-override characters are escaped too. Rich markup is not touched here:
    the CLI prints such text as plain text, never as markup.

    Examples
    --------
    >>> terminal_text("Ewe\\x1b[31m/V\\n")
    'Ewe\\\\x1b[31m/V\\\\n'
    >>> terminal_text("[red]ok[/red] µA")
    '[red]ok[/red] µA'
    >>> terminal_text("x" * 12, max_chars=5)
    'xxxxx ... (7 more characters)'
    """
    s = str(text)
    if max_chars is not None and len(s) > max_chars:
        s = f"{s[:max_chars]} ... ({len(s) - max_chars} more characters)"
    return _CONTROL.sub(_escape, s) if _CONTROL.search(s) else s


def _escape(m: re.Match) -> str:
    c = m.group()
    return repr(c)[1:-1] if ord(c) < 0x100 else f"\\u{ord(c):04x}"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run as a formula.

    A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    gets a leading ``'`` (the spreadsheet convention for "this is text"); numbers, and text
    that is a number (``"-1.5"``), are returned unchanged.

    Examples
    --------
    >>> [spreadsheet_cell(v) for v in ["=1+2", "@SUM(A1)", "-1.5", -2.0, "Li", "+x"]]
    ["'=1+2", "'@SUM(A1)", '-1.5', -2.0, 'Li', "'+x"]
    """
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    try:
        float(value)
    except ValueError:
        return "'" + value
    return value


# ----------------------------------------------------------------------------- inputs

_KINDS = ((stat.S_ISDIR, "folder"), (stat.S_ISCHR, "character device"),
          (stat.S_ISBLK, "block device"), (stat.S_ISFIFO, "FIFO (named pipe)"),
          (stat.S_ISSOCK, "socket"))


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "special file"


def check_input_file(path: str | os.PathLike, field: str = "path") -> os.stat_result:
    """Refuse, before anything opens it, an input that is not a regular file.

    A FIFO would block the reader forever and a device such as ``/dev/zero`` never ends.
    Symbolic links are followed.

    Returns
    -------
    os.stat_result
        Of the file (its size is ``st_size``).

    Raises
    ------
    InputError
        A folder, device, FIFO or socket.
    FileNotFoundError
        No such file.

    Examples
    --------
    >>> check_input_file("/dev/zero")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: path: '/dev/zero' is a character device, not a regular \
file; semisolid reads only regular files
    """
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{str(path)!r} is a {_kind(st.st_mode)}, not a regular file; "
                         "semisolid reads only regular files", field)
    return st


# ----------------------------------------------------------------------------- memory

def available_memory_bytes() -> int:
    """Memory this process may still allocate, in bytes.

    The smaller of the memory the system reports as available (``MemAvailable`` on Linux;
    else free physical pages; else 4 GiB) and what the address-space limit of the process
    (``ulimit -v``) leaves.

    Examples
    --------
    >>> available_memory_bytes() > 0
    True
    """
    avail = None
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    avail = int(line.split()[1]) * 1024
                    break
    except (OSError, ValueError):
        pass
    if avail is None:
        try:
            avail = int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
        except (ValueError, OSError, AttributeError):
            avail = 4 * 2**30
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_AS)[0]
        if soft != resource.RLIM_INFINITY:
            used = 0
            with open("/proc/self/status", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("VmSize:"):
                        used = int(line.split()[1]) * 1024
                        break
            avail = min(avail, max(soft - used, 0))
    except (ImportError, OSError, ValueError):
        pass
    return avail


def _gib(n: float) -> str:
    return f"{n / 2**30:,.1f} GiB" if n >= 2**28 else f"{n / 2**20:,.1f} MiB"


def check_allocation(
    n_items: float,
    bytes_per_item: float,
    what: str,
    field: str,
    *,
    limit_bytes: float | None = None,
) -> int:
    """Refuse, before allocating, work whose memory need exceeds what is available.

    Parameters
    ----------
    n_items : number
        How many items the work holds at once (grid points, rows, pixels).
    bytes_per_item : number
        Memory per item, including the working copies the algorithm makes.
    what : str
        The items, for the message (``"temperature steps"``, ``"grid points"``).
    field : str
        The argument or option that sets `n_items` (the error is reported under it).
    limit_bytes : number, optional
        Default: :func:`available_memory_bytes`.

    Returns
    -------
    int
        The estimate [bytes], when it fits.

    Raises
    ------
    InputError
        Non-finite or negative `n_items`, or an estimate above the limit (the message names
        the estimate, the per-item size and the limit).

    Examples
    --------
    >>> check_allocation(1000, 8, "points", "n")
    8000
    >>> check_allocation(2e11, 64, "temperature steps", "step", limit_bytes=2**34)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: step: 200,000,000,000 temperature steps need about \
11,920.9 GiB (64 bytes each), more than the 16.0 GiB of memory available
    """
    try:
        n = float(n_items)
    except (TypeError, ValueError):
        raise InputError(f"{n_items!r} is not a number of {what}", field) from None
    if not math.isfinite(n) or n < 0:
        raise InputError(f"{n_items!r} {what}: expected a finite, non-negative count", field)
    need = n * float(bytes_per_item)
    limit = available_memory_bytes() if limit_bytes is None else float(limit_bytes)
    if need > limit:
        raise InputError(f"{n:,.0f} {what} need about {_gib(need)} ({bytes_per_item:g} bytes "
                         f"each), more than the {_gib(limit)} of memory available", field)
    return int(need)


# ----------------------------------------------------------------------------- outputs

_PROTECTED: contextvars.ContextVar[tuple[tuple[int, int, str], ...]] = \
    contextvars.ContextVar("semisolid_protected_inputs", default=())


@contextlib.contextmanager
def protected_inputs(paths: Iterable[str | os.PathLike | None]) -> Iterator[None]:
    """Within the block, every writer refuses to write over one of `paths` (the existing
    ones; compared by file identity, so links and other spellings count too).

    Examples
    --------
    >>> import tempfile, os
    >>> src = os.path.join(tempfile.mkdtemp(), "in.csv")
    >>> _ = atomic_write_text(src, "a")
    >>> with protected_inputs([src]):
    ...     atomic_write_text(src, "b")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: path: '...in.csv' is one of the inputs; inputs are never \
overwritten, choose another output
    """
    ids = []
    for p in paths:
        if p is None or str(p) == "":
            continue
        try:
            st = os.stat(p)
        except (OSError, ValueError):
            continue
        ids.append((st.st_dev, st.st_ino, str(p)))
    token = _PROTECTED.set(_PROTECTED.get() + tuple(ids))
    try:
        yield
    finally:
        _PROTECTED.reset(token)


def check_output_path(
    path: str | os.PathLike | None,
    *,
    inputs: Iterable[str | os.PathLike | None] = (),
    field: str = "path",
    folder: bool = False,
) -> Path:
    """The guard every writer runs on its output path; returns it as a :class:`Path`.

    Refused: an empty path; an existing path that is not a regular file (a folder, unless
    `folder`; a device such as ``/dev/null``; a FIFO; a socket; a broken symbolic link);
    a file that is one of `inputs` or of the inputs protected by :func:`protected_inputs`.

    Examples
    --------
    >>> check_output_path("")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: path: empty output path; give a file name
    >>> check_output_path("/tmp", folder=True)
    PosixPath('/tmp')
    """
    if path is None or str(path).strip() == "":
        raise InputError(f"empty output path; give a {'folder' if folder else 'file'} name",
                         field)
    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        if os.path.lexists(p):
            raise InputError(f"{str(p)!r} is a broken symbolic link; refusing to write "
                             "through it", field) from None
        return p
    except (OSError, ValueError) as exc:  # e.g. a component is a file, name too long
        raise InputError(f"{str(p)!r}: {getattr(exc, 'strerror', None) or exc}",
                         field) from None
    if not (stat.S_ISDIR(st.st_mode) if folder else stat.S_ISREG(st.st_mode)):
        kind = "file" if stat.S_ISREG(st.st_mode) else _kind(st.st_mode)
        expected = "folders here" if folder else "regular files (or a new path)"
        raise InputError(f"{str(p)!r} is a {kind}; semisolid writes only {expected}", field)
    same = [(dev, ino) for dev, ino, _ in _PROTECTED.get()]
    for q in inputs:
        if q is not None and str(q) != "":
            with contextlib.suppress(OSError, ValueError):
                q_st = os.stat(q)
                same.append((q_st.st_dev, q_st.st_ino))
    if (st.st_dev, st.st_ino) in same:
        raise InputError(f"{str(p)!r} is one of the inputs; inputs are never overwritten, "
                         "choose another output", field)
    return p


def check_command_paths(
    inputs: Iterable[tuple[str, Any]], outputs: Iterable[tuple[str, Any]]
) -> list[Any]:
    """Check the paths of one command, given as ``(option, path)`` pairs: an existing
    input must be a regular file or a folder (a FIFO or device is refused at once, before
    anything opens it) and no output may be one of the inputs. Returns the existing input
    files (for :func:`protected_inputs`).

    Examples
    --------
    >>> import tempfile, os
    >>> src = os.path.join(tempfile.mkdtemp(), "c.sqlite")
    >>> _ = atomic_write_text(src, "x")
    >>> check_command_paths([("--db", src)], [("--csv", src)])
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: --csv: '...c.sqlite' is also the input --db; inputs are \
never overwritten, choose another output
    """
    files = []
    for label, x in inputs:
        if os.path.exists(x) and not os.path.isdir(x):
            check_input_file(x, label)
            files.append((label, x))
    for label, x in outputs:
        for other, y in files:
            if os.path.exists(x) and os.path.samefile(x, y):
                raise InputError(f"{str(x)!r} is also the input {other}; inputs are never "
                                 "overwritten, choose another output", label)
    return [y for _, y in files]


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", socket.gethostname())[:32] or "host"


def _temp_name(target: Path, suffix: str, full: bool = False) -> str:
    name = target.name if full else target.name[:_MAX_NAME]
    return f".{name}{TEMP_TAG}{_host()}-{os.getpid()}-{secrets.token_hex(4)}{suffix}"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def remove_stale_temporaries(folder: str | os.PathLike) -> list[Path]:
    """Remove the temporary files and folders that killed semisolid runs left in `folder`.

    A temporary is stale when the process that made it (its name holds the host and the
    process id) no longer runs on this host, or when it is older than
    :data:`STALE_AFTER_S`. Temporaries of running processes are left alone. A folder
    swap (:func:`atomic_folder`) interrupted between its two renames is completed or
    rolled back. Returns the paths removed.

    Examples
    --------
    >>> import tempfile
    >>> remove_stale_temporaries(tempfile.mkdtemp())
    []
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    host, now = _host(), time.time()
    for e in entries:
        m = _TEMP.search(e.name)
        if not (e.name.startswith(".") and m):
            continue
        try:
            age = now - e.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        dead = m.group("host") == host and not _alive(int(m.group("pid")))
        if not (dead or age > STALE_AFTER_S):
            continue
        p = Path(e.path)
        if e.name.endswith(".old"):  # a swap killed between its renames: put it back
            orig = p.parent / e.name[1:m.start()]
            if not os.path.lexists(orig):
                with contextlib.suppress(OSError):
                    os.rename(p, orig)
                continue  # never delete a previous output that could not be put back
        with contextlib.suppress(OSError):
            if e.is_dir(follow_symlinks=False):
                shutil.rmtree(p)
            else:
                p.unlink()
            removed.append(p)
    return removed


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def atomic_output(
    path: str | os.PathLike,
    suffix: str | None = None,
    *,
    inputs: Iterable[str | os.PathLike | None] = (),
    field: str = "path",
) -> Iterator[Path]:
    """Yield a temporary path next to `path`; rename it onto `path` on success.

    The path passes :func:`check_output_path` first (before anything is computed or
    written) and again just before the rename. Nothing is left behind if the block raises:
    a reader never sees a half-written file. Stale temporaries of killed runs in the same
    folder are removed first.

    Examples
    --------
    >>> import tempfile, os
    >>> target = os.path.join(tempfile.mkdtemp(), "x.bin")
    >>> with atomic_output(target) as tmp:
    ...     _ = tmp.write_bytes(b"data")
    >>> Path(target).read_bytes()
    b'data'
    >>> sorted(os.listdir(os.path.dirname(target)))
    ['x.bin']
    """
    inputs = list(inputs)
    target = check_output_path(path, inputs=inputs, field=field)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target.parent)
    tmp_path = target.parent / _temp_name(target, suffix or target.suffix or ".tmp")
    fd = os.open(tmp_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    os.chmod(tmp_path, _file_mode())  # the usual file mode, as open() would give
    try:
        yield tmp_path
        check_output_path(target, inputs=inputs, field=field)
        os.replace(tmp_path, target)
    finally:
        if os.path.lexists(tmp_path):
            tmp_path.unlink()


def atomic_write_bytes(path: str | os.PathLike, data: bytes, **guard: Any) -> Path:
    """Write bytes atomically (temp file, then rename). Returns the path.

    `guard` (``inputs=``, ``field=``) goes to :func:`check_output_path`.
    """
    with atomic_output(path, **guard) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def atomic_write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8",
                      **guard: Any) -> Path:
    """Write text atomically (temp file, then rename). Returns the path."""
    return atomic_write_bytes(path, text.encode(encoding), **guard)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False when the
    system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    rc = fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return rc == 0


@contextlib.contextmanager
def atomic_folder(
    path: str | os.PathLike,
    *,
    replaceable: Callable[[Path], bool] = lambda p: not any(p.iterdir()),
    what: str = "output",
    field: str = "path",
) -> Iterator[Path]:
    """Yield a temporary folder next to `path`; swap it in whole for `path` on success.

    A run killed at any point leaves `path` as it was (the previous output, intact) and a
    temporary folder that the next run removes. An existing `path` is replaced only when
    ``replaceable(path)`` says so (default: an empty folder), so that a folder holding
    other files is never deleted; the working folder and its parents are never replaced.

    Examples
    --------
    >>> import tempfile, os
    >>> target = os.path.join(tempfile.mkdtemp(), "rep")
    >>> with atomic_folder(target) as tmp:
    ...     _ = (tmp / "index.html").write_text("v1")
    >>> with atomic_folder(target, replaceable=lambda p: True) as tmp:
    ...     _ = (tmp / "index.html").write_text("v2")
    >>> os.listdir(target), (Path(target) / "index.html").read_text()
    (['index.html'], 'v2')
    >>> sorted(os.listdir(os.path.dirname(target)))
    ['rep']
    """
    target = check_output_path(path, field=field, folder=True)
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(parent)
    exists = target.is_dir()
    if exists:
        here = Path.cwd().resolve()
        if target.resolve() == here or target.resolve() in here.parents:
            raise InputError(f"{str(target)!r} is the working folder (or holds it); "
                             f"choose a new folder for the {what}", field)
        if not replaceable(target):
            raise InputError(f"{str(target)!r} holds files that are not a previous {what}; "
                             f"choose a new or empty folder (nothing was written)", field)
    tmp = parent / _temp_name(target, "")
    tmp.mkdir(mode=0o777)
    try:
        yield tmp
        if not os.path.lexists(target):
            os.rename(tmp, target)
        elif _exchange(tmp, target):
            shutil.rmtree(tmp)  # now the previous output
        else:  # two renames; a kill between them is repaired by remove_stale_temporaries
            old = parent / _temp_name(target, ".old", full=True)
            os.rename(target, old)
            os.rename(tmp, target)
            shutil.rmtree(old)
    finally:
        if os.path.lexists(tmp):
            shutil.rmtree(tmp, ignore_errors=True)


# ----------------------------------------------------------------------------- progress

def progress(
    iterable: Iterable[T],
    description: str = "working",
    total: int | None = None,
    enabled: bool | None = None,
) -> Iterator[T]:
    """Iterate with a progress bar on stderr (rich), shown only when stderr is a terminal
    or ``SEMISOLID_PROGRESS=1``; ``SEMISOLID_PROGRESS=0`` hides it.

    Examples
    --------
    >>> sum(progress(range(4), "adding", enabled=False))
    6
    """
    if enabled is None:
        env = os.environ.get("SEMISOLID_PROGRESS")
        enabled = env == "1" or (env != "0" and sys.stderr.isatty())
    if not enabled:
        yield from iterable
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    if total is None and hasattr(iterable, "__len__"):
        total = len(iterable)  # type: ignore[arg-type]
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=total)
        for item in iterable:
            yield item
            bar.advance(task)


def progress_callback(
    description: str, total: int
) -> tuple[Callable[[int], None], Callable[[], None]]:
    """A (advance, close) pair for work that reports progress in chunks.

    Examples
    --------
    >>> adv, close = progress_callback("x", 3)
    >>> adv(3); close()
    """
    env = os.environ.get("SEMISOLID_PROGRESS")
    enabled = env == "1" or (env != "0" and sys.stderr.isatty())
    if not enabled:
        return (lambda n: None), (lambda: None)
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(console=Console(stderr=True), transient=True)
    bar.start()
    task = bar.add_task(description, total=total)
    return (lambda n: bar.advance(task, n)), bar.stop
