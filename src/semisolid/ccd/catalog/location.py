"""Where a catalog lives: an SQLite file (a path, the default) or a PostgreSQL database (a
``postgresql://`` URL), and the engines that reach it.

An SQLite file is checked before SQLite opens it: it must be a regular file (a FIFO, a
device or a folder is refused before anything reads it), not empty (an empty file is not a
catalog, and is never taken for a new one) and start with SQLite's header. A new SQLite
catalog is built complete in a temporary file in the same folder
(``.NAME.XXXX.sqlite-new``) and hard-linked into place: the link fails when another
process created the catalog first (that one is then used), so a catalog file that exists is
never replaced and no process ever sees a half-built one. Write transactions start with
``BEGIN IMMEDIATE`` (the write lock is taken at once, so two writers queue instead of
deadlocking) and wait for a busy file (``timeout``); :func:`transient` tells the errors worth
a retry.

Examples
--------
>>> parse("results.sqlite").kind, parse("postgresql://lab@db.example/ccd").kind
('sqlite', 'postgresql')
>>> parse("postgresql://lab:secret@db.example/ccd").name
'postgresql://lab:***@db.example/ccd'
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from semisolid.errors import DatabaseError

__all__ = ["BUSY_TIMEOUT_S", "Location", "create_sqlite", "engine", "parse", "transient"]

_MAGIC = b"SQLite format 3\x00"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
BUSY_TIMEOUT_S = 60.0
"""How long a write waits for a busy catalog (SQLite's lock, PostgreSQL's deadlock or
serialization retries) before it gives up with an error (nothing written)."""
_STALE_S = 600.0   # a temporary catalog older than this is a killed run's leftover


@dataclass(frozen=True)
class Location:
    """A parsed ``--db``: ``kind`` is ``"sqlite"`` (with ``path``) or ``"postgresql"``
    (with ``url``); ``name`` is what messages show (a URL's password hidden)."""

    kind: str
    name: str
    path: Path | None = None
    url: Any = None


def parse(location: str | os.PathLike) -> Location:
    """Parse a catalog location: a path (SQLite), ``sqlite:///PATH`` or a
    ``postgresql://`` URL (driver psycopg, the ``postgres`` extra).

    Raises
    ------
    DatabaseError
        Another kind of URL, or an empty location.

    Examples
    --------
    >>> parse("sqlite:////tmp/c.sqlite").path
    PosixPath('/tmp/c.sqlite')
    >>> parse("mysql://x/y")
    Traceback (most recent call last):
    ...
    semisolid.errors.DatabaseError: mysql://x/y: ... expected a file path or a postgresql:// URL
    """
    text = os.fspath(location)
    if not str(text).strip():
        raise DatabaseError("the catalog location is empty; give a file path or a "
                            "postgresql:// URL")
    if not _URL.match(str(text)):
        return Location("sqlite", str(text), Path(text))
    try:
        url = sa.make_url(str(text))
    except sa.exc.ArgumentError as exc:
        raise DatabaseError(f"{text}: not a database URL ({exc})") from None
    backend = url.get_backend_name()
    if backend == "sqlite" and url.database:
        return Location("sqlite", url.database, Path(url.database))
    if backend != "postgresql":
        raise DatabaseError(f"{url.render_as_string(hide_password=True)}: a {backend!r} "
                            "database is not supported; expected a file path or a "
                            "postgresql:// URL")
    if url.get_driver_name() in ("", "psycopg2"):
        url = url.set(drivername="postgresql+psycopg")
    return Location("postgresql", url.render_as_string(hide_password=True), url=url)


def check_sqlite_file(path: Path) -> None:
    """Refuse an existing path that is not a regular, non-empty SQLite file (nothing is
    opened that could block: a FIFO or device is refused from its ``stat``)."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        what = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
        raise DatabaseError(f"{path}: {what}; a catalog is an SQLite file, choose another "
                            "--db")
    if st.st_size == 0:
        raise DatabaseError(f"{path}: an empty file (0 bytes), not a catalog; a new catalog "
                            "is created only where no file exists: remove it or choose "
                            "another --db")
    with open(path, "rb") as fh:
        head = fh.read(len(_MAGIC))
    if head != _MAGIC:
        raise DatabaseError(f"{path}: not an SQLite database (first bytes {head[:8]!r}); a "
                            "semisolid catalog is an SQLite file, choose another --db")


def engine(loc: Location, *, readonly: bool, path: Path | None = None) -> sa.Engine:
    """An engine for `loc` (or the SQLite file `path`): read-only engines never write."""
    if loc.kind == "sqlite" or path is not None:
        return _sqlite_engine(Path(path or loc.path), readonly)
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise DatabaseError(f"{loc.name}: a PostgreSQL catalog needs psycopg: pip install "
                            "'semisolid[postgres]'") from None
    args: dict[str, Any] = {"connect_timeout": 10}
    if readonly:
        args["options"] = "-c default_transaction_read_only=on"
    return sa.create_engine(loc.url, connect_args=args, pool_pre_ping=True)


def _sqlite_engine(path: Path, readonly: bool) -> sa.Engine:
    target = path.resolve().as_uri() + "?mode=ro" if readonly else str(path)

    def connect() -> sqlite3.Connection:
        con = sqlite3.connect(target, uri=readonly, timeout=BUSY_TIMEOUT_S / 4,
                              isolation_level=None, check_same_thread=False)
        con.execute("PRAGMA foreign_keys = ON")
        return con

    eng = sa.create_engine("sqlite://", creator=connect, poolclass=sa.pool.NullPool)

    @sa.event.listens_for(eng, "begin")
    def _begin(conn: sa.Connection) -> None:
        read = readonly or conn.get_execution_options().get("semisolid_read", False)
        conn.exec_driver_sql("BEGIN" if read else "BEGIN IMMEDIATE")

    return eng


def transient(exc: BaseException) -> bool:
    """Whether a database error is worth a retry: SQLite busy or locked, PostgreSQL
    deadlock, serialization failure or lock timeout.

    Examples
    --------
    >>> transient(sqlite3.OperationalError("database is locked"))
    True
    >>> transient(ValueError("no"))
    False
    """
    orig = getattr(exc, "orig", exc)
    if isinstance(orig, sqlite3.OperationalError):
        code = getattr(orig, "sqlite_errorcode", None)
        return code in (5, 6) or any(w in str(orig) for w in ("locked", "busy"))
    return getattr(orig, "sqlstate", None) in ("40001", "40P01", "55P03")


def create_sqlite(path: Path) -> bool:
    """Create a new SQLite catalog at `path` (whose folder exists) without ever replacing
    a file: built complete in a temporary file, then hard-linked into place. Returns False
    when another process created it first (its catalog is used)."""
    from semisolid.ccd.catalog import schema

    _remove_stale(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".sqlite-new",
                                    dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        eng = _sqlite_engine(tmp, readonly=False)
        try:
            with eng.begin() as conn:
                schema.create(conn)
        finally:
            eng.dispose()
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)   # mkstemp makes 0600: give the usual file mode
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        except OSError:   # a file system without hard links: exclusive create, one write
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:
                return False
            with os.fdopen(fd, "wb") as fh:
                fh.write(tmp.read_bytes())
                fh.flush()
                os.fsync(fh.fileno())
        return True
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}-journal").unlink(missing_ok=True)


def _remove_stale(path: Path) -> None:
    """Remove temporary catalogs a killed run left next to `path` (older than 10 min)."""
    now = time.time()
    for p in path.parent.glob(f".{glob_escape(path.name)}.*.sqlite-new"):
        try:
            if now - p.stat().st_mtime > _STALE_S:
                p.unlink()
        except OSError:
            pass


def glob_escape(name: str) -> str:
    """`name` with the glob characters escaped.

    Examples
    --------
    >>> glob_escape("a[1].sqlite")
    'a[[]1].sqlite'
    """
    return re.sub(r"([*?\[])", r"[\1]", name)
