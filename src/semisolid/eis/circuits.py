"""Equivalent circuits: a registry of elements and a parser of circuit strings into trees.

Circuit strings follow impedance.py's notation: elements joined by ``-`` are in series,
``p(a, b, ...)`` puts its arguments in parallel, for example ``R0-p(R1,CPE1)-CPE2``. An
element is its type followed by a number or ``_name`` (``R0``, ``CPE1``, ``R_ct``). The
string is parsed by a small recursive-descent parser into :class:`Series`,
:class:`Parallel` and :class:`Element` nodes: nothing is ever ``eval``-ed.

Element types come from a registry (:func:`register_element`); registering a name twice is
refused unless ``replace=True``. Built in (``omega = 2 pi f``):

========  ==========================  ======================================
type      parameters                  impedance
========  ==========================  ======================================
``R``     R [Ohm]                     ``R``
``C``     C [F]                       ``1 / (j omega C)``
``L``     L [H]                       ``j omega L``
``CPE``   Q [S s^alpha], alpha [-]    ``1 / (Q (j omega)^alpha)``
``W``     sigma [Ohm s^-1/2]          ``sigma (1 - j) / sqrt(omega)`` (semi-infinite Warburg)
``Wo``    Z0 [Ohm], tau [s]           ``Z0 coth(sqrt(j omega tau)) / sqrt(j omega tau)``
                                      (finite-length Warburg, open/reflective end)
``Ws``    Z0 [Ohm], tau [s]           ``Z0 tanh(sqrt(j omega tau)) / sqrt(j omega tau)``
                                      (finite-length Warburg, short/transmissive end)
``G``     R [Ohm], tau [s]            ``R / sqrt(1 + j omega tau)`` (Gerischer)
``TLM``   Rion, Rct [Ohm], Q [S       ``sqrt(Rion Zint) coth(sqrt(Rion / Zint))``,
          s^alpha], alpha [-]         ``Zint = Rct / (1 + Rct Q (j omega)^alpha)``
                                      (porous electrode, blocking back contact)
========  ==========================  ======================================

Parameter names: the element's name for one-parameter elements (``R0``), else
``<name>_<parameter>`` (``CPE1_Q``, ``CPE1_alpha``).

Examples
--------
>>> c = Circuit.parse("R0-p(R1,C1)")
>>> c.parameter_names
['R0', 'R1', 'C1']
>>> z = c.impedance([1e-3, 1e6], {"R0": 10.0, "R1": 100.0, "C1": 1e-6})
>>> np.round(z.real, 3).tolist()                         # 110 Ohm at DC, 10 at high f
[110.0, 10.0]
>>> Circuit.parse("R0-p(R1,CEP1)")
Traceback (most recent call last):
...
semisolid.errors.InputError: circuit: unknown element 'CEP1' at position 8 ... (did you mean 'CPE'?)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from semisolid.errors import InputError, suggest

__all__ = [
    "ELEMENTS",
    "Circuit",
    "Element",
    "ElementType",
    "Parallel",
    "Series",
    "area_power_of_unit",
    "area_unit",
    "check_frequency",
    "register_element",
]


@dataclass(frozen=True)
class ElementType:
    """A kind of circuit element.

    Attributes
    ----------
    name : str
        Type symbol (``"R"``, ``"CPE"``); upper-case letters.
    parameters : tuple of str
        Parameter suffixes, in order.
    units : tuple of str
        Unit of each parameter.
    bounds : tuple of (float, float)
        Default bounds of each parameter.
    impedance : callable
        ``impedance(params_tuple, omega) -> complex ndarray``.
    description : str
    area_power : tuple of int
        How each parameter scales when the impedance is made area-specific (``Z A``):
        ``+1`` multiplied by the area (resistances, ``Z0``, inductance, Warburg sigma),
        ``-1`` divided by it (capacitance, CPE ``Q``), ``0`` unchanged (``alpha``, time
        constants). Empty: worked out from the units (see :func:`area_power_of_unit`).

    Examples
    --------
    >>> ELEMENTS["CPE"].parameters, ELEMENTS["CPE"].area_powers()
    (('Q', 'alpha'), (-1, 0))
    """

    name: str
    parameters: tuple[str, ...]
    units: tuple[str, ...]
    bounds: tuple[tuple[float, float], ...]
    impedance: Callable[..., np.ndarray]
    description: str = ""
    area_power: tuple[int, ...] = ()

    def area_powers(self) -> tuple[int | None, ...]:
        """Area scaling exponent of each parameter (None where it cannot be told)."""
        if self.area_power:
            return tuple(self.area_power)
        return tuple(area_power_of_unit(u) for u in self.units)


#: unit of an element parameter -> exponent of the area in its area-specific form
_AREA_POWER_BY_UNIT = {"Ohm": 1, "H": 1, "Ohm s^-0.5": 1, "F": -1, "S s^alpha": -1,
                       "S": -1, "1": 0, "s": 0, "": 0}


def area_power_of_unit(unit: str) -> int | None:
    """The area exponent of a parameter with this unit in ``Z A`` (None: unknown).

    Examples
    --------
    >>> area_power_of_unit("Ohm"), area_power_of_unit("F"), area_power_of_unit("s")
    (1, -1, 0)
    >>> area_power_of_unit("furlong") is None
    True
    """
    return _AREA_POWER_BY_UNIT.get(unit.strip())


def area_unit(unit: str, power: int) -> str:
    """The unit of a parameter in its area-specific (per cm2) form.

    Examples
    --------
    >>> area_unit("Ohm", 1), area_unit("F", -1), area_unit("S s^alpha", -1), area_unit("1", 0)
    ('Ohm cm2', 'F/cm2', 'S s^alpha/cm2', '1')
    >>> area_unit("Ohm s^-0.5", 1)
    'Ohm cm2 s^-0.5'
    """
    if power == 0:
        return unit
    if power < 0:
        return f"{unit}/cm2"
    head, _, tail = unit.partition(" ")
    return f"{head} cm2" + (f" {tail}" if tail else "")


ELEMENTS: dict[str, ElementType] = {}


def register_element(element: ElementType, replace: bool = False) -> ElementType:
    """Add an element type to the registry.

    Raises
    ------
    InputError
        The name is taken (unless ``replace``) or is not upper-case letters.

    Examples
    --------
    >>> register_element(ELEMENTS["R"])
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: element: 'R' is already registered; pass replace=True ...
    """
    if not re.fullmatch(r"[A-Z][A-Za-z]*", element.name) or element.name == "p":
        raise InputError(f"{element.name!r} must be letters starting upper-case", "element")
    if element.name in ELEMENTS and not replace:
        raise InputError(
            f"{element.name!r} is already registered; pass replace=True to overwrite it on "
            "purpose",
            "element",
        )
    if not (len(element.parameters) == len(element.units) == len(element.bounds) >= 1):
        raise InputError("parameters, units and bounds must have the same length >= 1",
                         "element")
    if element.area_power and len(element.area_power) != len(element.parameters):
        raise InputError("area_power needs one exponent per parameter", "element")
    ELEMENTS[element.name] = element
    return element


_INF = float("inf")
register_element(ElementType("R", ("R",), ("Ohm",), ((0.0, _INF),),
                             lambda p, w: np.full(w.shape, p[0], dtype=complex), "resistor"))
register_element(ElementType("C", ("C",), ("F",), ((0.0, _INF),),
                             lambda p, w: 1.0 / (1j * w * p[0]), "capacitor"))
register_element(ElementType("L", ("L",), ("H",), ((0.0, _INF),),
                             lambda p, w: 1j * w * p[0], "inductor"))
register_element(ElementType("CPE", ("Q", "alpha"), ("S s^alpha", "1"),
                             ((0.0, _INF), (0.0, 1.0)),
                             lambda p, w: 1.0 / (p[0] * (1j * w) ** p[1]),
                             "constant-phase element"))
register_element(ElementType("W", ("sigma",), ("Ohm s^-0.5",), ((0.0, _INF),),
                             lambda p, w: p[0] * (1.0 - 1j) / np.sqrt(w),
                             "semi-infinite Warburg"))


def _coth(x: np.ndarray) -> np.ndarray:
    """coth(x) for complex x with Re x >= 0, without overflow at large |x|."""
    e = np.exp(-2.0 * x)
    return (1.0 + e) / (1.0 - e)


def _tanh(x: np.ndarray) -> np.ndarray:
    """tanh(x) for complex x with Re x >= 0, without overflow at large |x|."""
    e = np.exp(-2.0 * x)
    return (1.0 - e) / (1.0 + e)


def _warburg_open(p: tuple[float, ...], w: np.ndarray) -> np.ndarray:
    s = np.sqrt(1j * w * p[1])
    return p[0] * _coth(s) / s


def _warburg_short(p: tuple[float, ...], w: np.ndarray) -> np.ndarray:
    s = np.sqrt(1j * w * p[1])
    return p[0] * _tanh(s) / s


register_element(ElementType("Wo", ("Z0", "tau"), ("Ohm", "s"), ((0.0, _INF), (0.0, _INF)),
                             _warburg_open,
                             "finite-length Warburg, open (reflective) end: "
                             "Z0 coth(sqrt(j omega tau)) / sqrt(j omega tau)"))
register_element(ElementType("Ws", ("Z0", "tau"), ("Ohm", "s"), ((0.0, _INF), (0.0, _INF)),
                             _warburg_short,
                             "finite-length Warburg, short (transmissive) end: "
                             "Z0 tanh(sqrt(j omega tau)) / sqrt(j omega tau)"))
register_element(ElementType("G", ("R", "tau"), ("Ohm", "s"), ((0.0, _INF), (0.0, _INF)),
                             lambda p, w: p[0] / np.sqrt(1.0 + 1j * w * p[1]),
                             "Gerischer: R / sqrt(1 + j omega tau)"))


def _transmission_line(p: tuple[float, ...], w: np.ndarray) -> np.ndarray:
    r_ion, r_ct, q, alpha = p
    z_int = r_ct / (1.0 + r_ct * q * (1j * w) ** alpha)
    k = np.sqrt(r_ion / z_int)
    return np.sqrt(r_ion * z_int) * _coth(k)


register_element(ElementType(
    "TLM", ("Rion", "Rct", "Q", "alpha"), ("Ohm", "Ohm", "S s^alpha", "1"),
    ((0.0, _INF), (0.0, _INF), (0.0, _INF), (0.0, 1.0)), _transmission_line,
    "transmission line of a porous electrode with a blocking back contact: ionic "
    "resistance Rion along the pore, interface Rct || CPE(Q, alpha); "
    "sqrt(Rion Zint) coth(sqrt(Rion / Zint))"))


@dataclass
class Element:
    """A leaf of a circuit tree: one element instance (``CPE1``).

    Examples
    --------
    >>> Element("R", "R0").parameter_names()
    ['R0']
    """

    type: str
    name: str

    def parameter_names(self) -> list[str]:
        """Full parameter names of this element."""
        et = ELEMENTS[self.type]
        if len(et.parameters) == 1:
            return [self.name]
        return [f"{self.name}_{p}" for p in et.parameters]

    def impedance(self, params: Mapping[str, float], omega: np.ndarray) -> np.ndarray:
        """Impedance [Ohm] at angular frequencies `omega`.

        Raises
        ------
        InputError
            A parameter value is missing or not a number (the message names it).
        """
        vals = tuple(_number(params, n) for n in self.parameter_names())
        return ELEMENTS[self.type].impedance(vals, omega)

    def elements(self) -> list[Element]:
        """This element, as a list."""
        return [self]

    def __str__(self) -> str:
        return self.name


@dataclass
class Series:
    """Elements or sub-circuits in series (impedances add).

    Examples
    --------
    >>> str(Series([Element("R", "R0"), Element("C", "C1")]))
    'R0-C1'
    """

    children: list = field(default_factory=list)

    def impedance(self, params: Mapping[str, float], omega: np.ndarray) -> np.ndarray:
        """Sum of the children's impedances."""
        z = np.zeros(omega.shape, dtype=complex)
        for c in self.children:
            z = z + c.impedance(params, omega)
        return z

    def elements(self) -> list[Element]:
        """All leaf elements, left to right."""
        return [e for c in self.children for e in c.elements()]

    def __str__(self) -> str:
        return "-".join(str(c) for c in self.children)


