"""The microstructure workflow of ``semisolid microstructure``: simulate at a liquid fraction
(or one of the paper's presets) and optionally write the image.

Examples
--------
>>> run = run_microstructure("B", size_px=32, n_nuclei=10)
>>> run.to_dict()["target_liquid_fraction"], run.image
(0.51, None)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from semisolid.errors import InputError
from semisolid.units import require_positive

__all__ = ["MicrostructureRun", "run_microstructure"]


@dataclass
class MicrostructureRun:
    """A simulated microstructure and the image written from it (if any)."""

    result: Any
    image: Path | None = None

    def to_dict(self) -> dict[str, Any]:
        """:meth:`MicrostructureResult.to_dict` plus ``image`` when one was written."""
        doc = self.result.to_dict()
        if self.image is not None:
            doc["image"] = str(self.image)
        return doc

    def tables(self) -> list[tuple[str, list[str], list[list[Any]]]]:
        """The main numbers as a quantity/value table."""
        d = self.to_dict()
        g = d["grains"]
        rows = [
            ["grid", f"{'x'.join(map(str, d['shape_px']))} px, "
                     f"{'periodic' if d['periodic'] else 'open'}"],
            ["nuclei", f"{d['n_nuclei']} (min separation {d['min_separation_px']:.3g} px, "
                       f"seed {d['seed']})"],
            ["time slice (quantile)", d["time_slice"]],
            ["time slice (secant)",
             f"{d['time_slice_secant']:.6g} ({d['secant_iterations']} evaluations)"],
            ["time slice (JMAK guess)", d["jmak_time_slice"]],
            ["liquid fraction", f"{d['liquid_fraction']:.6f} (target "
                                f"{d['target_liquid_fraction']:g}; secant "
                                f"{d['liquid_fraction_secant']:.6f})"],
            ["liquid percolates (axis 0)",
             f"{d['liquid_percolates']} ({d['liquid_spanning_fraction']:.3f} of the liquid in "
             f"spanning clusters, {d['n_liquid_clusters']} clusters)"],
            ["interface density (1/px)", d["interface_density"]],
            ["grains", g["n_grains"]],
            ["mean equivalent diameter (px)", g["mean_equivalent_diameter_px"]],
        ]
        if self.image is not None:
            rows.append(["image", str(self.image)])
        return [("time-cone microstructure", ["quantity", "value"], rows)]


def run_microstructure(
    liquid_fraction: float | str,
    *,
    size_px: int = 1024,
    n_nuclei: int = 400,
    dim: int = 2,
    seed: int = 1,
    periodic: bool = True,
    min_separation_px: float | None = None,
    speed_range: tuple[float, float] = (0.6, 1.5),
    memory_limit_gib: float | None = None,
    image_path: str | Path | None = None,
    scale: int = 1,
) -> MicrostructureRun:
    """Simulate a time-cone microstructure and write its (mid-plane in 3D) image as PNG.

    Parameters
    ----------
    liquid_fraction : float or str
        Target liquid fraction in (0, 1), or a preset of
        :data:`~semisolid.microstructure.simulate.PRESETS` (``"A"``, ``"B"``).
    size_px, n_nuclei, dim, seed, periodic, min_separation_px, speed_range
        As in :func:`~semisolid.microstructure.simulate.simulate`.
    memory_limit_gib : float, optional
        Refuse jobs needing more memory (default: half the available memory).
    image_path : path, optional
        A ``.png`` file (liquid white, each grain one grey level).
    scale : int
        Enlarge the image's pixels this many times.

    Examples
    --------
    >>> run_microstructure(0.5, image_path="b.jpg")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: image_path: 'b.jpg': the image is written as PNG; ...
    """
    from semisolid._util import check_output_path
    from semisolid.microstructure.simulate import preset_liquid_fraction, simulate
    from semisolid.plots.microstructure import check_image_size

    if image_path is not None:  # before simulating: a device or folder is refused now
        check_output_path(image_path, field="image_path")
        if isinstance(size_px, int) and isinstance(scale, int):
            check_image_size(size_px, size_px, scale)
    if image_path is not None and Path(image_path).suffix.lower() != ".png":
        raise InputError(f"{str(image_path)!r}: the image is written as PNG; give a file "
                         "name ending in .png", "image_path")
    require_positive(memory_limit_gib, "memory_limit_gib", unit="GiB", optional=True)
    if isinstance(size_px, int) and isinstance(n_nuclei, int) and dim in (2, 3) \
            and n_nuclei > size_px**dim:
        raise InputError(f"{n_nuclei} nuclei do not fit in a {size_px}^{dim} grid "
                         f"({size_px**dim} pixels); use fewer nuclei or a larger size",
                         "n_nuclei")
    f = preset_liquid_fraction(liquid_fraction) if isinstance(liquid_fraction, str) \
        else liquid_fraction
    res = simulate(f, size_px=size_px, n_nuclei=n_nuclei, dim=dim, seed=seed,
                   periodic=periodic, min_separation_px=min_separation_px,
                   speed_range=speed_range, memory_limit_bytes=None if memory_limit_gib is None
                   else int(memory_limit_gib * 2**30))
    run = MicrostructureRun(res)
    if image_path is not None:
        from semisolid.plots.microstructure import save_microstructure_png

        run.image = save_microstructure_png(res, image_path, scale=scale)
    return run
