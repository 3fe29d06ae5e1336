"""What a sweep gives back: its data, the chunks that failed, and how it ran.

Examples
--------
>>> r = SweepResult("virtual cells", data=None, chunks=4, chunk_size=25,
...                 failed=[FailedChunk(2, "K/KBA/K seeds 50-74", "ValueError: boom", 2)])
>>> r.ok, r.lines()[-1]
(False, 'chunk 2 (K/KBA/K seeds 50-74) failed twice and is missing: ValueError: boom')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["FailedChunk", "SweepResult"]

Table = tuple[str, list[str], list[list[Any]]]


@dataclass(frozen=True)
class FailedChunk:
    """A chunk whose task failed on every attempt: its part of the result is missing.

    Attributes
    ----------
    index : int
        Position of the chunk (0-based, in the sweep's chunk order).
    label : str
        What the chunk covers (``"temperature_K 290-300"``, ``"files 51-100"``).
    error : str
        The last attempt's error (``"TypeName: message"``).
    attempts : int

    Examples
    --------
    >>> FailedChunk(0, "files 1-50", "OSError: disk full", 2).to_dict()["attempts"]
    2
    """

    index: int
    label: str
    error: str
    attempts: int

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        return {"index": self.index, "label": self.label, "error": self.error,
                "attempts": self.attempts}


@dataclass
class SweepResult:
    """A sweep's result: `data` as the serial path gives it, and the run's bookkeeping.

    Attributes
    ----------
    kind : str
        ``"design map"``, ``"virtual cells"`` or ``"files"``.
    data : xarray.Dataset, pandas.DataFrame, Batch or None
        The result (see each sweep). A design map with a failed chunk has no data (its
        computed chunks are in `parts`); a table lacks the rows of its failed chunks.
    chunks, chunk_size : int
    failed : list of FailedChunk
        The chunks whose task failed twice; ``ok`` is False when there are any.
    retried : int
        Chunks that failed once and succeeded on the retry.
    cluster : str
        Where it ran.
    threads : int
        Worker threads.
    seconds : float
        Wall time of the tasks (cluster start and stop not included).
    warnings : list of str
        Warnings of the tasks (also raised again as ``UserWarning``).
    report : object, optional
        The printed form of `data` (``tables()``, ``lines()``, ``to_dict()``).
    parts : list
        Design maps only: the chunks computed, in chunk order, when some failed.
    notes : list of str
        Last lines of the report (what was or was not written).
    """

    kind: str
    data: Any
    chunks: int
    chunk_size: int
    failed: list[FailedChunk] = field(default_factory=list)
    retried: int = 0
    cluster: str = ""
    threads: int = 1
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    report: Any = None
    parts: list[Any] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every chunk was computed."""
        return not self.failed

    def __repr__(self) -> str:
        state = "ok" if self.ok else f"{len(self.failed)} failed"
        return (f"SweepResult({self.kind!r}, {self.chunks} chunks, {state}, "
                f"{self.seconds:.3g} s on {self.cluster or '?'})")

    def run_info(self) -> dict[str, Any]:
        """How the sweep ran (the ``sweep`` record of :meth:`to_dict`)."""
        return {"kind": self.kind, "ok": self.ok, "chunks": self.chunks,
                "chunk_size": self.chunk_size, "failed_chunks": [f.to_dict()
                                                                 for f in self.failed],
                "retried_chunks": self.retried, "cluster": self.cluster,
                "threads": self.threads, "seconds": self.seconds, "warnings": self.warnings}

    def to_dict(self) -> dict[str, Any]:
        """``{"result": <the report's to_dict()>, "sweep": run_info()}``."""
        rep = None if self.report is None else self.report.to_dict()
        return {"result": rep, "sweep": self.run_info()}

    def tables(self) -> list[Table]:
        """The report's tables."""
        return [] if self.report is None else list(self.report.tables())

    def lines(self) -> list[str]:
        """The report's lines, how the sweep ran, then one line per failed chunk."""
        out = [] if self.report is None else list(getattr(self.report, "lines", list)())
        out.append(f"{self.kind}: {self.chunks} chunk(s) of up to {self.chunk_size} on "
                   f"{self.cluster or 'Dask'} in {self.seconds:.3g} s"
                   + (f"; {self.retried} chunk(s) succeeded on their retry"
                      if self.retried else ""))
        for f in self.failed:
            times = {1: "once", 2: "twice"}.get(f.attempts, f"{f.attempts} times")
            out.append(f"chunk {f.index} ({f.label}) failed {times} and is missing: {f.error}")
        return out + list(self.notes)