@dataclass
class Parallel:
    """Sub-circuits in parallel (admittances add).

    Examples
    --------
    >>> str(Parallel([Element("R", "R1"), Element("C", "C1")]))
    'p(R1,C1)'
    """

    children: list = field(default_factory=list)

    def impedance(self, params: Mapping[str, float], omega: np.ndarray) -> np.ndarray:
        """Inverse of the sum of the children's admittances.

        A branch of zero impedance (``R = 0``) shorts the whole parallel group (impedance
        0); a branch of infinite impedance (``C = 0``) is open and adds no admittance.
        """
        y = np.zeros(omega.shape, dtype=complex)
        short = np.zeros(omega.shape, dtype=bool)
        for c in self.children:
            zc = c.impedance(params, omega)
            zero = zc == 0
            with np.errstate(divide="ignore", invalid="ignore"):
                yc = 1.0 / np.where(zero, 1.0, zc)
            y = y + np.where(np.isinf(zc), 0.0, yc)
            short |= zero
        with np.errstate(divide="ignore", invalid="ignore"):
            z = 1.0 / y
        return np.where(short, 0.0 + 0.0j, z)

    def elements(self) -> list[Element]:
        """All leaf elements, left to right."""
        return [e for c in self.children for e in c.elements()]

    def __str__(self) -> str:
        return "p(" + ",".join(str(c) for c in self.children) + ")"


