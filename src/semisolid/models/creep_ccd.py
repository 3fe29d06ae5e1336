"""Creep-limited critical current density (CCD) with measured inputs: temperature, stack
pressure, areal capacity and the semi-solid microstructure.

The physics is that of :mod:`semisolid.models.flow_ccd` (metal deposited in a surface flaw of
depth ``l`` and opening ``w`` must flow out; the flaw propagates when the tip pressure reaches
the Griffith pressure), with the inputs measured rather than calibrated:

1. **Creep of the metal in the flaw** (:mod:`semisolid.models.creep`): a power law anchored at
   the paper's hardness, ``ε̇ = ε̇_H (σ/σ_H)^n exp[-(Q/R)(1/T - 1/T_H)]``, each metal's molar
   volume ``V_m`` and charge number ``z``. Slit flow of a power-law solid (half opening
   ``h = w/2``, deposition on both faces, von Mises: ``τ = σ/√3``, ``γ̇ = √3 ε̇``) gives the
   tip over-pressure, and with it the flow-limited CCD::

       K_s = σ_H / (√3 (√3 ε̇_H a_T)^(1/n))                   a_T = exp[-(Q/R)(1/T - 1/T_H)]
       Δp(j) = K_s ((n+2) j V_m / (z F h^(n+2)))^(1/n) l^((n+1)/n) n/(n+1)
       j_flow = z F h^(n+2) / ((n+2) V_m) [(n+1)(p_c - P) / (n K_s l^((n+1)/n))]^n

   with ``p_c = K_Ic/(Y √(π l))`` and the stack pressure ``P`` at the flaw mouth. ``n = 1``
   recovers ``j = z F w³ (p_c - P)/(12 η V_m l²)``. The exponent is the metal's measured bulk
   value (``stress_exponent=None``) or one effective exponent for flow confined to a flaw
   (fitted, :mod:`semisolid.models.validation`). Raising ``T`` multiplies ``j_flow`` by
   ``a_T`` for any ``n``.
2. **Voids on stripping** (electrodes without a liquid at the interface): the electrode creeps
   into the interface under the stack pressure at ``v_c = λ ε̇(P, T)`` (bulk law); stripping
   faster than that (``j > j_s = z F λ ε̇(P, T)/V_m``, Kasemchainan et al. 2019) leaves the
   interface in contact only on a fraction ``φ_ss = (j_s/j)^(1/n)`` (contact stress ``P/φ``
   creeps at the stripping rate), reached over a stripped thickness of the order of the
   electrolyte grain size ``h_v``: ``φ = 1 - (1 - φ_ss)(1 - exp(-h_s/h_v))`` with
   ``h_s = Q_A V_m/(zF)``. On the next plating the current focuses, ``j_local = j/φ``.
3. **Semi-solid electrodes** (A, B): the liquid fraction is that of the plating electrode at the
   end of the half cycle (:func:`semisolid.electrode.composition_swing` at the cell's
   temperature and capacity). On the time-cone microstructure at that fraction
   (:mod:`semisolid.models.skeleton`) the deposit escapes two ways in parallel: creep of the
   skeleton, whose strength is ``s = [C_ss (1 - f)]^p`` times the solid's, and drainage of
   the liquid out of the flaw and through the skeleton (Darcy, Carman-Kozeny permeability
   ``k = c_L f³/(5 S_v²)``, from a line source: ``Δp = 2 η_L V_m l j ln(L_e/h)/(π k z F)``
   plus Poiseuille in the liquid-filled flaw). Connected liquid drains at any current the
   model meets: the electrode is then limited by 4.
4. **A non-flow limit** ``j_cap(l) = j_cap* (l*/l)^½`` combined harmonically with the flow
   limit (fitted; what sets it is not known).
5. **Flaws**: the depth of the largest flaw of a cell is Fréchet (inverse Weibull) distributed,
   ``P(l_max ≤ x) = exp[-(x/l*)^-k]``, or Weibull (``flaw_distribution="weibull"``); the CCD
   of a cell is that of its largest flaw, so the model gives a CCD distribution. With
   ``j ∝ l^-a`` the CCD is exactly Weibull with modulus ``k/a``, ``a = 3n/2 + 1``.

Li with the Na-K film: the film fills stripping voids (the paper's "liquid current collector"),
so no voids; the flaw fills with solid Li as without the film.

Layers: physics functions (``power_law_flow_ccd_A_m2``, ``void_contact_fraction``,
``darcy_ccd_A_m2``), inputs (:class:`CellConditions`, :class:`ElectrodeState` from
:func:`electrode_state`), the model (:func:`critical_current_density_A_m2`,
:func:`mean_ccd_A_m2`, :func:`sample_ccd_A_m2`) and the result (:class:`CreepCCDResult` from
:func:`predict`). The fits and the out-of-sample validation are in
:mod:`semisolid.models.validation`; a plain single-file reference of every equation is
:mod:`semisolid.models.creep_ccd_reference`.

Examples
--------
>>> r = predict("K")
>>> r.regime, 1.0 < r.mean_ccd_mA_cm2 < 4.0
('solid', True)
>>> hot = predict("K", conditions=CellConditions(temperature_K=313.15))
>>> hot.mean_ccd_mA_cm2 > r.mean_ccd_mA_cm2
True
"""

from __future__ import annotations

import functools
import math
import numbers
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np

from semisolid.constants import FARADAY_C_PER_MOL, MA_PER_CM2_IN_A_PER_M2, MAH_PER_CM2_IN_C_PER_M2
from semisolid.errors import InputError, suggest
from semisolid.models.creep import CreepLaw
from semisolid.models.skeleton import MushStructure

__all__ = [
    "DEFAULT_CREEP_PARAMETERS",
    "CellConditions",
    "CreepCCDParameters",
    "CreepCCDResult",
    "ElectrodeState",
    "critical_current_density_A_m2",
    "darcy_ccd_A_m2",
    "electrode_state",
    "flaw_depths_m",
    "mean_ccd_A_m2",
    "plating_liquid_fraction",
    "power_law_flow_ccd_A_m2",
    "predict",
    "sample_ccd_A_m2",
    "void_contact_fraction",
]

