"""``semisolid microstructure`` (:mod:`semisolid.microstructure`)."""

from __future__ import annotations

from pathlib import Path

import typer

from semisolid.cli._core import JSON, OUT_FILE, App, show

app = App()


@app.command("microstructure", needs={"scale": ["image_path"]})
def microstructure(
    liquid_fraction: float = typer.Option(None, "--liquid-fraction",
                                          help="Target liquid fraction in (0, 1)."),
    preset: str = typer.Option(None, "--preset", help="Paper inset instead of "
                               "--liquid-fraction: B (0.51) or A (0.10)."),
    size: int = typer.Option(1024, "--size", help="Grid edge in pixels (voxels in 3D)."),
    n_nuclei: int = typer.Option(400, "--nuclei", help="Number of nuclei (grains)."),
    seed: int = typer.Option(1, "--seed", help="Random seed (PCG64)."),
    dim: int = typer.Option(2, "--dim", help="2 or 3."),
    periodic: bool = typer.Option(True, "--periodic/--open",
                                  help="Periodic (default) or open boundaries."),
    min_separation_px: float = typer.Option(None, "--min-separation", help=(
        "Minimum nucleus separation in pixels (default: half the mean spacing; 0 for Poisson "
        "nuclei).")),
    speed_min: float = typer.Option(0.6, "--speed-min", help="Lowest growth speed."),
    speed_max: float = typer.Option(1.5, "--speed-max", help="Highest growth speed."),
    memory_limit_gib: float = typer.Option(None, "--memory-limit-gib", help=(
        "Refuse jobs needing more memory (default: half the available RAM).")),
    image_path: Path = typer.Option(None, "--out", parser=OUT_FILE,
                                    help="Write the (mid-plane in 3D) image as PNG."),
    scale: int = typer.Option(1, "--scale", help="Enlarge the PNG pixels this many times."),
    as_json: bool = JSON,
) -> None:
    """Time-cone microstructure of a semi-solid electrode at a liquid fraction (Fig. 6a insets).

    Exact arrival times, time slice by secant and by quantile, liquid percolation,
    interface density, grain sizes; optional PNG (liquid white).
    """
    from semisolid.errors import InputError
    from semisolid.microstructure.workflows import run_microstructure

    if (liquid_fraction is None) == (preset is None):  # two ways to give the one fraction
        raise InputError("give exactly one of --liquid-fraction (e.g. 0.51) or --preset "
                         "(A or B)", "liquid_fraction")
    show(run_microstructure(
        preset if liquid_fraction is None else liquid_fraction, size_px=size,
        n_nuclei=n_nuclei, dim=dim, seed=seed, periodic=periodic,
        min_separation_px=min_separation_px, speed_range=(speed_min, speed_max),
        memory_limit_gib=memory_limit_gib, image_path=image_path, scale=scale), as_json)
