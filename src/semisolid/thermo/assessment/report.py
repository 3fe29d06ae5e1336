"""The generated tables of docs/assessment.md (between ``<!-- name:start/end -->`` markers).

Examples
--------
>>> fmt_value(0.00123, "1/K")
'0.1230 at.%/K'
>>> interval(0.25, [0.2, 0.3], scale=100, digits=1)
'25.0 [20.0, 30.0]'
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from semisolid.thermo.assessment.data import Datum
from semisolid.thermo.assessment.fit import _normalised, datum_value
from semisolid.thermo.assessment.parameters import PARAM_SPECS

__all__ = ["fmt_value", "interval", "parameter_table", "residual_table", "update_doc"]


def fmt_value(v: float, unit: str) -> str:
    """A value in the unit of its datum, for the tables.

    Examples
    --------
    >>> fmt_value(260.547, "K"), fmt_value(80.4, "ratio")
    ('260.55', '80.4')
    """
    if unit == "K":
        return f"{v:.2f}"
    if unit == "1/K":
        return f"{v * 100:.4f} at.%/K"
    if unit == "ratio":
        return f"{v:.1f}"
    if abs(v) < 0.01 and v != 0:
        return f"{v:.2e}"
    return f"{v:.4f}"


def interval(best: float, lo_hi: Sequence[float], scale: float = 1.0, digits: int = 2) -> str:
    """``best [low, high]`` with a scale factor (100 for percent).

    Examples
    --------
    >>> interval(0.038, [0.0, 0.112], scale=100, digits=1)
    '3.8 [0.0, 11.2]'
    """
    f = f"{{:.{digits}f}}"
    return (f"{f.format(best * scale)} [{f.format(lo_hi[0] * scale)}, "
            f"{f.format(lo_hi[1] * scale)}]")


def _target(d: Datum) -> str:
    if d.constraint == "min":
        return f">= {fmt_value(d.value, d.unit)}"
    if d.constraint == "max":
        return f"<= {fmt_value(d.value, d.unit)}"
    if d.kind == "solubility_ratio":
        return f"{d.value:.0f} (x/ {math.exp(d.uncertainty):.0f})"
    return f"{fmt_value(d.value, d.unit)} +- {fmt_value(d.uncertainty, d.unit)}"


def _describe(d: Datum) -> str:
    out = f"{d.kind} {d.phases}"
    if d.x is not None:
        out += f" x_{d.element.capitalize()}={d.x:.5f}"
    return out


def residual_table(data: Sequence[Datum], measures: Mapping[str, float]) -> str:
    """Every fit and check row: target, value computed by pycalphad, normalised residual.

    Examples
    --------
    >>> from semisolid.thermo.assessment.data import read_data
    >>> rows = [r for r in read_data() if r.id == "NaK_eutectic_T"]
    >>> residual_table(rows, {"NaK_eutectic_T": 260.85}).splitlines()[2].split(" | ")[6]
    '+1.00'
    """
    lines = ["| id | datum | T (K) | measured | computed (pycalphad) | residual | "
             "residual/uncertainty | role | source | where in the source |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for d in data:
        if d.role == "prediction":
            continue
        calc = datum_value(d, measures)
        if d.constraint in ("min", "max"):
            res = "ok" if _normalised(d, calc, False) == 0 else f"{calc - d.value:+.3g} (violated)"
            norm = ""
        else:
            res = f"{calc - d.value:+.4g}"
            norm = f"{_normalised(d, calc, False):+.2f}"
        T = f"{d.temperature_K:.2f}" if d.temperature_K is not None else ""
        lines.append(f"| {d.id} | {_describe(d)} | {T} | {_target(d)} | "
                     f"{fmt_value(calc, d.unit)} | {res} | {norm} | {d.role} | {d.source} | "
                     f"{d.where} |")
    return "\n".join(lines)


def prediction_table(data: Sequence[Datum], best: Mapping[str, float],
                     members: Sequence[Mapping[str, float]]) -> str:
    """The paper's computed numbers (never fitted) against this assessment's prediction with
    its 95 % ensemble interval.

    Examples
    --------
    >>> from semisolid.thermo.assessment.data import read_data
    >>> rows = [r for r in read_data() if r.id == "swing_B_start"]
    >>> m = {"NaK_295_xNa_BCC_K": 0.04, "NaK_295_xNa_L_K": 0.16}
    >>> prediction_table(rows, m, [m, m]).splitlines()[2].split(" | ")[4]
    '50.0 [50.0, 50.0] mol%'
    """
    lines = ["| id | quantity | T (K) | paper (Park et al. 2021) | predicted [95 %] | "
             "predicted - paper | within the acceptance band | where in the paper |",
             "|---|---|---|---|---|---|---|---|"]
    for d in data:
        if d.role != "prediction":
            continue
        calc = datum_value(d, best)
        vals = np.array([datum_value(d, m) for m in members])
        lo, hi = np.percentile(vals, [2.5, 97.5])
        T = f"{d.temperature_K:.2f}" if d.temperature_K is not None else ""
        if d.kind == "liquid_fraction":
            pred = interval(calc, (lo, hi), 100, 1) + " mol%"
            paper = f"{d.value * 100:.1f} mol%"
            diff = f"{(calc - d.value) * 100:+.1f} mol%"
            ok = "yes" if abs(calc - d.value) <= d.uncertainty else "**no**"
            band = f"{ok} (+-{d.uncertainty * 100:.0f} mol%)"
        elif d.constraint == "max":
            pred = interval(calc, (lo, hi), 100, 3) + " mol%"
            paper = f"< {d.value * 100:.0f} mol%"
            diff = ""
            band = "yes" if hi <= d.value else "**no**"
        else:
            pred = interval(calc, (lo, hi), 1, 0)
            paper = f"about {d.value:.0f}"
            diff = f"x {calc / d.value:.1f}"
            ok = abs(math.log(calc / d.value)) <= d.uncertainty
            band = ("yes" if ok else "**no**") + " (10-40x)"
        lines.append(f"| {d.id} | {d.note.split(';')[0]} | {T} | {paper} | {pred} | {diff} | "
                     f"{band} | {d.where} |")
    return "\n".join(lines)


def parameter_table(params: Mapping[str, tuple[float, float]], covariance: Mapping) -> str:
    """Every coefficient: value, 1-sigma (Laplace), prior, status and why.

    Examples
    --------
    >>> from semisolid.thermo.assessment.parameters import load_parameter_file, load_parameters
    >>> t = parameter_table(load_parameters(), load_parameter_file()["covariance"])
    >>> len(t.splitlines()) == len(PARAM_SPECS) + 2
    True
    """
    sigma = {}
    for stage in covariance.values():
        for key, var in zip(stage["free"], np.diag(np.array(stage["covariance"])), strict=True):
            sigma[key] = math.sqrt(max(var, 0.0))
    lines = ["| name | TDB parameter | a (J/mol) | b (J/(mol K)) | status | prior | why |",
             "|---|---|---|---|---|---|---|"]
    for spec in PARAM_SPECS:
        a, b = params[spec.name]
        if spec.phase == "NA2K":
            tdb = "G(NA2K,NA:K;0) - 2 GHSERNA - GHSERKK (per formula unit)"
        else:
            va = "" if spec.phase == "LIQUID" else ":VA"
            tdb = f"G({spec.phase},{','.join(spec.elements)}{va};{spec.order})"
            if spec.mirror:
                tdb += " (also " + ", ".join(spec.mirror) + ")"
        sa = f" +- {sigma[spec.name + '.a']:.0f}" if spec.name + ".a" in sigma else ""
        sb = f" +- {sigma[spec.name + '.b']:.2f}" if spec.name + ".b" in sigma else ""
        status = {"ab": "a, b fitted", "a": "a fitted, b fixed", "b": "b fitted, a fixed",
                  "": "set (not fitted)"}[spec.fit]
        prior = "; ".join(f"{c}: N({m:g}, {s:g})" for c, (m, s) in spec.prior.items()) or ""
        lines.append(f"| {spec.name} | {tdb} | {a:.2f}{sa} | {b:.4f}{sb} | {status} | {prior} "
                     f"| {spec.why} |")
    return "\n".join(lines)


def update_doc(path: str | Path, blocks: Mapping[str, str]) -> None:
    """Replace the generated blocks (``<!-- name:start -->`` to ``<!-- name:end -->``).

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "a.md"
    >>> _ = p.write_text("x <!-- t:start -->old<!-- t:end --> y")
    >>> update_doc(p, {"t": "new"})
    >>> p.read_text()
    'x <!-- t:start -->\\nnew\\n<!-- t:end --> y'
    """
    from semisolid._util import atomic_write_text

    path = Path(path)
    text = path.read_text(encoding="utf-8")
    for name, body in blocks.items():
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        if start not in text or end not in text:
            raise ValueError(f"{path}: markers {start} ... {end} not found")
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = head + start + "\n" + body + "\n" + end + tail
    atomic_write_text(path, text)