SQRT3 = math.sqrt(3.0)
F = FARADAY_C_PER_MOL
_MA_CM2 = MA_PER_CM2_IN_A_PER_M2


def _is_real(v: Any) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool)


def _positive(v: Any, name: str) -> float:
    if not (_is_real(v) and math.isfinite(v) and v > 0):
        raise InputError(f"must be a positive number, got {v!r}", name)
    return float(v)


# ----------------------------------------------------------------------------- physics

def griffith_pressure_Pa(toughness_Pa_sqrt_m: float, flaw_depth_m: float | np.ndarray,
                         geometry_factor: float = 1.1215) -> float | np.ndarray:
    """``p_c = K_Ic / (Y √(π l))`` (edge flaw).

    Examples
    --------
    >>> round(float(griffith_pressure_Pa(2.5e6, 10e-6)) / 1e6, 1)
    397.7
    """
    return toughness_Pa_sqrt_m / (geometry_factor * np.sqrt(np.pi * np.asarray(flaw_depth_m)))


def power_law_flow_ccd_A_m2(
    driving_pressure_Pa: float | np.ndarray,
    flaw_depth_m: float | np.ndarray,
    flaw_opening_m: float,
    consistency_Pa_s_n: float,
    stress_exponent: float,
    molar_volume_m3_mol: float,
    charge_number: int = 1,
) -> float | np.ndarray:
    """Flow-limited CCD [A/m²] of a power-law solid (``τ = K_s γ̇^(1/n)``) in a slit flaw:
    ``j = zF h^(n+2)/((n+2) V_m) [(n+1) Δp / (n K_s l^((n+1)/n))]^n``, ``h = w/2``.

    Zero where ``Δp ≤ 0``; infinite where ``K_s = 0`` (no strength).

    Examples
    --------
    >>> # n = 1 is slit Poiseuille flow: j = z F w^3 dp / (12 eta V_m l^2)
    >>> j = power_law_flow_ccd_A_m2(4e8, 10e-6, 1e-6, 5.8e8, 1.0, 13e-6)
    >>> round(float(j / (96485.33212 * 1e-18 * 4e8 / (12 * 5.8e8 * 13e-6 * 1e-10))), 12)
    1.0
    """
    n = float(stress_exponent)
    dp = np.asarray(driving_pressure_Pa, dtype=float)
    l = np.asarray(flaw_depth_m, dtype=float)
    h = 0.5 * flaw_opening_m
    if consistency_Pa_s_n <= 0:
        out = np.where(dp > 0, np.inf, 0.0)
        return float(out) if out.ndim == 0 else out
    with np.errstate(divide="ignore", invalid="ignore"):
        log_j = (math.log(charge_number * F) + (n + 2.0) * math.log(h) - math.log(n + 2.0)
                 - math.log(molar_volume_m3_mol)
                 + n * (math.log((n + 1.0) / n) + np.log(np.where(dp > 0, dp, 1.0))
                        - math.log(consistency_Pa_s_n) - (n + 1.0) / n * np.log(l)))
        out = np.where(dp > 0, np.exp(log_j), 0.0)
    return float(out) if out.ndim == 0 else out


def slit_consistency_Pa_s_n(reference_stress_Pa: float, reference_strain_rate_per_s: float,
                            stress_exponent: float) -> float:
    """Shear consistency ``K_s`` of ``σ = σ_ref (ε̇/ε̇_ref)^(1/n)`` under von Mises
    (``τ = σ/√3``, ``γ̇ = √3 ε̇``): ``K_s = σ_ref / (√3 (√3 ε̇_ref)^(1/n))``.

    Examples
    --------
    >>> round(slit_consistency_Pa_s_n(1.74e6, 1e-3, 1.0))    # sigma / (3 eps): the viscosity
    580000000
    """
    return reference_stress_Pa / (SQRT3 * (SQRT3 * reference_strain_rate_per_s)
                                  ** (1.0 / stress_exponent))


def void_contact_fraction(
    current_density_A_m2: float | np.ndarray,
    critical_stripping_A_m2: float,
    stress_exponent: float,
    transient_weight: float = 1.0,
) -> float | np.ndarray:
    """Interface contact fraction after a stripping half cycle:
    ``φ = 1 - g (1 - min(1, (j_s/j)^(1/n)))``, ``g = 1 - exp(-h_s/h_v)``.

    Examples
    --------
    >>> float(void_contact_fraction(0.5, 1.0, 6.6))      # below the critical stripping current
    1.0
    >>> round(float(void_contact_fraction(2.0**5, 1.0, 5.0)), 3)
    0.5
    """
    j = np.asarray(current_density_A_m2, dtype=float)
    with np.errstate(divide="ignore"):
        ss = np.minimum(1.0, (critical_stripping_A_m2 / np.maximum(j, 1e-300))
                        ** (1.0 / stress_exponent))
    out = 1.0 - transient_weight * (1.0 - ss)
    return float(out) if out.ndim == 0 else out