def _number(params: Mapping[str, float], name: str) -> float:
    """``params[name]`` as a float, or an InputError naming the parameter."""
    v = params[name]
    try:
        if isinstance(v, bool | str | bytes):
            raise TypeError
        return float(v)
    except (TypeError, ValueError):
        raise InputError(f"{name}: {v!r} is not a number", "parameters") from None


def check_frequency(frequency_Hz: Sequence[float] | np.ndarray | float,
                    name: str = "frequency_Hz") -> np.ndarray:
    """Validate frequencies [Hz]: numbers, finite and > 0 (errors name the point).

    Examples
    --------
    >>> check_frequency([10.0, 1.0]).tolist()
    [10.0, 1.0]
    >>> check_frequency([10.0, 0.0])
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: frequency_Hz: frequency must be > 0; point 1 has 0 Hz
    """
    try:
        f = np.asarray(frequency_Hz, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"expected numbers in Hz, got {frequency_Hz!r}", name) from None
    flat = f.ravel()
    bad = ~np.isfinite(flat)
    if bad.any():
        i = int(np.argmax(bad))
        raise InputError(f"frequency is NaN or infinite at point {i}", name)
    if (flat <= 0).any():
        i = int(np.argmax(flat <= 0))
        raise InputError(f"frequency must be > 0; point {i} has {flat[i]:g} Hz", name)
    return f


