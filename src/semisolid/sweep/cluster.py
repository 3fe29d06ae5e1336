"""The Dask side of the sweeps: a client, chunks as tasks, one retry, progress.

:func:`run_chunks` is the one place that talks to dask.distributed. It runs a function on
each chunk of a sweep as one task (``client.submit``), gathers the results in chunk order as
they finish, resubmits a chunk whose task failed (an exception, or a worker that died) once,
and then reports it as a :class:`~semisolid.sweep.result.FailedChunk`: a chunk is never
dropped without a word.

* **Where it runs.** ``scheduler=None`` starts a local cluster, one worker process per core
  (one thread each), and closes it at the end; ``scheduler="tcp://host:8786"`` uses a running
  cluster (``dask scheduler`` / ``dask worker``, or dask-jobqueue on Slurm) and leaves it up.
* **Memory per worker.** A task holds one chunk; its result is fetched and released as soon
  as it finishes, and the scheduler queues the other tasks instead of sending them all to the
  workers, so a worker holds about one chunk per thread (see each sweep for its bound).
* **Same numbers.** Every task runs with single-threaded BLAS (``threadpoolctl``; Dask's
  worker processes start with ``OPENBLAS_NUM_THREADS=1`` as well), so a chunk's numbers do
  not depend on the worker, the cluster or the number of threads of its BLAS.
* **Warnings** (``UserWarning``) raised in a task are sent back and raised again here, once
  per distinct message, naming the chunks where they arose.

Dask is the optional extra ``pip install semisolid[dask]``; without it every sweep stops
with an :class:`~semisolid.errors.InputError` that says so.

Examples
--------
>>> require_dask(("dask", "a_module_that_is_not_installed"))
Traceback (most recent call last):
...
semisolid.errors.InputError: scheduler: the sweeps run on Dask, ...: pip install semisolid[dask]
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import logging
import time
import uuid
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from semisolid.errors import InputError
from semisolid.sweep.result import FailedChunk

__all__ = ["DASK_EXTRA", "LOCAL_SCHEDULER", "MAX_WORKERS", "ChunkRun", "check_workers",
           "dask_client", "require_dask", "run_chunks"]

DASK_EXTRA = "pip install semisolid[dask]"
"""How to install what the sweeps need."""

_DASK_MODULES = ("dask", "distributed")
LOCAL_SCHEDULER = {"dashboard_address": "127.0.0.1:0"}
"""Scheduler options of the local cluster: no dashboard, and its HTTP routes on a free
local port (by default they take port 8787, and a second cluster on the machine warns)."""
_WAIT_FOR_WORKERS_S = 60.0
#: Most worker processes of a local cluster (as many as ``semisolid ccd --jobs`` allows).
MAX_WORKERS = 256


def require_dask(modules: Sequence[str] | None = None) -> None:
    """Check that Dask (``dask`` and ``distributed``) can be imported.

    Raises
    ------
    InputError
        Naming the extra to install (field ``scheduler``).

    Examples
    --------
    >>> require_dask()
    """
    for name in modules or _DASK_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            raise InputError(f"the sweeps run on Dask, which is not installed: {DASK_EXTRA}",
                             "scheduler") from None


def check_workers(workers: int | None, scheduler: Any = None) -> None:
    """Check the local cluster's worker processes: a whole number from 1 to
    :data:`MAX_WORKERS`, and none with a `scheduler` (whose cluster has its own).

    Examples
    --------
    >>> check_workers(4)
    >>> check_workers(10**20)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: workers: 100000000000000000000 worker processes: at most 256
    """
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int)
                                or workers < 1):
        raise InputError(f"must be a whole number >= 1, got {workers!r}", "workers")
    if workers is not None and workers > MAX_WORKERS:
        raise InputError(f"{workers} worker processes: at most {MAX_WORKERS}", "workers")
    if scheduler is not None and workers is not None:
        raise InputError("a running cluster has its own workers; give --workers only for "
                         "the local cluster", "workers")


@contextlib.contextmanager
def dask_client(scheduler: Any = None, workers: int | None = None
                ) -> Iterator[tuple[Any, str]]:
    """A dask.distributed client and a description of the cluster.

    Parameters
    ----------
    scheduler : str or distributed.Client, optional
        Address of a running scheduler (``tcp://10.0.0.5:8786``), or a client (used as it
        is). Default: a local cluster of `workers` processes, closed on exit.
    workers : int, optional
        Worker processes of the local cluster (default: one per core). Not allowed with a
        `scheduler`, whose cluster has its own.

    Yields
    ------
    (distributed.Client, str)

    Examples
    --------
    >>> with dask_client(workers=0) as (client, where):
    ...     pass
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: workers: must be a whole number >= 1, got 0
    """
    require_dask()
    check_workers(workers, scheduler)
    from distributed import Client, LocalCluster

    if scheduler is not None and hasattr(scheduler, "submit"):
        yield scheduler, _describe(scheduler, "the given client")
        return
    if scheduler is not None:
        import dask.config

        address = str(scheduler)
        try:  # waits up to dask's connect timeout (distributed.comm.timeouts.connect)
            client = Client(address, timeout=dask.config.get("distributed.comm.timeouts.connect"))
        except OSError as exc:
            raise InputError(f"cannot reach a Dask scheduler at {address!r} ({exc})",
                             "scheduler") from None
        try:
            if not client.scheduler_info().get("workers"):
                try:
                    client.wait_for_workers(1, timeout=_WAIT_FOR_WORKERS_S)
                except TimeoutError:
                    raise InputError(f"the scheduler at {address!r} has no workers "
                                     f"(waited {_WAIT_FOR_WORKERS_S:g} s)",
                                     "scheduler") from None
            yield client, _describe(client, address)
        finally:
            client.close()
        return
    import dask.system

    n = workers or max(int(dask.system.CPU_COUNT), 1)
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=logging.CRITICAL,
                           scheduler_kwargs=LOCAL_SCHEDULER)
    try:
        client = Client(cluster)
        try:
            yield client, f"local cluster, {n} worker process{'es' if n > 1 else ''}"
        finally:
            client.close()
    finally:
        cluster.close()


def _describe(client: Any, where: str) -> str:
    info = client.scheduler_info().get("workers", {})
    threads = sum(int(w.get("nthreads", 1)) for w in info.values())
    return f"{where}, {len(info)} worker(s), {threads} thread(s)"


def _threads(client: Any) -> int:
    info = client.scheduler_info().get("workers", {})
    return sum(int(w.get("nthreads", 1)) for w in info.values()) or 1


@dataclass
class ChunkRun:
    """What :func:`run_chunks` gives back.

    Attributes
    ----------
    results : list
        One entry per chunk, in chunk order; None for a failed chunk.
    failed : list of FailedChunk
    retried : int
        Chunks that failed once and succeeded on their retry.
    cluster : str
        Where they ran.
    threads : int
        Worker threads (tasks run at once).
    seconds : float
        Wall time from the first submission to the last result.
    warnings : list of str
        The tasks' warnings (each once, with the chunks where it arose).
    """

    results: list[Any]
    failed: list[FailedChunk] = field(default_factory=list)
    retried: int = 0
    cluster: str = ""
    threads: int = 1
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


def _one_blas_thread() -> Any:
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - part of the [dask] extra
        return contextlib.nullcontext()
    return threadpool_limits(1, user_api="blas")


def _call(fn: Callable[[Any], Any], chunk: Any) -> tuple[Any, list[str]]:
    """Run one chunk in a task: single-threaded BLAS, its UserWarnings recorded."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UserWarning)
        with _one_blas_thread():
            value = fn(chunk)
    return value, list(dict.fromkeys(str(w.message) for w in caught
                                     if issubclass(w.category, UserWarning)))


