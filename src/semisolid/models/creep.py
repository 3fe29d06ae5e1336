"""Power-law creep of the alkali metals and the viscosity of the Na-K liquid, from cited data.

The creep law of a metal is anchored at the paper's own hardness test, the one measurement made
the same way on Li, Na and K: the equivalent yield stress ``σ_H = H/3`` is the flow stress at
the strain rate of the Vickers test, ``ε̇_H = 1/(2 t_load)`` (a pyramid pushed in at a constant
loading rate over ``t_load`` = 15 s, Methods: ``h ∝ t^½`` so ``ε̇ = ḣ/h = 1/(2t)``), at the
cell temperature. The stress exponent ``n`` and activation energy ``Q`` come from
:mod:`semisolid.materials` (Li: LePage et al. 2019; Na: Wang et al. 2020; K and the energies
of Na and K: scaled assumptions, see the sources)::

    ε̇(σ, T) = ε̇_H (σ / σ_H)^n exp[-(Q/R)(1/T - 1/T_H)]
    σ(ε̇, T) = σ_H (ε̇ / ε̇_H)^(1/n) exp[(Q/(nR))(1/T - 1/T_H)]

Size effect (Li only, where it is published): micrometre pillars of Li reach 105 MPa with a
strengthening exponent 0.68 (Xu et al. 2017), ``σ(d) = σ_1 (d/d_1)^(-0.68)``; the factor
``max(1, σ(d)/σ_H)`` multiplies the flow stress in a gap of width ``d``.

The Na-K liquid (the liquid of electrodes A and B and the Li+NaK film): the recalled 20-22 °C
viscosity of the eutectic, carried to other temperatures by the shape of the Fink-Leibowitz
correlation for liquid Na, ``ln η = -6.4406 - 0.3958 ln T + 556.835/T`` (an extrapolation below
Na's melting point: an assumption).

Examples
--------
>>> law = creep_law("Na")
>>> law.stress_exponent, round(law.activation_energy_J_mol / 1e3, 1)
(5.0, 30.3)
>>> round(float(law.flow_stress_Pa(law.reference_strain_rate_per_s)) / 1e6, 2)   # H/3
0.41
>>> round(float(law.strain_rate_per_s(0.41e6, 313.15) / law.reference_strain_rate_per_s), 2)
2.03
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from semisolid.constants import GAS_CONSTANT_J_PER_MOL_K
from semisolid.errors import InputError

__all__ = [
    "CreepLaw",
    "creep_law",
    "hardness_strain_rate_per_s",
    "liquid_viscosity_Pa_s",
    "size_effect_factor",
]

R = GAS_CONSTANT_J_PER_MOL_K


def hardness_strain_rate_per_s() -> float:
    """Strain rate of the paper's Vickers test, ``1/(2 t_load)`` with the 15 s loading time.

    Examples
    --------
    >>> round(hardness_strain_rate_per_s(), 4)
    0.0333
    """
    from semisolid.paper import number

    return 1.0 / (2.0 * float(number("hardness_loading_time").value))


@dataclass(frozen=True)
class CreepLaw:
    """``ε̇ = ε̇_ref (σ/σ_ref)^n exp[-(Q/R)(1/T - 1/T_ref)]`` for one metal (SI units).

    Attributes
    ----------
    metal : str
    stress_exponent : float
        n (measured, or an assumption: see `sources`).
    activation_energy_J_mol : float
        Q.
    reference_stress_Pa : float
        σ_ref, the paper's H/3.
    reference_strain_rate_per_s : float
        ε̇_ref, the strain rate of the hardness test.
    reference_temperature_K : float
        T_ref, the temperature of the hardness test (the cell temperature of the paper).
    sources : dict
        Property -> source key.

    Examples
    --------
    >>> law = CreepLaw("X", 5.0, 30e3, 1e6, 1e-3, 295.15)
    >>> float(law.strain_rate_per_s(2e6)) / 1e-3
    32.0
    """

    metal: str
    stress_exponent: float
    activation_energy_J_mol: float
    reference_stress_Pa: float
    reference_strain_rate_per_s: float
    reference_temperature_K: float
    sources: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for k in ("stress_exponent", "activation_energy_J_mol", "reference_stress_Pa",
                  "reference_strain_rate_per_s", "reference_temperature_K"):
            v = getattr(self, k)
            if not (isinstance(v, int | float) and math.isfinite(v) and v > 0):
                raise InputError(f"must be a positive number, got {v!r}", k)

    def arrhenius(self, temperature_K: float) -> float:
        """``exp[-(Q/R)(1/T - 1/T_ref)]``: the strain-rate factor at `temperature_K`.

        Examples
        --------
        >>> CreepLaw("X", 5.0, 30e3, 1e6, 1e-3, 300.0).arrhenius(300.0)
        1.0
        """
        _check_temperature(temperature_K)
        return math.exp(-self.activation_energy_J_mol / R
                        * (1.0 / temperature_K - 1.0 / self.reference_temperature_K))

    def strain_rate_per_s(self, stress_Pa: float | np.ndarray,
                          temperature_K: float | None = None) -> float | np.ndarray:
        """Uniaxial creep rate at a stress (default temperature: the reference).

        Examples
        --------
        >>> law = CreepLaw("X", 2.0, 30e3, 1e6, 1e-3, 300.0)
        >>> float(law.strain_rate_per_s(3e6))
        0.009
        """
        t = self.reference_temperature_K if temperature_K is None else temperature_K
        return (self.reference_strain_rate_per_s * self.arrhenius(t)
                * (np.asarray(stress_Pa, dtype=float) / self.reference_stress_Pa)
                ** self.stress_exponent)

    def flow_stress_Pa(self, strain_rate_per_s: float | np.ndarray,
                       temperature_K: float | None = None) -> float | np.ndarray:
        """Uniaxial flow stress at a strain rate (the inverse of :meth:`strain_rate_per_s`).

        Examples
        --------
        >>> law = CreepLaw("X", 2.0, 30e3, 1e6, 1e-3, 300.0)
        >>> float(law.flow_stress_Pa(law.strain_rate_per_s(3e6)))
        3000000.0
        """
        t = self.reference_temperature_K if temperature_K is None else temperature_K
        rate = np.asarray(strain_rate_per_s, dtype=float)
        return self.reference_stress_Pa * (
            rate / (self.reference_strain_rate_per_s * self.arrhenius(t))
        ) ** (1.0 / self.stress_exponent)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        return asdict(self)


def _check_temperature(t: float) -> None:
    if not (isinstance(t, int | float) and math.isfinite(t) and t > 0):
        raise InputError(f"must be a positive absolute temperature, got {t!r}", "temperature_K")


def creep_law(metal: str, reference_stress_Pa: float | None = None) -> CreepLaw:
    """The creep law of Li, Na or K from :mod:`semisolid.materials`, anchored at the paper's
    hardness (H/3 at the Vickers test's strain rate and the cell temperature).

    Parameters
    ----------
    metal : str
        ``Li``, ``Na`` or ``K``.
    reference_stress_Pa : float, optional
        Another anchor stress at the hardness strain rate (for example H/3 plus one SD).

    Examples
    --------
    >>> law = creep_law("Li")
    >>> law.stress_exponent, law.sources["creep_stress_exponent"]
    (6.6, 'lepage2019')
    >>> creep_law("NaK")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: metal: no creep law for 'NaK' (a liquid at room temperature); ...
    """
    from semisolid.materials import metal as get_metal
    from semisolid.materials.metals import canonical_metal_name
    from semisolid.materials.records import resolve
    from semisolid.paper import CELL

    name = canonical_metal_name(metal)
    if name not in ("Li", "Na", "K"):
        raise InputError(f"no creep law for {metal!r} (a liquid at room temperature); known: "
                         "Li, Na, K", "metal")
    props = ["creep_stress_exponent", "creep_activation_energy_J_mol"]
    vals, _, used = resolve(name, props)
    for p in props:
        if vals[p] is None:   # pragma: no cover - every shipped metal has both
            raise InputError(f"no source gives {p} for {name}", p)
    m = get_metal(name)
    sigma = m.require("yield_stress_Pa") if reference_stress_Pa is None else reference_stress_Pa
    return CreepLaw(
        metal=name,
        stress_exponent=float(vals["creep_stress_exponent"]),
        activation_energy_J_mol=float(vals["creep_activation_energy_J_mol"]),
        reference_stress_Pa=float(sigma),
        reference_strain_rate_per_s=hardness_strain_rate_per_s(),
        reference_temperature_K=CELL.temperature_K,
        sources={**{p: used[p].key for p in props},
                 "reference_stress_Pa": m.sources["yield_stress_Pa"].key,
                 "reference_strain_rate_per_s": "park2021"},
    )


def size_effect_factor(metal: str, gap_m: float | np.ndarray,
                       reference_stress_Pa: float | None = None) -> float | np.ndarray:
    """Strengthening of a metal confined to a gap of width `gap_m`:
    ``max(1, σ_1 (d/d_1)^(-m) / σ_ref)`` where a published size effect exists (Li), else 1.

    Examples
    --------
    >>> round(float(size_effect_factor("Li", 1e-6)), 1)     # 105 MPa / 1.74 MPa
    60.3
    >>> float(size_effect_factor("K", 1e-6))
    1.0
    """
    from semisolid.materials import metal as get_metal
    from semisolid.materials.metals import canonical_metal_name
    from semisolid.materials.records import resolve

    name = canonical_metal_name(metal)
    keys = ["size_effect_strength_Pa", "size_effect_reference_size_m", "size_effect_exponent"]
    vals, _, _ = resolve(name, keys)
    d = np.asarray(gap_m, dtype=float)
    if any(vals[k] is None for k in keys):
        return 1.0 if d.ndim == 0 else np.ones_like(d)
    ref = get_metal(name).require("yield_stress_Pa") if reference_stress_Pa is None \
        else reference_stress_Pa
    s = vals["size_effect_strength_Pa"] * (d / vals["size_effect_reference_size_m"]) ** (
        -vals["size_effect_exponent"]) / ref
    out = np.maximum(1.0, s)
    return float(out) if out.ndim == 0 else out


def _ln_eta_na(temperature_K: float) -> float:
    # Fink & Leibowitz (1995) correlation for liquid Na, eta in Pa s, T in K
    return -6.4406 - 0.3958 * math.log(temperature_K) + 556.835 / temperature_K


def liquid_viscosity_Pa_s(temperature_K: float) -> float:
    """Viscosity of the Na-K liquid at `temperature_K`: the recalled eutectic value at the
    paper's cell temperature times the Fink-Leibowitz temperature shape of liquid Na.

    Examples
    --------
    >>> round(liquid_viscosity_Pa_s(295.15) * 1e3, 3)
    0.95
    >>> round(liquid_viscosity_Pa_s(313.15) / liquid_viscosity_Pa_s(295.15), 3)
    0.876
    """
    from semisolid.materials import metal as get_metal
    from semisolid.paper import CELL

    _check_temperature(temperature_K)
    eta0 = get_metal("NaK").require("viscosity_liquid_Pa_s")
    return eta0 * math.exp(_ln_eta_na(temperature_K) - _ln_eta_na(CELL.temperature_K))