def darcy_ccd_A_m2(
    driving_pressure_Pa: float | np.ndarray,
    flaw_depth_m: float | np.ndarray,
    flaw_opening_m: float,
    permeability_m2: float,
    liquid_viscosity_Pa_s: float,
    molar_volume_m3_mol: float,
    outer_radius_m: float,
    charge_number: int = 1,
) -> float | np.ndarray:
    """CCD [A/m²] at which the liquid drains the flaw: Poiseuille in the liquid-filled slit
    in series with Darcy flow from the mouth (a line source of radius ``w/2``) into the
    skeleton out to ``outer_radius_m``.

    ``Δp = j [12 η V_m l²/(zF w³) + 2 η V_m l ln(R/(w/2)) / (π k z F)]``; a skeleton-free
    liquid (``k = inf``) keeps only the slit term; ``k = 0`` gives 0.

    Examples
    --------
    >>> j = darcy_ccd_A_m2(4e8, 10e-6, 1e-6, np.inf, 1e-3, 45e-6, 150e-6)
    >>> round(float(j) / (96485.33212 * 1e-18 * 4e8 / (12 * 1e-3 * 45e-6 * 1e-10)), 12)
    1.0
    >>> float(darcy_ccd_A_m2(4e8, 10e-6, 1e-6, 0.0, 1e-3, 45e-6, 150e-6))
    0.0
    """
    dp = np.asarray(driving_pressure_Pa, dtype=float)
    l = np.asarray(flaw_depth_m, dtype=float)
    if permeability_m2 <= 0:
        out = np.zeros(np.broadcast(dp, l).shape)
        return float(out) if out.ndim == 0 else out
    zf = charge_number * F
    r_slit = 12.0 * liquid_viscosity_Pa_s * molar_volume_m3_mol * l**2 / (zf * flaw_opening_m**3)
    r0 = 0.5 * flaw_opening_m
    log_term = math.log(max(outer_radius_m, 2.0 * r0) / r0)
    r_darcy = (0.0 if math.isinf(permeability_m2) else
               2.0 * liquid_viscosity_Pa_s * molar_volume_m3_mol * l * log_term
               / (math.pi * permeability_m2 * zf))
    out = np.clip(dp, 0.0, None) / (r_slit + r_darcy)
    return float(out) if out.ndim == 0 else out


# ----------------------------------------------------------------------------- inputs

@dataclass(frozen=True)
class CellConditions:
    """Conditions of a cell (SI units).

    Attributes
    ----------
    temperature_K : float
        Default: the paper's cycling temperature (22 °C).
    stack_pressure_Pa : float
        Default: the paper's 1.5 MPa.
    areal_capacity_C_m2 : float or None
        Charge per half cycle [C/m²]; None: the capacity of the family's protocol.

    Examples
    --------
    >>> c = CellConditions()
    >>> c.temperature_K, c.stack_pressure_Pa, c.areal_capacity_C_m2
    (295.15, 1500000.0, None)
    >>> CellConditions(temperature_K=-3.0)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: temperature_K: must be a positive number, got -3.0
    """

    temperature_K: float = field(default_factory=lambda: _cell().temperature_K)
    stack_pressure_Pa: float = field(default_factory=lambda: _cell().stack_pressure_Pa)
    areal_capacity_C_m2: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "temperature_K", _positive(self.temperature_K, "temperature_K"))
        p = self.stack_pressure_Pa
        if not (_is_real(p) and math.isfinite(p) and p >= 0):
            raise InputError(f"must be a number >= 0, got {p!r}", "stack_pressure_Pa")
        object.__setattr__(self, "stack_pressure_Pa", float(p))
        if self.areal_capacity_C_m2 is not None:
            object.__setattr__(self, "areal_capacity_C_m2",
                               _positive(self.areal_capacity_C_m2, "areal_capacity_C_m2"))

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        return asdict(self)


def _cell():
    from semisolid.paper import CELL

    return CELL


@functools.lru_cache(maxsize=128)
def _swing_end(name: str, temperature_K: float, capacity_C_m2: float) -> tuple[float, float, str]:
    from semisolid.electrode import composition_swing
    from semisolid.paper import ELECTRODES, paper_electrode

    fact = ELECTRODES[name]
    # the paper's electrode (10 uL on the collector, its density model) at this temperature
    e = replace(paper_electrode(name), temperature_K=temperature_K)
    s = composition_swing(e, capacity_C_m2, fact.working_ion, cell="symmetric")
    end = s.enriched
    return float(end.liquid_volume_fraction), float(end.thickness_m), end.status


def plating_liquid_fraction(name: str, temperature_K: float | None = None,
                            areal_capacity_C_m2: float | None = None) -> float:
    """Liquid volume fraction of the plating electrode of a symmetric A or B cell at the end of
    a half cycle (the electrode code on the shipped database: the paper's 10 µL on the 7.14 mm
    collector, :func:`semisolid.paper.paper_electrode`, built at 22 °C and taken to
    `temperature_K` with the same atoms).

    Examples
    --------
    >>> plating_liquid_fraction("K")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: electrode: K is not a semi-solid electrode; known: A, B
    """
    from semisolid.paper import CELL, ELECTRODES, PROTOCOLS, family

    fam = family(name)
    if fam.electrode not in ELECTRODES:
        raise InputError(f"{fam.electrode} is not a semi-solid electrode; known: "
                         f"{', '.join(ELECTRODES)}", "electrode")
    t = CELL.temperature_K if temperature_K is None else _positive(temperature_K, "temperature_K")
    q = (PROTOCOLS[fam.protocol].areal_capacity_mAh_cm2 * MAH_PER_CM2_IN_C_PER_M2
         if areal_capacity_C_m2 is None else _positive(areal_capacity_C_m2, "areal_capacity"))
    f, _, status = _swing_end(fam.electrode, float(t), float(q))
    if status == "exhausted":
        raise InputError(f"a half cycle of {q / MAH_PER_CM2_IN_C_PER_M2:g} mAh/cm² exhausts "
                         f"electrode {fam.electrode}", "areal_capacity")
    return f