def _error_text(exc: BaseException | None) -> str:
    if exc is None:
        return "the task was lost (cancelled by the scheduler)"
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def run_chunks(
    fn: Callable[[Any], Any],
    chunks: Sequence[Any],
    labels: Sequence[str],
    *,
    scheduler: Any = None,
    workers: int | None = None,
    quiet: bool = False,
    retries: int = 1,
    what: str = "sweep",
) -> ChunkRun:
    """Run ``fn(chunk)`` for every chunk as Dask tasks; retry a failed chunk, then report it.

    Parameters
    ----------
    fn : callable
        A picklable function of one chunk (a module-level function or a
        :func:`functools.partial` of one; a function defined inside another is pickled by
        value). Its return value comes back to this process.
    chunks : sequence
        The chunks (small: they travel to the workers).
    labels : sequence of str
        What each chunk covers, for reports ("temperature_K 290-300").
    scheduler, workers
        See :func:`dask_client`.
    quiet : bool
        No progress bar (it is shown on stderr only when stderr is a terminal; the
        environment variable ``SEMISOLID_PROGRESS=0`` or ``1`` decides otherwise).
    retries : int
        Times a failed chunk is run again before it is reported (default 1).
    what : str
        Name of the sweep, for the progress bar and the task keys.

    Returns
    -------
    ChunkRun

    Examples
    --------
    >>> run_chunks(abs, [1, 2], ["one"])
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: chunks: 2 chunks but 1 labels
    """
    if len(labels) != len(chunks):
        raise InputError(f"{len(chunks)} chunks but {len(labels)} labels", "chunks")
    if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
        raise InputError(f"must be a whole number >= 0, got {retries!r}", "retries")
    from semisolid._util import progress_callback

    with dask_client(scheduler, workers) as (client, where):
        from distributed import as_completed

        tick, close = (progress_callback(what, len(chunks)) if not quiet
                       else (lambda n: None, lambda: None))
        token = uuid.uuid4().hex[:12]
        task = functools.partial(_call, fn)
        run = ChunkRun(results=[None] * len(chunks), cluster=where, threads=_threads(client))
        t0 = time.perf_counter()
        pending: dict[Any, tuple[int, int]] = {}
        for i, chunk in enumerate(chunks):
            fut = client.submit(task, chunk, key=f"{what}-{token}-{i}-0", pure=False)
            pending[fut] = (i, 0)
        seen: dict[str, list[str]] = {}
        try:
            done = as_completed(list(pending))
            for fut in done:
                i, attempt = pending.pop(fut)
                ok, exc = False, None
                try:
                    if fut.status == "finished":
                        value, said = fut.result()
                        ok = True
                    else:
                        exc = fut.exception()
                except Exception as e:  # cancelled, or lost between finishing and fetching
                    exc = e
                fut.release()
                if ok:
                    run.results[i] = value
                    run.retried += attempt > 0
                    for msg in said:
                        seen.setdefault(msg, []).append(labels[i])
                    tick(1)
                    continue
                if attempt < retries:
                    new = client.submit(task, chunks[i], key=f"{what}-{token}-{i}-{attempt + 1}",
                                        pure=False)
                    pending[new] = (i, attempt + 1)
                    done.add(new)
                    continue
                run.failed.append(FailedChunk(i, labels[i], _error_text(exc), attempt + 1))
                tick(1)
        finally:
            close()
            for fut in pending:
                fut.cancel()
        run.seconds = time.perf_counter() - t0
    run.failed.sort(key=lambda f: f.index)
    for msg, where_said in seen.items():
        text = msg if len(where_said) == len(chunks) else (
            f"{msg} [in {len(where_said)} of {len(chunks)} chunks: "
            f"{'; '.join(where_said[:3])}{'; ...' if len(where_said) > 3 else ''}]")
        run.warnings.append(text)
        warnings.warn(text, UserWarning, stacklevel=3)
    return run
