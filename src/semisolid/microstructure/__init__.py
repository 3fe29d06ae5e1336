"""Time-cone microstructure of semi-solid electrodes (Fig. 6a insets of Park et al. 2021).

Nuclei born at t = 0 with a minimum separation grow at their own speeds; the arrival time
``T(p) = min_i |p - x_i| / v_i`` and the first-arriving grain are computed exactly
(:mod:`.timecone`, checked against the brute force of :mod:`.reference`); the time slice that
gives a target liquid fraction is found by secant search and by the exact order statistic
(:mod:`.slicing`); :mod:`.analysis` measures liquid connectivity, interface density and grain
sizes; :func:`simulate` does it all.

Examples
--------
>>> from semisolid.microstructure import simulate
>>> r = simulate(0.51, size_px=64, n_nuclei=10, seed=1)
>>> r.to_dict()["liquid_fraction"]
0.5100...
"""

from semisolid.microstructure.analysis import (
    grain_sizes,
    interface_density,
    liquid_percolation,
)
from semisolid.microstructure.nuclei import Nuclei, place_nuclei
from semisolid.microstructure.reference import arrival_times_brute_force
from semisolid.microstructure.result import (
    ArrivalField,
    GrainSizes,
    MicrostructureResult,
    Percolation,
    TimeSlice,
)
from semisolid.microstructure.simulate import PRESETS, preset_liquid_fraction, simulate
from semisolid.microstructure.slicing import find_time_slice, jmak_time_slice
from semisolid.microstructure.timecone import arrival_times, check_memory
from semisolid.microstructure.workflows import MicrostructureRun, run_microstructure

__all__ = [
    "PRESETS",
    "ArrivalField",
    "GrainSizes",
    "MicrostructureResult",
    "MicrostructureRun",
    "Nuclei",
    "Percolation",
    "TimeSlice",
    "arrival_times",
    "arrival_times_brute_force",
    "check_memory",
    "find_time_slice",
    "grain_sizes",
    "interface_density",
    "jmak_time_slice",
    "liquid_percolation",
    "place_nuclei",
    "preset_liquid_fraction",
    "run_microstructure",
    "simulate",
]