@dataclass(frozen=True)
class ElectrodeState:
    """Everything the model needs about one electrode in one cell (SI units).

    Attributes
    ----------
    name : str
        Electrode short name (``Li``, ``Na``, ``K``, ``A``, ``B``, ``Li+NaK``) or a user name.
    solid_metal : str
        Metal of the (solid phase of the) electrode: the deposit.
    electrolyte : str
    toughness_Pa_sqrt_m : float
    molar_volume_m3_mol : float
        Of the deposited metal (its own solid density).
    creep : CreepLaw
    liquid_fraction : float
        Liquid volume fraction of the flaw content (the plating electrode at the end of the
        half cycle for A and B).
    structure : MushStructure
        Liquid connectivity and skeleton at that fraction.
    liquid_viscosity_Pa_s : float
    electrode_thickness_m : float
        Outer radius of the Darcy drainage.
    voids : bool
        Stripping voids possible (no liquid at the interface).
    film : bool
        Li with the Na-K film.
    conditions : CellConditions
    areal_capacity_C_m2 : float
        The capacity per half cycle actually used.
    charge_number : int
    liquid_fraction_source : str
    sources : tuple of str
    """

    name: str
    solid_metal: str
    electrolyte: str
    toughness_Pa_sqrt_m: float
    molar_volume_m3_mol: float
    creep: CreepLaw
    liquid_fraction: float
    structure: MushStructure
    liquid_viscosity_Pa_s: float
    electrode_thickness_m: float
    voids: bool
    film: bool
    conditions: CellConditions
    areal_capacity_C_m2: float
    charge_number: int = 1
    liquid_fraction_source: str = ""
    sources: tuple[str, ...] = ()

    @property
    def yield_stress_Pa(self) -> float:
        """The paper's H/3 of the solid metal (the creep anchor)."""
        return self.creep.reference_stress_Pa

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        d = asdict(self)
        d["structure"] = self.structure.to_dict()
        return d


def electrode_state(
    name: str,
    conditions: CellConditions | None = None,
    liquid_fraction: float | None = None,
    toughness_Pa_sqrt_m: float | None = None,
    yield_stress_Pa: float | None = None,
) -> ElectrodeState:
    """The inputs of one of the paper's electrodes in a cell at `conditions`.

    Parameters
    ----------
    name : str
        ``Li``, ``Na``, ``K``, ``A``, ``B``, ``Li+NaK`` (or a family name or alias).
    conditions : CellConditions, optional
        Temperature, stack pressure, capacity per half cycle (default: the paper's).
    liquid_fraction : float, optional
        Liquid volume fraction of the flaw content instead of the computed one, in [0, 1].
    toughness_Pa_sqrt_m : float, optional
        Electrolyte toughness instead of the cited one.
    yield_stress_Pa : float, optional
        Anchor of the creep law instead of the paper's H/3.

    Examples
    --------
    >>> s = electrode_state("K")
    >>> round(s.molar_volume_m3_mol * 1e6, 2), s.liquid_fraction, s.structure.regime
    (45.36, 0.0, 'solid')
    >>> electrode_state("Li").voids, electrode_state("Li+NaK").voids
    (True, False)
    >>> electrode_state("C")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: electrode: unknown electrode 'C'; known: Li, Na, K, A, B, Li+NaK
    """
    from semisolid.materials import electrolyte as get_electrolyte
    from semisolid.materials import metal as get_metal
    from semisolid.models.creep import creep_law, liquid_viscosity_Pa_s
    from semisolid.models.skeleton import mush_structure
    from semisolid.paper import CELL, ELECTRODES, FAMILIES, PROTOCOLS, family

    try:
        fam = family(name)
    except InputError:
        known = [f.electrode for f in FAMILIES]
        raise InputError(f"unknown electrode {name!r}{suggest(str(name), known)}; known: "
                         f"{', '.join(known)}", "electrode") from None
    cond = conditions or CellConditions()
    q = (PROTOCOLS[fam.protocol].areal_capacity_mAh_cm2 * MAH_PER_CM2_IN_C_PER_M2
         if cond.areal_capacity_C_m2 is None else cond.areal_capacity_C_m2)
    m = get_metal(fam.solid_metal)
    t_melt = m.require("melting_point_K")
    if cond.temperature_K >= t_melt:
        raise InputError(f"{cond.temperature_K:g} K is at or above the melting point of "
                         f"{fam.solid_metal} ({t_melt:g} K): the creep model is for solid "
                         "metals", "temperature_K")
    if fam.film and cond.temperature_K <= get_metal("NaK").require("melting_point_K"):
        raise InputError(f"the Na-K film freezes below {get_metal('NaK').melting_point_K:g} K",
                         "temperature_K")
    e = get_electrolyte(fam.electrolyte)
    law = creep_law(fam.solid_metal, reference_stress_Pa=yield_stress_Pa)
    semi = fam.electrode in ELECTRODES
    thickness = CELL.alloy_volume_m3 / CELL.collector_area_m2
    if liquid_fraction is not None:
        if not (_is_real(liquid_fraction) and math.isfinite(liquid_fraction)
                and 0.0 <= liquid_fraction <= 1.0):
            raise InputError(f"liquid fraction {liquid_fraction!r} is outside [0, 1]",
                             "liquid_fraction")
        f, src = float(liquid_fraction), "given"
    elif semi:
        f, thickness, _ = _swing_end(fam.electrode, cond.temperature_K, float(q))
        src = "plating electrode at the end of the half cycle (semisolid.electrode)"
    else:
        f, src = 0.0, "solid metal"
    k_ic = (e.fracture_toughness_Pa_sqrt_m if toughness_Pa_sqrt_m is None
            else _positive(toughness_Pa_sqrt_m, "toughness_Pa_sqrt_m"))
    srcs = {m.sources["density_solid_kg_m3"].key, m.sources["molar_mass_kg_mol"].key,
            e.sources["fracture_toughness_Pa_sqrt_m"].key, *law.sources.values()}
    if semi or fam.film:
        srcs.add(get_metal("NaK").sources["viscosity_liquid_Pa_s"].key)
        srcs.add("fink-leibowitz1995")
    return ElectrodeState(
        name=fam.electrode,
        solid_metal=fam.solid_metal,
        electrolyte=e.name,
        toughness_Pa_sqrt_m=float(k_ic),
        molar_volume_m3_mol=float(m.molar_volume_solid_m3_mol),
        creep=law,
        liquid_fraction=f,
        structure=mush_structure(f),
        liquid_viscosity_Pa_s=liquid_viscosity_Pa_s(cond.temperature_K),
        electrode_thickness_m=float(thickness),
        voids=(f == 0.0 and not fam.film),
        film=bool(fam.film),
        conditions=cond,
        areal_capacity_C_m2=float(q),
        liquid_fraction_source=src,
        sources=tuple(sorted(srcs)),
    )


