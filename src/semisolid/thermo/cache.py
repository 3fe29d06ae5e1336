"""Disk cache of parsed and compiled databases, so that a second run starts at once.

Entries live in the user's cache directory (``platformdirs.user_cache_dir("semisolid")``,
else ``$XDG_CACHE_HOME/semisolid`` or ``~/.cache/semisolid``), folder ``thermo``; the
environment variable ``SEMISOLID_CACHE_DIR`` names another folder, and
``SEMISOLID_CACHE=0`` turns the cache off. Two kinds of entries:

* ``info-<key>.pkl``: what was read from a TDB file (elements, species, phases, validity
  range), keyed by the file's SHA-256;
* ``system-<key>.pkl``: the compiled phases of one set of components and phases, keyed by
  the file's SHA-256, the components, the phase set, the semisolid version and the versions
  of the compiler (symengine) and Python that made the machine code.

Writes are atomic (a temporary file in the same folder, then a rename), so two processes
that build the same entry at once each write a complete file and a reader never sees half
of one. An entry that cannot be read back (truncated, corrupt, from another version) is
treated as missing: it is rebuilt and replaced.

Examples
--------
>>> import tempfile, os
>>> os.environ["SEMISOLID_CACHE_DIR"] = tempfile.mkdtemp()
>>> store("demo", {"a": 1})
True
>>> load("demo")
{'a': 1}
>>> load("absent") is None
True
>>> del os.environ["SEMISOLID_CACHE_DIR"]
"""

from __future__ import annotations

import hashlib
import os
import pickle
import platform
import sys
import tempfile
from pathlib import Path

__all__ = ["cache_dir", "enabled", "load", "make_key", "store"]

FORMAT = 5
"""Version of the cache's layout; bump when the pickled classes change incompatibly."""


def enabled() -> bool:
    """False when ``SEMISOLID_CACHE=0`` (or ``off``/``false``/``no``)."""
    return os.environ.get("SEMISOLID_CACHE", "1").strip().lower() not in ("0", "off", "false",
                                                                          "no")


def cache_dir() -> Path:
    """The folder of the thermodynamics cache (not created here).

    Examples
    --------
    >>> cache_dir().name
    'thermo'
    """
    override = os.environ.get("SEMISOLID_CACHE_DIR")
    if override:
        return Path(override) / "thermo"
    try:
        from platformdirs import user_cache_dir

        base = Path(user_cache_dir("semisolid", appauthor=False))
    except ImportError:  # pragma: no cover - platformdirs is a dependency
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".cache") / "semisolid"
    return base / "thermo"


def _versions() -> str:
    from semisolid import __version__ as own  # (importlib.metadata would cost 20-30 ms)

    try:
        import symengine

        sym = symengine.__version__
    except ImportError:  # pragma: no cover
        sym = "none"
    return (f"{FORMAT}|{own}|symengine {sym}|{sys.version_info[:2]}|{platform.machine()}|"
            f"{sys.platform}")


def make_key(*parts) -> str:
    """A file-name-safe key from `parts` and the software versions.

    Examples
    --------
    >>> len(make_key("abc", ("K", "Na")))
    40
    """
    h = hashlib.sha256(_versions().encode())
    for p in parts:
        h.update(b"\x00" + repr(p).encode())
    return h.hexdigest()[:40]


def _path(name: str) -> Path:
    return cache_dir() / f"{name}.pkl"


def load(name: str):
    """The cached object called `name`, or None if absent, unreadable or disabled."""
    if not enabled():
        return None
    path = _path(name)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        key, obj = pickle.loads(data)
    except Exception:  # corrupt, truncated or from incompatible code: rebuild
        return None
    return obj if key == name else None


def store(name: str, obj) -> bool:
    """Write `obj` under `name` atomically; False (and nothing written) if that fails.

    A cache that cannot be written (read-only home, full disk) never stops a calculation.
    """
    if not enabled():
        return False
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps((name, obj), protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(prefix=f".{name[:12]}-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, _path(name))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return False
    return True
