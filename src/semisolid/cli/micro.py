"""CLI command of the microstructure area: ``semisolid microstructure``."""

from __future__ import annotations

from pathlib import Path

import typer

from semisolid.cli._common import emit_json, output_file, print_table, user_errors

# API argument names -> the CLI options that set them (for error messages).
_OPTION = {
    "liquid_fraction": "--liquid-fraction",
    "n_nuclei": "--nuclei",
    "size": "--size",
    "shape_px": "--size",
    "min_separation_px": "--min-separation",
    "speed_range": "--speed-min/--speed-max",
    "dim": "--dim",
}


def register(app: typer.Typer) -> None:
    """Add this area's commands to the main app."""

    @app.command("microstructure")
    def microstructure(
        liquid_fraction: float = typer.Option(
            None, "--liquid-fraction", help="Target liquid fraction in (0, 1)."),
        preset: str = typer.Option(
            None, "--preset",
            help="Paper inset instead of --liquid-fraction: B (0.51) or A (0.10)."),
        size: int = typer.Option(1024, "--size", help="Grid edge in pixels (voxels in 3D)."),
        nuclei: int = typer.Option(400, "--nuclei", help="Number of nuclei (grains)."),
        seed: int = typer.Option(1, "--seed", help="Random seed (PCG64)."),
        dim: int = typer.Option(2, "--dim", help="2 or 3."),
        periodic: bool = typer.Option(
            True, "--periodic/--open", help="Periodic (default) or open boundaries."),
        min_separation: float = typer.Option(
            None, "--min-separation",
            help="Minimum nucleus separation in pixels (default: half the mean spacing; "
                 "0 for Poisson nuclei)."),
        speed_min: float = typer.Option(0.6, "--speed-min", help="Lowest growth speed."),
        speed_max: float = typer.Option(1.5, "--speed-max", help="Highest growth speed."),
        memory_limit_gib: float = typer.Option(
            None, "--memory-limit-gib",
            help="Refuse jobs needing more memory (default: half the available RAM)."),
        out: Path = typer.Option(
            None, "--out", help="Write the (mid-plane in 3D) image as PNG."),
        scale: int = typer.Option(1, "--scale", help="Enlarge the PNG pixels this many times."),
        json: bool = typer.Option(False, "--json", help="One JSON document on stdout."),
    ) -> None:
        """Time-cone microstructure of a semi-solid electrode at a liquid fraction (Fig. 6a insets).

        Exact arrival times, time slice by secant and by quantile, liquid percolation,
        interface density, grain sizes; optional PNG (liquid white).
        """
        with user_errors(_OPTION):
            from semisolid.errors import InputError
            from semisolid.microstructure import preset_liquid_fraction, simulate

            if (liquid_fraction is None) == (preset is None):
                raise InputError(
                    "give exactly one of --liquid-fraction (e.g. 0.51) or --preset (A or B)",
                    "--liquid-fraction",
                )
            f = preset_liquid_fraction(preset) if preset is not None else liquid_fraction
            if memory_limit_gib is not None and not memory_limit_gib > 0:
                raise InputError(f"expected a positive number, got {memory_limit_gib}",
                                 "--memory-limit-gib")
            limit = None if memory_limit_gib is None else int(memory_limit_gib * 2**30)
            if dim not in (2, 3):
                raise InputError(f"expected 2 or 3, got {dim}", "--dim")
            if size >= 1 and nuclei > size**dim:
                raise InputError(f"{nuclei} nuclei do not fit in a {size}^{dim} grid "
                                 f"({size**dim} pixels); use fewer nuclei or a larger --size",
                                 "--nuclei")
            if out is not None:
                if out.suffix.lower() != ".png":
                    raise InputError(f"{str(out)!r}: the image is written as PNG; give a "
                                     "file name ending in .png", "--out")
                output_file(out, "--out")
            res = simulate(
                f, size_px=size, n_nuclei=nuclei, dim=dim, seed=seed, periodic=periodic,
                min_separation_px=min_separation, speed_range=(speed_min, speed_max),
                memory_limit_bytes=limit,
            )
            doc = res.to_dict()
            if out is not None:
                from semisolid.plots.microstructure import save_microstructure_png

                doc["image"] = str(save_microstructure_png(res, out, scale=scale))
        if json:
            emit_json(doc)
            return
        g = doc["grains"]
        rows = [
            ("grid", f"{'x'.join(map(str, doc['shape_px']))} px, "
                     f"{'periodic' if doc['periodic'] else 'open'}"),
            ("nuclei", f"{doc['n_nuclei']} (min separation {doc['min_separation_px']:.3g} px, "
                       f"seed {doc['seed']})"),
            ("time slice (quantile)", doc["time_slice"]),
            ("time slice (secant)",
             f"{doc['time_slice_secant']:.6g} ({doc['secant_iterations']} evaluations)"),
            ("time slice (JMAK guess)", doc["jmak_time_slice"]),
            ("liquid fraction", f"{doc['liquid_fraction']:.6f} "
                                f"(target {doc['target_liquid_fraction']:g}; secant "
                                f"{doc['liquid_fraction_secant']:.6f})"),
            ("liquid percolates (axis 0)",
             f"{doc['liquid_percolates']} ({doc['liquid_spanning_fraction']:.3f} of the liquid "
             f"in spanning clusters, {doc['n_liquid_clusters']} clusters)"),
            ("interface density (1/px)", doc["interface_density"]),
            ("grains", g["n_grains"]),
            ("mean equivalent diameter (px)", g["mean_equivalent_diameter_px"]),
        ]
        if "image" in doc:
            rows.append(("image", doc["image"]))
        print_table("time-cone microstructure", ["quantity", "value"], rows)