_TOKEN = re.compile(r"\s*(?:(?P<name>[A-Za-z][A-Za-z0-9_]*)|(?P<sym>[-(),]))")


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens: list[tuple[str, str, int]] = []
        pos = 0
        while pos < len(text):
            if text[pos:].strip() == "":
                break
            m = _TOKEN.match(text, pos)
            if not m:
                raise InputError(
                    f"unexpected character {text[pos:].lstrip()[0]!r} at position "
                    f"{len(text) - len(text[pos:].lstrip())} in {text!r}", "circuit")
            kind = "name" if m.group("name") else "sym"
            self.tokens.append((kind, m.group(kind), m.start(kind)))
            pos = m.end()
        self.i = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def expect(self, sym: str) -> None:
        tok = self.peek()
        if tok is None or tok[1] != sym:
            where = f"position {tok[2]}" if tok else "the end"
            got = repr(tok[1]) if tok else "nothing"
            raise InputError(f"expected {sym!r} at {where} of {self.text!r}, got {got}",
                             "circuit")
        self.i += 1

    def series(self):
        items = [self.term()]
        while (tok := self.peek()) is not None and tok[1] == "-":
            self.i += 1
            items.append(self.term())
        return items[0] if len(items) == 1 else Series(items)

    def term(self):
        tok = self.peek()
        if tok is None:
            raise InputError(f"{self.text!r} ends where an element was expected", "circuit")
        kind, val, pos = tok
        if kind != "name":
            raise InputError(f"expected an element or p(...) at position {pos} of "
                             f"{self.text!r}, got {val!r}", "circuit")
        self.i += 1
        nxt = self.peek()
        if val == "p" and nxt is not None and nxt[1] == "(":
            self.i += 1
            kids = [self.series()]
            while (t := self.peek()) is not None and t[1] == ",":
                self.i += 1
                kids.append(self.series())
            self.expect(")")
            if len(kids) < 2:
                raise InputError(f"p(...) at position {pos} needs at least two branches",
                                 "circuit")
            return Parallel(kids)
        return _element(val, pos, self.text)