@dataclass(frozen=True)
class CreepCCDParameters:
    """Constants of the creep-limited CCD model (SI units).

    The fitted ones (:mod:`semisolid.models.validation`) are the flaw opening ``w``, the
    confined-flow stress exponent, the void length ``λ``, the non-flow limit ``j_cap*``, the
    skeleton exponent ``p`` (when electrode A is fitted; otherwise its physical value 1) and
    the flaw tail ``k``; the others are fixed inputs or assumptions (docs/models.md).

    Attributes
    ----------
    flaw_depth_m : float
        l*, scale of the largest-flaw depth (10 µm, assumption).
    flaw_tail_exponent : float
        k (fitted on the spread of the Li+NaK cells).
    flaw_distribution : {"frechet", "weibull"}
    flaw_opening_m : float
        w (fitted).
    stress_exponent : float or None
        Exponent of the flow in the flaw: None uses each metal's measured bulk exponent;
        a number is one effective exponent for all metals (fitted).
    void_length_m : float
        λ of the critical stripping current ``j_s = z F λ ε̇(P, T)/V_m`` (fitted).
    void_depth_scale_m : float or None
        h_v, stripped thickness over which voids develop; None: the paper's electrolyte
        grain size (7.5 µm).
    ccd_cap_A_m2 : float
        j_cap* at l* (fitted).
    skeleton_exponent : float
        p of the skeleton strength ``[C_ss (1 - f)]^p`` (1: strength proportional to
        contiguity and solid fraction).
    grain_size_m : float
        Physical grain diameter of the semi-solid's solid (20 µm, assumption).
    kozeny_constant : float
        5 (Carman-Kozeny).
    geometry_factor : float
        Y = 1.1215, edge flaw.
    size_effect : bool
        Strengthen the metal in the flaw by its published size effect (Li only).
    n_quadrature : int
        Points of the midpoint rule over the flaw distribution.

    Examples
    --------
    >>> p = CreepCCDParameters()
    >>> p.flaw_distribution, p.stress_exponent is None or p.stress_exponent > 0
    ('frechet', True)
    >>> CreepCCDParameters(flaw_opening_m=-1.0)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: flaw_opening_m: must be a positive number, got -1.0
    """

    flaw_depth_m: float = 10e-6
    flaw_tail_exponent: float = 7.5
    flaw_distribution: str = "frechet"
    flaw_opening_m: float = 1e-6
    stress_exponent: float | None = None
    void_length_m: float = 1e-6
    void_depth_scale_m: float | None = None
    ccd_cap_A_m2: float = 140.0
    skeleton_exponent: float = 1.0
    grain_size_m: float = 20e-6
    kozeny_constant: float = 5.0
    geometry_factor: float = 1.1215
    size_effect: bool = False
    n_quadrature: int = 2000

    def __post_init__(self) -> None:
        if self.flaw_distribution not in ("frechet", "weibull"):
            raise InputError(f"unknown distribution {self.flaw_distribution!r}; expected "
                             "'frechet' or 'weibull'", "flaw_distribution")
        for k in ("flaw_depth_m", "flaw_tail_exponent", "flaw_opening_m", "void_length_m",
                  "ccd_cap_A_m2", "skeleton_exponent", "grain_size_m", "kozeny_constant",
                  "geometry_factor"):
            _positive(getattr(self, k), k)
        for k in ("stress_exponent", "void_depth_scale_m"):
            if getattr(self, k) is not None:
                _positive(getattr(self, k), k)
        if isinstance(self.n_quadrature, bool) or int(self.n_quadrature) != self.n_quadrature \
                or self.n_quadrature < 10:
            raise InputError(f"must be an integer >= 10, got {self.n_quadrature!r}",
                             "n_quadrature")

    def void_depth_scale(self) -> float:
        """h_v [m]: the given value or the paper's electrolyte grain size."""
        if self.void_depth_scale_m is not None:
            return self.void_depth_scale_m
        from semisolid.paper import number

        return float(number("electrolyte_grain_size").value) * 1e-6

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        return asdict(self)


# ----------------------------------------------------------------------------- model

def _exponent(state: ElectrodeState, prm: CreepCCDParameters) -> float:
    return state.creep.stress_exponent if prm.stress_exponent is None else prm.stress_exponent


def _strength_factor(state: ElectrodeState, prm: CreepCCDParameters) -> float:
    from semisolid.models.skeleton import skeleton_strength_factor

    return skeleton_strength_factor(state.structure, prm.skeleton_exponent,
                                    state.liquid_fraction)


def _consistency(state: ElectrodeState, prm: CreepCCDParameters, strength: float) -> float:
    from semisolid.models.creep import size_effect_factor

    n = _exponent(state, prm)
    sigma = state.creep.reference_stress_Pa * strength
    if prm.size_effect:
        sigma *= float(size_effect_factor(state.solid_metal, prm.flaw_opening_m,
                                          state.creep.reference_stress_Pa))
    rate = state.creep.reference_strain_rate_per_s * state.creep.arrhenius(
        state.conditions.temperature_K)
    return slit_consistency_Pa_s_n(sigma, rate, n) if sigma > 0 else 0.0


def permeability_m2(state: ElectrodeState, prm: CreepCCDParameters) -> float:
    """Carman-Kozeny permeability of the skeleton (inf for a fully liquid electrode).

    Examples
    --------
    >>> permeability_m2(electrode_state("K"), DEFAULT_CREEP_PARAMETERS)
    0.0
    """
    from semisolid.models.skeleton import carman_kozeny_permeability_m2

    st = state.structure
    if state.liquid_fraction >= 1.0:
        return math.inf
    if st.liquid_connectivity <= 0.0:
        return 0.0
    return float(carman_kozeny_permeability_m2(
        state.liquid_fraction, st.specific_surface_per_m(prm.grain_size_m),
        st.liquid_connectivity, prm.kozeny_constant))


