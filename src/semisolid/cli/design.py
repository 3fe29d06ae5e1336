"""CLI commands of electrode design: ``thickness``, ``design``, ``design-map``, ``film``.

Only typer and the standard library are imported here; the work is imported inside the
commands.
"""

from __future__ import annotations

import typer

from semisolid.cli._common import (
    emit_json,
    output_file,
    parse_composition,
    print_table,
    quantity,
    round_sig,
    user_errors,
)

# API argument names -> the CLI options that set them (for error messages).
_OPTIONS = {
    "composition": "--alloy", "alloy": "--alloy", "metal": "--metal", "volume": "--volume",
    "thickness": "--thickness", "area": "--area", "diameter": "--diameter", "cell": "--cell",
    "direction": "--direction", "working_ion": "--working-ion", "engine": "--engine",
    "areal_capacity": "--areal-capacity", "temperature": "--temperature", "state": "--state",
    "density": "--density", "source": "--source", "elements": "--elements", "x": "--x",
    "x_range": "--x", "film_volume": "--volume", "film_composition": "--composition",
    "li_thickness": "--li-thickness", "amount": "--volume/--thickness",
}


def _fields(**given: str | None) -> dict:
    """`_OPTIONS` with the user's text of the options given (keyed by API field)."""
    return {k: (v, given.get(k)) for k, v in _OPTIONS.items()}


def _amount(volume: str | None, thickness: str | None) -> dict:
    """``{"volume_m3": ...}`` or ``{"thickness_m": ...}`` from exactly one of the options."""
    from semisolid.errors import InputError

    if (volume is None) == (thickness is None):
        raise InputError("give exactly one of --volume and --thickness", "--volume")
    if volume is not None:
        return {"volume_m3": quantity(volume, "volume", "--volume", positive=True)}
    return {"thickness_m": quantity(thickness, "length", "--thickness", positive=True)}


def _area(area: str | None, diameter: str | None) -> dict:
    from semisolid.errors import InputError

    if (area is None) == (diameter is None):
        raise InputError("give exactly one of --area and --diameter", "--area")
    if area is not None:
        return {"area_m2": quantity(area, "area", "--area", positive=True)}
    return {"diameter_m": quantity(diameter, "length", "--diameter", positive=True)}


def _range(text: str, kind: str, field: str) -> list[float]:
    """``"0.8:0.99:20"`` (start:stop:count), ``"22C"`` or ``"20C,22C"`` -> values (SI)."""
    from semisolid.errors import InputError

    def one(t: str) -> float:
        if kind == "fraction":
            try:
                return float(t)
            except ValueError:
                raise InputError(f"{t!r} is not a number", field) from None
        return quantity(t, kind, field, positive=kind != "temperature")

    parts = text.split(":")
    if len(parts) == 3:
        lo, hi = one(parts[0]), one(parts[1])
        try:
            n = int(parts[2])
        except ValueError:
            raise InputError(f"count {parts[2]!r} in {text!r} is not an integer", field) from None
        if n < 1:
            raise InputError(f"count {n} in {text!r} must be >= 1", field)
        if n == 1:
            return [lo]
        return [lo + (hi - lo) * i / (n - 1) for i in range(n)]
    if len(parts) != 1:
        raise InputError(f"{text!r} is not START:STOP:COUNT or a comma list", field)
    return [one(t) for t in text.split(",") if t.strip()]


