"""Small shared helpers: atomic output files and progress bars on stderr.

Examples
--------
>>> import tempfile, os
>>> d = tempfile.mkdtemp()
>>> p = atomic_write_text(os.path.join(d, "a.txt"), "hello")
>>> p.read_text()
'hello'
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

__all__ = [
    "atomic_output",
    "atomic_write_bytes",
    "atomic_write_text",
    "json_safe",
    "progress",
]

T = TypeVar("T")


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


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path next to `path`; rename it onto `path` on success.

    Nothing is left behind if the block raises: a reader never sees a half-written file.

    Examples
    --------
    >>> import tempfile, os
    >>> target = os.path.join(tempfile.mkdtemp(), "x.bin")
    >>> with atomic_output(target) as tmp:
    ...     _ = tmp.write_bytes(b"data")
    >>> Path(target).read_bytes()
    b'data'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=suffix or target.suffix or ".tmp", dir=target.parent
    )
    os.close(fd)
    tmp_path = Path(tmp)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp_path, 0o666 & ~umask)  # mkstemp makes 0600; give the usual file mode
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Write bytes atomically (temp file, then rename). Returns the path."""
    with atomic_output(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def atomic_write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> Path:
    """Write text atomically (temp file, then rename). Returns the path."""
    return atomic_write_bytes(path, text.encode(encoding))


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