def critical_stripping_A_m2(state: ElectrodeState, prm: CreepCCDParameters) -> float:
    """``j_s = z F λ ε̇(P, T) / V_m``: the stripping current the electrode's creep under the
    stack pressure can feed (inf for electrodes without voids).

    Examples
    --------
    >>> critical_stripping_A_m2(electrode_state("Li+NaK"), DEFAULT_CREEP_PARAMETERS)
    inf
    """
    if not state.voids:
        return math.inf
    c = state.conditions
    rate = float(state.creep.strain_rate_per_s(c.stack_pressure_Pa, c.temperature_K))
    return state.charge_number * F * prm.void_length_m * rate / state.molar_volume_m3_mol


def _void_weight(state: ElectrodeState, prm: CreepCCDParameters) -> float:
    h_s = state.areal_capacity_C_m2 * state.molar_volume_m3_mol / (state.charge_number * F)
    return 1.0 - math.exp(-h_s / prm.void_depth_scale())


def local_critical_A_m2(state: ElectrodeState, prm: CreepCCDParameters,
                        flaw_depth_m: np.ndarray) -> dict[str, np.ndarray]:
    """The local critical current density of each flaw before void focusing, and its parts
    (skeleton creep, liquid drainage, cap), in A/m²."""
    l = np.asarray(flaw_depth_m, dtype=float)
    c = state.conditions
    dp = np.asarray(griffith_pressure_Pa(state.toughness_Pa_sqrt_m, l, prm.geometry_factor)
                    ) - c.stack_pressure_Pa
    n = _exponent(state, prm)
    f = state.liquid_fraction
    if f >= 1.0:
        creep = np.zeros_like(l)
    else:
        k_s = _consistency(state, prm, _strength_factor(state, prm))
        creep = np.asarray(power_law_flow_ccd_A_m2(dp, l, prm.flaw_opening_m, k_s, n,
                                                   state.molar_volume_m3_mol,
                                                   state.charge_number), dtype=float)
    k = permeability_m2(state, prm)
    drain = np.asarray(darcy_ccd_A_m2(dp, l, prm.flaw_opening_m, k, state.liquid_viscosity_Pa_s,
                                      state.molar_volume_m3_mol, state.electrode_thickness_m,
                                      state.charge_number), dtype=float) \
        if k > 0 else np.zeros_like(l)
    flow = creep + drain
    cap = prm.ccd_cap_A_m2 * np.sqrt(prm.flaw_depth_m / l)
    with np.errstate(divide="ignore", invalid="ignore"):
        local = np.where(flow > 0, 1.0 / (1.0 / np.where(flow > 0, flow, 1.0) + 1.0 / cap), 0.0)
    return {"local": local, "creep": creep, "drainage": drain, "cap": cap}


def _solve_voids(local: np.ndarray, j_s: float, n: float, g: float) -> np.ndarray:
    """Solve ``j = φ(j) j_local`` (φ from :func:`void_contact_fraction`) for ``j > j_s``.

    Newton's method on ``G(x) = x - ln φ(e^x) - ln j_local`` (``G' ≥ 1``: monotone), from
    ``x = ln j_local``, kept inside ``[ln j_s, ln j_local]``.
    """
    out = local.copy()
    need = (local > j_s) & (g > 0)
    if not np.any(need):
        return out
    jl = local[need]
    lo, hi = math.log(j_s), np.log(jl)
    x = hi.copy()
    for _ in range(50):
        r = np.minimum(1.0, np.exp((lo - x) / n))            # (j_s/j)^(1/n)
        phi = 1.0 - g * (1.0 - r)
        G = x - np.log(phi) - hi
        dG = 1.0 + (g / n) * r / phi
        step = G / dG
        x = np.clip(x - step, lo, hi)
        if np.all(np.abs(step) < 1e-13):
            break
    out[need] = np.exp(x)
    return out


def critical_current_density_A_m2(
    state: ElectrodeState | str,
    params: CreepCCDParameters | None = None,
    flaw_depth_m: float | np.ndarray | None = None,
) -> float | np.ndarray:
    """CCD [A/m²] of a cell whose largest flaw has depth `flaw_depth_m` (default l*).

    The local critical current (flow limit and cap, harmonically) divided by the void
    focusing: ``j = φ(j) j_local(l)``.

    Examples
    --------
    >>> j = critical_current_density_A_m2("Na", flaw_depth_m=[5e-6, 10e-6, 20e-6])
    >>> bool(np.all(np.diff(j) < 0))
    True
    """
    if isinstance(state, str):
        state = electrode_state(state)
    prm = params or DEFAULT_CREEP_PARAMETERS
    l = np.asarray(prm.flaw_depth_m if flaw_depth_m is None else flaw_depth_m, dtype=float)
    if np.any(~np.isfinite(l)) or np.any(l <= 0):
        raise InputError("flaw depths must be positive", "flaw_depth_m")
    scalar = l.ndim == 0
    l = np.atleast_1d(l)
    local = local_critical_A_m2(state, prm, l)["local"]
    j = local
    if state.voids:
        j = _solve_voids(local, critical_stripping_A_m2(state, prm),
                         state.creep.stress_exponent, _void_weight(state, prm))
    return float(j[0]) if scalar else j


def flaw_depths_m(u: np.ndarray, params: CreepCCDParameters) -> np.ndarray:
    """Quantile function of the largest-flaw depth at probabilities `u` in (0, 1).

    Examples
    --------
    >>> p = CreepCCDParameters(flaw_tail_exponent=7.5)
    >>> round(float(flaw_depths_m(np.array([np.exp(-1.0)]), p)[0]) * 1e6, 6)   # l* at u = 1/e
    10.0
    """
    u = np.asarray(u, dtype=float)
    k = params.flaw_tail_exponent
    if params.flaw_distribution == "frechet":
        return params.flaw_depth_m * (-np.log(u)) ** (-1.0 / k)
    return params.flaw_depth_m * (-np.log1p(-u)) ** (1.0 / k)