def register(app: typer.Typer) -> None:
    """Add the electrode-design commands to the main app."""

    @app.command("thickness")
    def thickness(
        metal: str = typer.Option(..., "--metal", help="Li, Na, K, NaK or an alloy K=0.95,Na=0.05"),
        areal_capacity: str = typer.Option(..., "--areal-capacity", help="e.g. 3mAh/cm2"),
        state: str = typer.Option("solid", "--state", help="density basis: solid or liquid"),
        density: str | None = typer.Option(None, "--density", help="override, e.g. 0.85g/cm3"),
        source: str | None = typer.Option(None, "--source", help="preferred data source key"),
        as_json: bool = typer.Option(False, "--json", help="print one JSON document"),
    ) -> None:
        """Plated thickness per half cycle (Faraday's law), with the density used."""
        with user_errors(_fields(metal=metal, areal_capacity=areal_capacity, density=density,
                                 state=state, source=source)):
            from semisolid.electrode.thickness import plated_thickness

            q = quantity(areal_capacity, "areal_capacity", "--areal-capacity", positive=True)
            rho = quantity(density, "density", "--density", positive=True) if density else None
            what = parse_composition(metal, "--metal") if "=" in metal else metal
            r = plated_thickness(q, what, state=state, density_kg_m3=rho, source=source)
            d = r.to_dict()
            if as_json:
                emit_json(d)
                return
            print_table(
                f"Plated thickness of {d['metal']}",
                ["quantity", "value"],
                [["areal capacity (mAh/cm2)", d["areal_capacity_mAh_cm2"]],
                 ["thickness (um)", d["thickness_um"]],
                 ["um per mAh/cm2", d["um_per_mAh_cm2"]],
                 [f"density (g/cm3, {d['density_basis']})", d["density_g_cm3"]],
                 ["molar mass (g/mol)", d["molar_mass_g_mol"]],
                 ["sources", ", ".join(d["sources"])]],
            )

    @app.command("design")
    def design(
        alloy: str = typer.Option(..., "--alloy", help="mole fractions, e.g. K=0.95,Na=0.05"),
        volume: str | None = typer.Option(None, "--volume", help="electrode volume, e.g. 10uL"),
        thickness_: str | None = typer.Option(None, "--thickness", help="instead of --volume"),
        diameter: str | None = typer.Option(None, "--diameter", help="collector, e.g. 7.14mm"),
        area: str | None = typer.Option(None, "--area", help="instead of --diameter"),
        areal_capacity: str = typer.Option(..., "--areal-capacity", help="per half cycle"),
        temperature: str = typer.Option("22C", "--temperature", help="e.g. 22C or 295.15K"),
        cell: str = typer.Option("symmetric", "--cell", help="symmetric or half"),
        direction: str = typer.Option("plate", "--direction", help="half cell: plate or strip"),
        working_ion: str | None = typer.Option(
            None, "--working-ion", help="element that moves (default: the alloy's majority)"),
        engine: str = typer.Option("auto", "--engine", help="auto, semisolid or pycalphad"),
        as_json: bool = typer.Option(False, "--json", help="print one JSON document"),
    ) -> None:
        """Composition swing of an alloy electrode over one half cycle."""
        with user_errors({**_fields(composition=alloy, volume=volume, thickness=thickness_,
                                    area=area, diameter=diameter, cell=cell,
                                    direction=direction, working_ion=working_ion,
                                    engine=engine, areal_capacity=areal_capacity,
                                    temperature=temperature),
                          "metal": ("--alloy", alloy)}):
            from semisolid.electrode.electrode import Electrode
            from semisolid.electrode.swing import composition_swing
            from semisolid.errors import InputError
            from semisolid.materials.metals import canonical_metal_name

            comp = parse_composition(alloy, "--alloy")
            geo = _area(area, diameter)
            t = quantity(temperature, "temperature", "--temperature")
            q = quantity(areal_capacity, "areal_capacity", "--areal-capacity", positive=True)
            amount = _amount(volume, thickness_)
            if "volume_m3" in amount:
                e = Electrode.from_volume(comp, amount["volume_m3"], temperature_K=t, **geo)
            else:
                e = Electrode.from_thickness(comp, amount["thickness_m"], temperature_K=t, **geo)
            ion = working_ion or max(e.composition, key=lambda k: e.composition[k])
            try:
                ion_name = canonical_metal_name(ion)
            except InputError as exc:
                raise InputError(str(exc).removeprefix(f"{exc.field}: "), "--working-ion") \
                    from None
            if ion_name not in e.composition:
                raise InputError(f"{ion} is not in the alloy ({', '.join(sorted(e.composition))})",
                                 "--working-ion")
            r = composition_swing(e, q, ion, cell=cell, direction=direction, engine=engine)
            d = r.to_dict()
            for key in ("start", "enriched", "depleted"):  # echo 0.95, not 0.9500000000000001
                if key in d and "composition" in d[key]:
                    d[key]["composition"] = {k: round_sig(v) for k, v in
                                             d[key]["composition"].items()}
            if as_json:
                emit_json(d)
                return
            rows = []
            for key in ("start", "enriched", "depleted"):
                if key in d:
                    s = d[key]
                    comp_txt = ",".join(f"{k}={v:.4f}" for k, v in s["composition"].items())
                    rows.append([key, comp_txt, 100 * s["liquid_fraction"],
                                 100 * s["liquid_volume_fraction"],
                                 "+".join(p["name"] for p in s["phases"]),
                                 s["thickness_change_um"], s["status"]])
            print_table(
                f"{cell} cell, {d['conditions']['areal_capacity_mAh_cm2']:.4g} mAh/cm2, "
                f"{t:.2f} K, working ion {r.working_ion}",
                ["end", "composition", "liquid mol%", "liquid vol%", "phases",
                 "thickness change (um)", "status"],
                rows,
            )
            typer.echo(f"sources: {', '.join(d['sources'])}")

    @app.command("design-map")
    def design_map_cmd(
        elements: str = typer.Option("K,Na", "--elements", help="the binary, e.g. K,Na"),
        working_ion: str = typer.Option("K", "--working-ion", help="composition axis element"),
        x: str = typer.Option("0.80:0.99:39", "--x", help="x of the working ion START:STOP:N"),
        areal_capacity: str = typer.Option(
            "0.5mAh/cm2:6mAh/cm2:23", "--areal-capacity", help="START:STOP:N or a list"),
        temperature: str = typer.Option("22C", "--temperature", help="START:STOP:N or a list"),
        volume: str | None = typer.Option(None, "--volume", help="per electrode, e.g. 10uL"),
        thickness_: str | None = typer.Option(None, "--thickness", help="instead of --volume"),
        diameter: str | None = typer.Option(None, "--diameter", help="e.g. 7.14mm"),
        area: str | None = typer.Option(None, "--area", help="instead of --diameter"),
        output: str = typer.Option(..., "--output", "-o", help="map file: .nc or .csv"),
        png: str | None = typer.Option(None, "--png", help="also draw the map(s) to this PNG"),
        engine: str = typer.Option("auto", "--engine", help="auto, semisolid or pycalphad"),
        as_json: bool = typer.Option(False, "--json", help="print a JSON summary"),
    ) -> None:
        """Liquid fraction at both ends vs composition, areal capacity and temperature."""
        with user_errors(_fields(elements=elements, working_ion=working_ion, x=x, x_range=x,
                                 areal_capacity=areal_capacity, temperature=temperature,
                                 volume=volume, thickness=thickness_, diameter=diameter,
                                 area=area, engine=engine)):
            import math

            from semisolid._util import atomic_output
            from semisolid.electrode.maps import design_map
            from semisolid.errors import InputError

            els = [e.strip() for e in elements.split(",") if e.strip()]
            xs = _range(x, "fraction", "--x")
            qs = _range(areal_capacity, "areal_capacity", "--areal-capacity")
            ts = _range(temperature, "temperature", "--temperature")
            geo = _area(area, diameter)
            a = geo.get("area_m2") or math.pi * geo["diameter_m"] ** 2 / 4
            amount = _amount(volume, thickness_)
            out = output_file(output, "--output")
            if out.suffix.lower() not in (".nc", ".csv"):
                raise InputError(f"{output!r} must end in .nc or .csv", "--output")
            if png:
                if not png.lower().endswith(".png"):
                    raise InputError(f"{png!r} must end in .png", "--png")
                output_file(png, "--png")
            ds = design_map(els, working_ion, xs, qs, ts, area_m2=a, engine=engine, **amount)
            if out.suffix.lower() == ".nc":
                enc = ds.assign(semi_solid=ds.semi_solid.astype("int8"))
                with atomic_output(out, suffix=".nc") as tmp:
                    enc.to_netcdf(tmp, engine="scipy")
            else:
                with atomic_output(out, suffix=".csv") as tmp:
                    ds.to_dataframe().to_csv(tmp)
            if png:
                from semisolid.plots.design import plot_design_map

                with atomic_output(png, suffix=".png") as tmp:
                    plot_design_map(ds).savefig(tmp, dpi=120)
            frac = float(ds.semi_solid.mean())
            summary = {"output": str(out), "png": png, "n_states": int(ds.semi_solid.size) * 2,
                       "semi_solid_fraction_of_grid": frac, "dims": dict(ds.sizes)}
            if as_json:
                emit_json(summary)
            else:
                extra = f" and {png}" if png else ""
                typer.echo(f"wrote {out} ({summary['n_states']} end states; semi-solid window "
                           f"covers {100 * frac:.1f}% of the grid){extra}")

    @app.command("film")
    def film(
        temperature: str = typer.Option("22C", "--temperature"),
        volume: str = typer.Option("5uL", "--volume", help="Na-K liquid added"),
        composition: str = typer.Option("K=0.68,Na=0.32", "--composition", help="of the liquid"),
        diameter: str = typer.Option("9.53mm", "--diameter", help="Li disc diameter"),
        li_thickness: str = typer.Option("0.25mm", "--li-thickness", help="Li disc thickness"),
        engine: str = typer.Option("auto", "--engine", help="auto, semisolid or pycalphad"),
        as_json: bool = typer.Option(False, "--json", help="print one JSON document"),
    ) -> None:
        """Equilibrium of a Li disc with a Na-K liquid film on one face."""
        with user_errors({**_fields(temperature=temperature, film_volume=volume,
                                    film_composition=composition, diameter=diameter,
                                    li_thickness=li_thickness, engine=engine),
                          "composition": ("--composition", composition)}):
            from semisolid.electrode.film import film_equilibrium

            r = film_equilibrium(
                temperature_K=quantity(temperature, "temperature", "--temperature"),
                film_volume_m3=quantity(volume, "volume", "--volume", positive=True),
                film_composition=parse_composition(composition, "--composition"),
                li_diameter_m=quantity(diameter, "length", "--diameter", positive=True),
                li_thickness_m=quantity(li_thickness, "length", "--li-thickness",
                                        positive=True),
                engine=engine,
            )
            d = r.to_dict()
            if as_json:
                emit_json(d)
                return
            fc = d["film_composition"]
            print_table("Li + Na-K film at equilibrium", ["quantity", "value"], [
                ["temperature (K)", d["temperature_K"]],
                ["film composition", ", ".join(f"{k}={v:.5g}" for k, v in fc.items())],
                ["Li dissolved (mol)", d["li_dissolved_mol"]],
                ["film volume (uL)", d["film_volume_uL"]],
                ["film thickness over the disc (um)", d["film_thickness_um"]],
                ["status", d["status"]],
            ])
