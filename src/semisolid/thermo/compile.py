"""Build compiled phases from a TDB: pycalphad's symbolic model, compiled with symengine.

The symbolic Gibbs energy of a phase is pycalphad's ``Model(...).GM`` (per mole of atoms):
reference energies, ideal mixing on every sublattice, Redlich-Kister excess terms with the
Muggianu extension and reciprocal parameters, the Inden-Hillert-Jarl magnetic term,
order-disorder partitioned phases, Einstein and two-state terms, with pycalphad's own
conventions (temperature ranges extrapolated, pressure 101,325 Pa). Here it is turned into a
function of temperature and the phase's free site fractions only:

* single-constituent sublattices get site fraction 1, the pressure 101,325 Pa;
* pycalphad's guard ``Piecewise((y log y, y > 1e-15), (0, True))`` on ideal mixing becomes
  ``y log y`` (site fractions are kept >= 1e-14 when evaluating); every other piecewise
  function (temperature ranges, and the magnetic term's conditions on the Curie temperature
  and magnetic moment, which depend on the site fractions) is kept with all its branches;
* the energy per formula unit ``F = GM * N(y)``, its gradient and its Hessian (upper
  triangle) are compiled to vectorised machine code (symengine, LLVM backend) together with
  a second function that evaluates ``F`` alone (for sampling).

What the fast engine does not model is refused with :class:`OutsideEngineScope`, naming the
phase and the model feature: charged species (which need a charge balance), the
two-sublattice ionic liquid (site ratios that change with the constitution), and any
dependence on state variables other than temperature and pressure.

Examples
--------
>>> from semisolid.thermo import load_database
>>> db = load_database()
>>> p = compile_phase(db, "LIQUID", ("K", "Na"))
>>> p.variables
((0, 'K'), (0, 'NA'))
"""

from __future__ import annotations

import itertools

import numpy as np

from semisolid.errors import DatabaseError
from semisolid.thermo.phases import CompiledPhase

__all__ = ["PRESSURE_PA", "OutsideEngineScope", "compile_phase", "scope_problem"]

PRESSURE_PA = 101325.0
"""Pressure at which every Gibbs energy is evaluated [Pa]."""


class OutsideEngineScope(DatabaseError):
    """A phase uses a model feature the fast engine does not handle.

    Attributes
    ----------
    phase : str
    feature : str
        The model feature, in words.

    Examples
    --------
    >>> e = OutsideEngineScope("IONIC_LIQ", "the two-sublattice ionic liquid model")
    >>> str(e)  # doctest: +ELLIPSIS
    'phase IONIC_LIQ uses the two-sublattice ionic liquid model, which the fast engine ...'
    """

    def __init__(self, phase: str, feature: str, source: str = ""):
        self.phase = phase
        self.feature = feature
        where = f" of {source}" if source else ""
        super().__init__(f"phase {phase}{where} uses {feature}, which the fast engine does not "
                         "model")


def scope_problem(info, phase: str, active_species: set[str]) -> str | None:
    """The model feature of `phase` that the fast engine does not handle, or None.

    Decided from the database's description alone (no compilation): the two-sublattice
    ionic liquid, the quasichemical model, charged species.

    Parameters
    ----------
    info : DatabaseInfo
    phase : str
    active_species : set of str
        Species (TDB names) that the chosen components can form.

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> db = load_database()
    >>> scope_problem(db.info, "LIQUID", {"K", "NA", "VA"}) is None
    True
    """
    ph = info.phases[phase]
    if ph.hints.get("ionic_liquid_2SL"):
        return ("the two-sublattice ionic liquid model (charged species on site ratios that "
                "change with the constitution)")
    if ph.hints.get("mqmqa"):
        return "the modified quasichemical model in the quadruplet approximation"
    charged = sorted({s for subl in ph.constituents for s in subl
                      if s in active_species and info.species[s].charge != 0})
    if charged:
        return f"charged species ({', '.join(charged)}) that need a charge balance"
    return None


