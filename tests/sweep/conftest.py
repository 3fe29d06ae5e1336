"""Fixtures of the sweep tests: one local Dask cluster of two worker processes."""

from __future__ import annotations

import logging

import pytest


@pytest.fixture(scope="session")
def cluster():
    """A LocalCluster of 2 single-threaded worker processes for the whole session."""
    distributed = pytest.importorskip("distributed")
    from semisolid.sweep.cluster import LOCAL_SCHEDULER

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=logging.CRITICAL,
                                  scheduler_kwargs=LOCAL_SCHEDULER) as c:
        yield c


@pytest.fixture(scope="session")
def client(cluster):
    """A client of :func:`cluster` (passed to the sweeps as ``scheduler``)."""
    from distributed import Client

    with Client(cluster) as c:
        yield c