def mean_ccd_A_m2(state: ElectrodeState | str, params: CreepCCDParameters | None = None) -> float:
    """Expected CCD over the largest-flaw distribution (midpoint rule in probability).

    Examples
    --------
    >>> from dataclasses import replace
    >>> prm = replace(DEFAULT_CREEP_PARAMETERS, stress_exponent=1.0, ccd_cap_A_m2=1e15)
    >>> s = electrode_state("Li+NaK")                 # no voids: j ∝ l^-2.5, m = k/2.5
    >>> m = prm.flaw_tail_exponent / 2.5
    >>> import math
    >>> ratio = mean_ccd_A_m2(s, prm) / critical_current_density_A_m2(s, prm)
    >>> abs(ratio / math.gamma(1 + 1 / m) - 1) < 1e-3
    True
    """
    if isinstance(state, str):
        state = electrode_state(state)
    prm = params or DEFAULT_CREEP_PARAMETERS
    u = (np.arange(prm.n_quadrature) + 0.5) / prm.n_quadrature
    return float(np.mean(critical_current_density_A_m2(state, prm, flaw_depths_m(u, prm))))


def quantiles_A_m2(state: ElectrodeState, params: CreepCCDParameters,
                   probabilities: np.ndarray) -> np.ndarray:
    """CCD quantiles: the CCD falls with the flaw depth, so its p-quantile is the flaw's
    (1-p)-quantile.

    Examples
    --------
    >>> q = quantiles_A_m2(electrode_state("K"), DEFAULT_CREEP_PARAMETERS, np.array([0.1, 0.9]))
    >>> bool(q[0] < q[1])
    True
    """
    p = np.asarray(probabilities, dtype=float)
    return np.atleast_1d(critical_current_density_A_m2(state, params,
                                                       flaw_depths_m(1.0 - p, params)))