def _strip_ideal_mixing_guards(expr, ysyms):
    """Replace ``Piecewise((y*log(y), y > c), (0, True))`` by ``y*log(y)`` for free y."""
    import symengine as se

    yset = set(ysyms)
    subs = {}
    for pw in expr.atoms(se.Piecewise):
        args = pw.args
        if len(args) != 4 or args[2] != 0 or args[3] != se.true:
            continue
        cond_syms = args[1].free_symbols
        if len(cond_syms) != 1 or not cond_syms <= yset:
            continue
        (y,) = tuple(cond_syms)
        if (args[0] - y * se.log(y)).expand() == 0:
            subs[pw] = args[0]
    return expr.xreplace(subs) if subs else expr


def _lambdify(args, exprs):
    import symengine as se

    try:
        return se.Lambdify(args, exprs, backend="llvm", cse=True, opt_level=2)
    except (RuntimeError, TypeError, ValueError):  # pragma: no cover - symengine without LLVM
        return se.Lambdify(args, exprs, backend="lambda", cse=True)


def compile_phase(db, name: str, components: tuple[str, ...]) -> CompiledPhase:
    """Compile phase `name` of database `db` for the (sorted) `components`.

    Parameters
    ----------
    db : ThermoDatabase
    name : str
    components : tuple of str
        Elements as chemists write them, sorted.

    Returns
    -------
    CompiledPhase

    Raises
    ------
    OutsideEngineScope
        The phase uses a model feature the fast engine does not handle.
    DatabaseError
        pycalphad cannot build the phase's model.

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> p = compile_phase(load_database(), "NA2K", ("K", "Na"))
    >>> p.is_point, p.fixed.tolist()
    (True, [1.0, 2.0])
    """
    import symengine as se
    from pycalphad import Model
    from pycalphad import variables as v

    pdb = db.pycalphad_db
    tdb = [db.tdb_name(c) for c in components]
    active = db.active_species(components)
    problem = scope_problem(db.info, name, active)
    if problem:
        raise OutsideEngineScope(name, problem, db.source)
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = Model(pdb, [*tdb, "VA"], name)
    except Exception as exc:
        raise DatabaseError(f"{db.source}: pycalphad cannot build the model of {name}: "
                            f"{exc}") from None
    ratios = []
    for r in model.site_ratios:
        try:
            ratios.append(float(r))
        except (TypeError, RuntimeError):
            raise OutsideEngineScope(
                name, "site ratios that change with the constitution", db.source) from None
    sublattices = []
    variables: list[tuple[int, str]] = []
    groups: list[int] = []
    stoich_rows: list[np.ndarray] = []
    fixed = np.zeros(len(components))
    subs = {}
    ysyms = []
    ngroup = 0
    for s, cons in enumerate(model.constituents):
        species = sorted(cons, key=lambda sp: sp.name)
        names = tuple(sp.name for sp in species)
        sublattices.append((ratios[s], names))
        for sp in species:
            if sp.charge != 0:
                raise OutsideEngineScope(name, f"the charged species {sp.name}", db.source)
        if len(species) == 1:
            for el, amount in species[0].constituents.items():
                if el != "VA":
                    fixed[tdb.index(el)] += ratios[s] * float(amount)
            subs[v.SiteFraction(name, s, species[0])] = se.Integer(1)
            continue
        for sp in species:
            row = np.zeros(len(components))
            for el, amount in sp.constituents.items():
                if el != "VA":
                    row[tdb.index(el)] += ratios[s] * float(amount)
            sym = se.Symbol(f"y{len(variables)}")
            subs[v.SiteFraction(name, s, sp)] = sym
            ysyms.append(sym)
            variables.append((s, sp.name))
            groups.append(ngroup)
            stoich_rows.append(row)
        ngroup += 1
    stoich = np.array(stoich_rows).reshape(len(variables), len(components))
    tsym = se.Symbol("T")
    subs[v.T] = tsym
    subs[v.P] = se.Float(PRESSURE_PA)
    gm = model.GM.xreplace(subs)
    gm = _strip_ideal_mixing_guards(gm, ysyms)
    extra = [s for s in gm.free_symbols if s != tsym and s not in set(ysyms)]
    state_vars = sorted(str(s) for s in extra if isinstance(s, v.StateVariable))
    if state_vars:
        raise OutsideEngineScope(
            name, f"state variables the engine does not set ({', '.join(state_vars)})",
            db.source)
    notes = []
    if extra:
        # as pycalphad does: a symbol the TDB never defines is zero
        undefined = sorted(str(s) for s in extra)
        gm = gm.xreplace({s: se.Integer(0) for s in extra})
        notes.append(f"{name}: {', '.join(undefined)} {'is' if len(undefined) == 1 else 'are'} "
                     f"not defined in {db.source} and taken as 0, as pycalphad does")
    natoms = se.Float(float(fixed.sum()))
    for j, y in enumerate(ysyms):
        natoms = natoms + se.Float(float(stoich[j].sum())) * y
    f = gm * natoms
    grad = [f.diff(y) for y in ysyms]
    hess = [grad[i].diff(ysyms[j]) for i in range(len(ysyms)) for j in range(i, len(ysyms))]
    args = [tsym, *ysyms]
    g_func = _lambdify(args, [f])
    d_func = _lambdify(args, [f, *grad, *hess])
    if float(fixed.sum()) + (stoich.sum(axis=1).max() if len(variables) else 0.0) <= 0:
        raise DatabaseError(f"{db.source}: phase {name} holds no atoms")
    # mixing sublattices with the same constituents (an ordered phase and its disordered form)
    by_cons: dict[tuple[str, ...], list[int]] = {}
    g = 0
    for _ratio, names in sublattices:
        if len(names) > 1:
            by_cons.setdefault(names, []).append(g)
            g += 1
    equivalent = tuple(tuple(v_) for v_ in by_cons.values() if len(v_) > 1)
    phase = CompiledPhase(
        name=name,
        components=tuple(components),
        sublattices=tuple(sublattices),
        variables=tuple(variables),
        groups=np.array(groups, dtype=np.int64),
        stoich=stoich,
        fixed=fixed,
        equivalent=equivalent,
        _g=g_func,
        _d=d_func,
        notes=tuple(notes),
    )
    phase.exchangeable = _exchangeable(phase)
    return phase