def _element(label: str, pos: int, text: str) -> Element:
    for tname in sorted(ELEMENTS, key=len, reverse=True):
        if label.startswith(tname) and re.fullmatch(r"(\d+|_[A-Za-z0-9_]+)", label[len(tname):]):
            return Element(tname, label)
    letters = re.match(r"[A-Za-z]+", label).group(0)  # type: ignore[union-attr]
    raise InputError(
        f"unknown element {label!r} at position {pos} of {text!r}; elements are a type "
        f"({', '.join(sorted(ELEMENTS))}) followed by a number or _name"
        + suggest(letters, ELEMENTS),
        "circuit",
    )


@dataclass
class Circuit:
    """A parsed equivalent circuit.

    Examples
    --------
    >>> c = Circuit.parse("R0-p(R1,CPE1)-CPE2")
    >>> str(c), c.parameter_names[:4]
    ('R0-p(R1,CPE1)-CPE2', ['R0', 'R1', 'CPE1_Q', 'CPE1_alpha'])
    """

    text: str
    root: object

    @classmethod
    def parse(cls, text: str) -> Circuit:
        """Parse a circuit string (see the module docstring for the grammar).

        Raises
        ------
        InputError
            Syntax errors (with the position), unknown elements (with a suggestion),
            duplicated element names.
        """
        if not isinstance(text, str) or not text.strip():
            raise InputError("empty circuit; expected e.g. 'R0-p(R1,CPE1)'", "circuit")
        p = _Parser(text)
        root = p.series()
        if p.peek() is not None:
            _, val, pos = p.peek()  # type: ignore[misc]
            raise InputError(f"unexpected {val!r} at position {pos} of {text!r}", "circuit")
        seen: set[str] = set()
        for e in root.elements():  # type: ignore[attr-defined]
            if e.name in seen:
                raise InputError(f"element {e.name!r} appears twice in {text!r}", "circuit")
            seen.add(e.name)
        return cls(str(root), root)

    def __str__(self) -> str:
        return self.text

    @property
    def elements(self) -> list[Element]:
        """Leaf elements, left to right."""
        return self.root.elements()  # type: ignore[attr-defined]

    @property
    def parameter_names(self) -> list[str]:
        """All parameter names, in order."""
        return [n for e in self.elements for n in e.parameter_names()]

    @property
    def parameter_units(self) -> dict[str, str]:
        """Unit of each parameter."""
        out = {}
        for e in self.elements:
            for n, u in zip(e.parameter_names(), ELEMENTS[e.type].units, strict=True):
                out[n] = u
        return out

    @property
    def area_powers(self) -> dict[str, int | None]:
        """Area exponent of each parameter in the area-specific impedance ``Z A``.

        Examples
        --------
        >>> Circuit.parse("R0-p(R1,CPE1)-Wo1").area_powers
        {'R0': 1, 'R1': 1, 'CPE1_Q': -1, 'CPE1_alpha': 0, 'Wo1_Z0': 1, 'Wo1_tau': 0}
        """
        out = {}
        for e in self.elements:
            for n, k in zip(e.parameter_names(), ELEMENTS[e.type].area_powers(), strict=True):
                out[n] = k
        return out

    @property
    def default_bounds(self) -> dict[str, tuple[float, float]]:
        """Default (lower, upper) bounds of each parameter."""
        out = {}
        for e in self.elements:
            for n, b in zip(e.parameter_names(), ELEMENTS[e.type].bounds, strict=True):
                out[n] = b
        return out

    def impedance(self, frequency_Hz: Sequence[float] | np.ndarray,
                  params: Mapping[str, float]) -> np.ndarray:
        """Impedance [Ohm] at the given frequencies.

        A zero-impedance branch of a ``p(...)`` shorts it (exactly 0); an open circuit in
        series (``C = 0`` or ``Q = 0``) has no finite impedance and is refused.

        Raises
        ------
        InputError
            A parameter is missing (with a suggestion), unknown, not a number or not finite;
            a frequency is not finite or not > 0; the impedance is not finite (an open
            circuit; the message names the parameters that are 0).

        Examples
        --------
        >>> c = Circuit.parse("R0-p(R1,C1)")
        >>> c.impedance([1.0], {"R0": 5.0, "R1": 0.0, "C1": 1e-3}).tolist()   # R1 shorts C1
        [(5+0j)]
        >>> c.impedance([1.0], {"R0": 5.0, "R1": "ten", "C1": 1e-3})
        Traceback (most recent call last):
        ...
        semisolid.errors.InputError: parameters: R1: 'ten' is not a number
        >>> Circuit.parse("R0-C1").impedance([1.0], {"R0": 5.0, "C1": 0.0})
        Traceback (most recent call last):
        ...
        semisolid.errors.InputError: parameters: the impedance of R0-C1 is not finite ... an
        open circuit; parameters equal to 0: C1
        """
        names = self.parameter_names
        for k in params:
            if k not in names:
                raise InputError(f"{k!r} is not a parameter of {self.text}; parameters: "
                                 f"{', '.join(names)}" + suggest(k, names), "parameters")
        missing = [n for n in names if n not in params]
        if missing:
            raise InputError(f"missing value for {', '.join(missing)}", "parameters")
        vals = {n: _number(params, n) for n in names}
        for n, v in vals.items():
            if not np.isfinite(v):
                raise InputError(f"{n}: {params[n]!r} is not finite", "parameters")
        f = check_frequency(frequency_Hz)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            z = self.root.impedance(vals, 2.0 * np.pi * f)  # type: ignore[attr-defined]
        bad = ~np.isfinite(z)
        if bad.any():
            zero = [n for n, v in vals.items() if v == 0.0]
            raise InputError(
                f"the impedance of {self.text} is not finite at {int(bad.sum())} of {bad.size} "
                f"frequencies (first {float(f.ravel()[np.argmax(bad.ravel())]):g} Hz): "
                + ("an open circuit; parameters equal to 0: " + ", ".join(zero) if zero
                   else "overflow; check the parameter values"),
                "parameters",
            )
        return z