def sample_ccd_A_m2(
    state: ElectrodeState | str,
    size: int,
    rng: np.random.Generator | int | None = None,
    params: CreepCCDParameters | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Draw `size` cells: (CCD [A/m²], largest flaw depth [m]) per cell.

    Examples
    --------
    >>> j, l = sample_ccd_A_m2("K", 3, rng=1)
    >>> j.shape, bool(np.all(l > 0))
    ((3,), True)
    """
    if isinstance(state, str):
        state = electrode_state(state)
    prm = params or DEFAULT_CREEP_PARAMETERS
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    u = gen.uniform(np.finfo(float).tiny, 1.0, size=int(size))
    depth = flaw_depths_m(u, prm)
    return np.atleast_1d(critical_current_density_A_m2(state, prm, depth)), depth


def expected_maximum_A_m2(state: ElectrodeState, params: CreepCCDParameters,
                          n_cells: int) -> float:
    """Expected largest CCD of `n_cells` cells, ``∫ x d[F(x)^N]`` (midpoint rule).

    Examples
    --------
    >>> s, prm = electrode_state("K"), DEFAULT_CREEP_PARAMETERS
    >>> abs(expected_maximum_A_m2(s, prm, 1) / mean_ccd_A_m2(s, prm) - 1) < 1e-12   # N = 1
    True
    >>> expected_maximum_A_m2(s, prm, 14) > expected_maximum_A_m2(s, prm, 3)
    True
    """
    if isinstance(n_cells, bool) or int(n_cells) != n_cells or n_cells < 1:
        raise InputError(f"must be a positive integer, got {n_cells!r}", "n_cells")
    m = params.n_quadrature
    v = (np.arange(m) + 0.5) / m          # v = F(x)^N: the max's probability scale
    p = v ** (1.0 / int(n_cells))         # the CCD quantile probability
    return float(np.mean(quantiles_A_m2(state, params, p)))


# ----------------------------------------------------------------------------- result

@dataclass
class CreepCCDResult:
    """Prediction of the creep-limited model for one electrode in one cell.

    Carries every key of :class:`semisolid.models.flow_ccd.FlowCCDResult` (so the JSON of
    ``semisolid model ccd`` keeps its keys) and the new inputs and parts.

    Attributes
    ----------
    ccd_mA_cm2 : float
        CCD at the characteristic flaw depth l*.
    mean_ccd_mA_cm2 : float
        Mean over the largest-flaw distribution.
    quantiles_mA_cm2 : dict
        5 %, 50 % and 95 % points of the CCD distribution.
    regime : str
        ``solid``, ``jammed``, ``flowing`` or ``liquid``.
    limited_by : str
        What sets the CCD at l*: ``creep`` (flow of the metal or skeleton), ``drainage``,
        ``cap`` (the non-flow limit) or ``voids`` (focusing by stripping voids).
    effective_viscosity_Pa_s : float
        The Newtonian viscosity that would give the same flow-limited CCD at l*.
    weibull_modulus : float
        Weibull modulus of the CCD distribution from its 5 % and 95 % points.
    """

    electrode: str
    electrolyte: str
    liquid_fraction: float
    interfacial_film: bool
    regime: str
    ccd_mA_cm2: float
    mean_ccd_mA_cm2: float
    quantiles_mA_cm2: dict[str, float]
    effective_viscosity_Pa_s: float
    effective_yield_stress_Pa: float
    critical_pressure_Pa: float
    yield_stress_Pa: float
    toughness_Pa_sqrt_m: float
    temperature_K: float
    stack_pressure_Pa: float
    areal_capacity_mAh_cm2: float
    limited_by: str
    stress_exponent: float
    activation_energy_J_mol: float
    molar_volume_m3_mol: float
    liquid_fraction_source: str
    liquid_connectivity: float
    contiguity: float
    permeability_m2: float
    critical_stripping_mA_cm2: float
    void_contact_fraction: float
    weibull_modulus: float
    model: str = "creep"
    parameters: dict[str, Any] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict; the toughness also under ``toughness_Pa_m05`` (the key the CLI's JSON
        has carried); infinities as None."""
        d = asdict(self)
        d["toughness_Pa_m05"] = d["toughness_Pa_sqrt_m"]
        for k, v in d.items():
            if isinstance(v, float) and not math.isfinite(v):
                d[k] = None
        return d

    def __repr__(self) -> str:
        return (f"CreepCCDResult({self.electrode}, {self.regime}, mean "
                f"{self.mean_ccd_mA_cm2:.3g} mA/cm2, limited by {self.limited_by})")


def predict(
    electrode: ElectrodeState | str,
    params: CreepCCDParameters | None = None,
    liquid_fraction: float | None = None,
    conditions: CellConditions | None = None,
) -> CreepCCDResult:
    """Predict the CCD (characteristic, mean and spread) of an electrode in a cell.

    Parameters
    ----------
    electrode : str or ElectrodeState
    params : CreepCCDParameters, optional
        Default :data:`DEFAULT_CREEP_PARAMETERS` (fitted on the paper's six families).
    liquid_fraction : float, optional
        Liquid volume fraction of the flaw content instead of the computed one.
    conditions : CellConditions, optional
        Temperature, stack pressure and capacity (default: the paper's).

    Examples
    --------
    >>> r = predict("Li")
    >>> r.limited_by, 0.3 < r.mean_ccd_mA_cm2 < 0.8
    ('voids', True)
    """
    prm = params or DEFAULT_CREEP_PARAMETERS
    if isinstance(electrode, str):
        state = electrode_state(electrode, conditions=conditions, liquid_fraction=liquid_fraction)
    else:
        state = electrode
        if liquid_fraction is not None or conditions is not None:
            state = electrode_state(state.name, conditions=conditions or state.conditions,
                                    liquid_fraction=(state.liquid_fraction
                                                     if liquid_fraction is None
                                                     else liquid_fraction))
    l_star = np.array([prm.flaw_depth_m])
    parts = local_critical_A_m2(state, prm, l_star)
    j_star = float(critical_current_density_A_m2(state, prm, l_star)[0])
    q = quantiles_A_m2(state, prm, np.array([0.05, 0.5, 0.95]))
    flow = float(parts["creep"][0] + parts["drainage"][0])
    cap = float(parts["cap"][0])
    local = float(parts["local"][0])
    if state.voids and j_star < local * (1 - 1e-9):
        limited = "voids"
    elif flow >= cap:
        limited = "cap"
    else:
        limited = "drainage" if parts["drainage"][0] > parts["creep"][0] else "creep"
    c = state.conditions
    dp = float(griffith_pressure_Pa(state.toughness_Pa_sqrt_m, prm.flaw_depth_m,
                                    prm.geometry_factor)) - c.stack_pressure_Pa
    eta_app = (state.charge_number * F * prm.flaw_opening_m**3 * dp
               / (12.0 * state.molar_volume_m3_mol * prm.flaw_depth_m**2 * flow)
               if flow > 0 and math.isfinite(flow) else (math.inf if flow == 0 else 0.0))
    j_s = critical_stripping_A_m2(state, prm)
    phi = (float(void_contact_fraction(j_star, j_s, state.creep.stress_exponent,
                                       _void_weight(state, prm))) if state.voids else 1.0)
    m = (math.log(math.log(1 / 0.05) / math.log(1 / 0.95)) / math.log(q[2] / q[0])
         if q[0] > 0 and q[2] > q[0] else math.nan)
    return CreepCCDResult(
        electrode=state.name,
        electrolyte=state.electrolyte,
        liquid_fraction=state.liquid_fraction,
        interfacial_film=state.film,
        regime=state.structure.regime,
        ccd_mA_cm2=j_star / _MA_CM2,
        mean_ccd_mA_cm2=mean_ccd_A_m2(state, prm) / _MA_CM2,
        quantiles_mA_cm2={"p05": float(q[0]) / _MA_CM2, "p50": float(q[1]) / _MA_CM2,
                          "p95": float(q[2]) / _MA_CM2},
        effective_viscosity_Pa_s=float(eta_app),
        effective_yield_stress_Pa=0.0,
        critical_pressure_Pa=float(griffith_pressure_Pa(state.toughness_Pa_sqrt_m,
                                                        prm.flaw_depth_m, prm.geometry_factor)),
        yield_stress_Pa=state.yield_stress_Pa,
        toughness_Pa_sqrt_m=state.toughness_Pa_sqrt_m,
        temperature_K=c.temperature_K,
        stack_pressure_Pa=c.stack_pressure_Pa,
        areal_capacity_mAh_cm2=state.areal_capacity_C_m2 / MAH_PER_CM2_IN_C_PER_M2,
        limited_by=limited,
        stress_exponent=_exponent(state, prm),
        activation_energy_J_mol=state.creep.activation_energy_J_mol,
        molar_volume_m3_mol=state.molar_volume_m3_mol,
        liquid_fraction_source=state.liquid_fraction_source,
        liquid_connectivity=state.structure.liquid_connectivity,
        contiguity=state.structure.contiguity,
        permeability_m2=permeability_m2(state, prm),
        critical_stripping_mA_cm2=j_s / _MA_CM2,
        void_contact_fraction=phi,
        weibull_modulus=float(m),
        parameters=prm.to_dict(),
        sources=list(state.sources),
    )


DEFAULT_CREEP_PARAMETERS = CreepCCDParameters(
    flaw_tail_exponent=4.8994, flaw_opening_m=4.1928e-07, stress_exponent=1.0871,
    void_length_m=1.4786e-10, ccd_cap_A_m2=147.65, skeleton_exponent=19.394,
)
"""Fitted on the paper's six families with one effective stress exponent
(:data:`semisolid.models.validation.EFFECTIVE_PARAMETERS`, which tests that the fit
reproduces it; docs/models.md)."""