def _exchangeable(p: CompiledPhase) -> tuple[tuple[int, ...], ...]:
    """Classes of mixing sublattices (same constituents, same site ratio) whose exchange
    leaves the Gibbs energy unchanged, tested at random site fractions and temperatures."""
    mixing = [(r, c) for r, c in p.sublattices if len(c) > 1]
    classes: dict[tuple, list[int]] = {}
    for g, (ratio, cons) in enumerate(mixing):
        classes.setdefault((round(ratio, 12), cons), []).append(g)
    slices = p.group_slices()
    rng = np.random.default_rng(0)
    out = []
    for cls in classes.values():
        if len(cls) < 2:
            continue
        y = np.zeros((8, p.n_variables))
        for idx in slices:
            y[:, idx] = rng.dirichlet(np.ones(len(idx)), 8)
        t = np.repeat([300.0, 1000.0], 4)
        g0 = p.gibbs(t, y)
        ok = True
        for a, b in itertools.pairwise(cls):
            ys = y.copy()
            ys[:, slices[a]], ys[:, slices[b]] = y[:, slices[b]], y[:, slices[a]]
            g1 = p.gibbs(t, ys)
            if not np.allclose(g0, g1, rtol=1e-10, atol=1e-8):
                ok = False
                break
        if ok:
            out.append(tuple(cls))
    return tuple(out)
