"""Seeded virtual cells of the paper's six families, run through the CCD detector.

The report's Fig. 3, 5 and 6 and their numbers come from these cells: each is simulated by
:func:`semisolid.models.virtual_cell.simulate_cell` with the family's protocol and analysed by
:func:`semisolid.ccd.detect`, which knows nothing of the simulated truth.

The paper reports CCDs on the final measured electrode area, which varies from cell to cell;
here the final area is the nominal area times a seeded factor U(0.85, 1.15) (an assumption).

Examples
--------
>>> cells = simulate_families(seed=1, quick=True, families=["K/KBA/K"])
>>> c = cells["K/KBA/K"][0]
>>> c.true_failure == c.detected_failure, c.record is not None
(True, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from semisolid import paper
from semisolid.constants import MA_PER_CM2_IN_A_PER_M2, MAH_PER_CM2_IN_C_PER_M2

__all__ = [
    "VirtualCell",
    "cells_per_family",
    "detector_recovery",
    "shorted_ccds",
    "simulate_families",
]

_MA_CM2 = MA_PER_CM2_IN_A_PER_M2


@dataclass
class VirtualCell:
    """One virtual cell: the simulated truth and what the detector found.

    Current densities in mA/cm²; ``ccd_final_mA_cm2`` and ``areal_capacity_final_mAh_cm2``
    are on the cell's final area. ``record`` and ``result`` are kept for the first cell of a
    family only (the report draws it), None otherwise.
    """

    family: str
    seed: int
    area_m2: float
    true_failure: str | None
    true_ccd_mA_cm2: float | None
    true_onset_mA_cm2: float | None
    detected_failure: str
    detected_ccd_mA_cm2: float | None
    ccd_final_mA_cm2: float | None
    areal_capacity_final_mAh_cm2: float
    record: Any = None
    result: Any = None

    @property
    def onset_recovered(self) -> bool:
        """Whether the detector found the simulated failure mode and its onset step."""
        return _onset_recovered(self.true_failure, self.detected_failure,
                                self.true_onset_mA_cm2, self.detected_ccd_mA_cm2)


def _onset_recovered(true_failure: str | None, detected_failure: str,
                     true_onset: float | None, detected: float | None) -> bool:
    if true_failure != detected_failure:
        return False
    if true_failure == "none":
        return True
    return true_onset is not None and detected is not None and abs(true_onset - detected) < 1e-6


def cells_per_family() -> dict[str, int]:
    """Cells per family in the paper where it gives N (A 4, B 3, Li-NaK 14); the remaining
    cells of the 38 (17, pure Li, Na and K) are split evenly here, an assumption.

    Examples
    --------
    >>> cells_per_family()
    {'Li/LLZTO/Li': 6, 'Na/NBA/Na': 6, 'K/KBA/K': 5, 'A/KBA/A': 4, 'B/KBA/B': 3, \
'NaK(e)-Li/LLZTO/NaK(e)-Li': 14}
    """
    given = {f.name: f.n_cells for f in paper.FAMILIES if f.n_cells is not None}
    rest = [f.name for f in paper.FAMILIES if f.n_cells is None]
    each, extra = divmod(paper.TOTAL_CELLS - sum(given.values()), len(rest))
    split = {name: each + (k < extra) for k, name in enumerate(rest)}
    return {f.name: given.get(f.name, split.get(f.name, 0)) for f in paper.FAMILIES}


def simulate_families(
    seed: int, quick: bool = False, families: Sequence[str] | None = None,
) -> dict[str, list[VirtualCell]]:
    """Simulate the virtual cells of the six families and run each through the detector.

    Parameters
    ----------
    seed : int
        Base seed: cell ``k`` of family ``f`` (in the paper's order) has seed
        ``seed + 1000 f + k``; the final areas come from ``default_rng(seed)``.
    quick : bool
        3 cells per family; otherwise ``max(N, 10)`` (N from :func:`cells_per_family`), the
        Li-NaK cells cycling in turn at the paper's 0.25, 1.5 and 3 mAh/cm².
    families : sequence of str, optional
        Only these families (names of :data:`semisolid.paper.FAMILIES`).

    Returns
    -------
    dict
        Family name -> list of :class:`VirtualCell`.
    """
    from semisolid.ccd import detect
    from semisolid.models.virtual_cell import cell_preset, simulate_cell

    n_paper = cells_per_family()
    rng = np.random.default_rng(seed)
    out: dict[str, list[VirtualCell]] = {}
    for f, fam in enumerate(paper.FAMILIES):
        if families is not None and fam.name not in families:
            continue
        n = 3 if quick else max(n_paper[fam.name], 10)
        rows = []
        for k in range(n):
            spec = cell_preset(fam.name, seed=seed + 1000 * f + k)
            if fam.protocol == "NaK-Li" and not quick:
                caps = paper.PROTOCOLS[fam.protocol].areal_capacities_mAh_cm2
                cap = caps[k % len(caps)] * MAH_PER_CM2_IN_C_PER_M2
                spec = replace(spec, protocol=replace(spec.protocol, areal_capacity_C_m2=cap))
            rec = simulate_cell(spec)
            final_area = spec.area_m2 * rng.uniform(0.85, 1.15)
            res = detect(rec, area_m2=spec.area_m2, final_area_m2=final_area)
            extra = rec.metadata.extra
            rows.append(VirtualCell(
                family=fam.name,
                seed=spec.seed,
                area_m2=spec.area_m2,
                true_failure=extra.get("failure_mode"),
                true_ccd_mA_cm2=extra.get("true_ccd_mA_cm2"),
                true_onset_mA_cm2=extra.get("onset_current_density_mA_cm2"),
                detected_failure=res.failure,
                detected_ccd_mA_cm2=None if res.ccd_A_m2 is None else res.ccd_A_m2 / _MA_CM2,
                ccd_final_mA_cm2=(None if res.ccd_final_A_m2 is None
                                  else res.ccd_final_A_m2 / _MA_CM2),
                areal_capacity_final_mAh_cm2=(spec.protocol.areal_capacity_C_m2 * spec.area_m2
                                              / final_area / MAH_PER_CM2_IN_C_PER_M2),
                record=rec if k == 0 else None,
                result=res if k == 0 else None,
            ))
        out[fam.name] = rows
    return out


def shorted_ccds(cells: Sequence[VirtualCell]) -> np.ndarray:
    """Final-area CCDs [mA/cm²] of the cells the detector found shorted.

    Examples
    --------
    >>> shorted_ccds([]).size
    0
    """
    return np.array([c.ccd_final_mA_cm2 for c in cells
                     if c.detected_failure == "short" and c.ccd_final_mA_cm2])


def detector_recovery(seed: int, n_per_family: int) -> tuple[int, int, list[float]]:
    """Run `n_per_family` seeded virtual cells per family through the detector.

    Cell ``k`` of family ``f`` has seed ``seed + 1000 f + k``.

    Returns
    -------
    (int, int, list of float)
        The number of cells whose failure mode and onset current density the detector
        recovered, the number of cells, and the detected onsets [mA/cm²] of the Li cells that
        failed open-circuit (impedance rise).

    Examples
    --------
    >>> ok, n, _ = detector_recovery(seed=5, n_per_family=1)
    >>> n, ok <= n
    (6, True)
    """
    from semisolid.ccd import detect
    from semisolid.models.virtual_cell import cell_preset, simulate_cell

    ok = n = 0
    li_open: list[float] = []
    for f, fam in enumerate(paper.FAMILIES):
        for k in range(n_per_family):
            spec = cell_preset(fam.name, seed=seed + 1000 * f + k)
            rec = simulate_cell(spec)
            res = detect(rec, area_m2=spec.area_m2)
            extra = rec.metadata.extra
            ok += _onset_recovered(
                extra.get("failure_mode"), res.failure,
                extra.get("onset_current_density_mA_cm2"),
                None if res.ccd_A_m2 is None else res.ccd_A_m2 / _MA_CM2,
            )
            n += 1
            if fam.voids and res.failure == "open_circuit" and res.ccd_A_m2:
                li_open.append(res.ccd_A_m2 / _MA_CM2)
    return ok, n, li_open
