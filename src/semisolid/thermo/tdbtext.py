r"""Reading TDB text: command splitting, the line of a command pycalphad cannot read, and
the database's temperature range.

Examples
--------
>>> text = " FUNCTION GHSERK 200.00 +1; 6000.00 N !\n PARAMETER G(LIQUID,K;0) 200 +GHSERK; 2200 N !"
>>> temperature_range(text)
(200.0, 2200.0)
"""

from __future__ import annotations

import re

__all__ = ["locate_tdb_error", "split_commands", "temperature_range"]


def split_commands(text: str) -> list[tuple[int, str]]:
    """Split TDB text into ``(first line number, command)`` as pycalphad does."""
    out: list[tuple[int, str]] = []
    buf: list[str] = []
    start = None
    for lineno, raw in enumerate(text.replace("\t", " ").split("\n"), start=1):
        line = raw.split("$", 1)[0]
        parts = line.split("!")
        for k, part in enumerate(parts):
            if part.strip() and start is None:
                start = lineno
            buf.append(part)
            if k < len(parts) - 1:  # a '!' ends the command
                cmd = " ".join(buf).strip()
                if cmd:
                    out.append((start or lineno, cmd))
                buf, start = [], None
    cmd = " ".join(buf).strip()
    if cmd:
        out.append((start or 0, cmd))
    return out


def locate_tdb_error(text: str) -> int | None:
    """Line number of the first TDB command that pycalphad cannot process, if found."""
    try:
        from pycalphad import Database
        from pycalphad.io import tdb as _tdb

        grammar = _tdb._tdb_grammar()
        scratch = Database()
        scratch._typechar_map = {}
        scratch._typedefs_queue = []
        from collections import defaultdict

        scratch._typechar_map = defaultdict(list)
    except Exception:  # pragma: no cover - pycalphad internals changed
        return None
    for lineno, cmd in split_commands(text.upper()):
        try:
            tokens = grammar.parse_string(cmd)
            _tdb._TDB_PROCESSOR[tokens[0]](scratch, *tokens[1:])
        except Exception:
            return lineno
    return None


_NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"


def parameter_ranges(text: str) -> list[tuple[float, float, frozenset]]:
    r"""Validity range of every PARAMETER of a TDB text, narrowed by the FUNCTIONs it uses
    (directly or through other functions), with the species it names.

    Examples
    --------
    >>> text = (" FUNCTION GHSERK 200.00 +1; 6000.00 N !\n"
    ...         " PARAMETER G(LIQUID,K;0) 250 +GHSERK; 2200 N !")
    >>> parameter_ranges(text)
    [(250.0, 2200.0, frozenset({'K'}))]
    """
    funcs: dict[str, tuple[float, float, str]] = {}
    params: list[tuple[float, float, str, frozenset]] = []
    for _, cmd in split_commands(text):
        head = cmd.split(None, 1)
        if len(head) < 2:
            continue
        key = head[0].upper()
        if not (key.startswith("FUNC") or key.startswith("PARA")):
            continue
        body = head[1]
        species: frozenset = frozenset()
        if key.startswith("PARA"):
            name = ""
            m = re.match(r"\s*\w+\(([^;)]*)", body)
            if m:
                parts = m.group(1).split(",", 1)
                if len(parts) == 2:
                    species = frozenset(p.strip().upper() for p in re.split(r"[,:]", parts[1])
                                        if p.strip())
            body = re.sub(r"^\s*\S*?\(.*?\)", "", body, count=1)
        else:
            parts = body.split(None, 1)
            name = parts[0].upper()
            body = parts[1] if len(parts) > 1 else ""
        m = re.match(rf"\s*({_NUM})", body)
        ends = re.findall(rf";\s*({_NUM})\s*[YyNn]\b", body)
        if not (m and ends):
            continue
        entry = (float(m.group(1)), float(ends[-1]), body.upper())
        if name:
            funcs[name] = entry
        else:
            params.append((*entry, species))
    out = []
    for lo, hi, body, species in params:
        seen: set[str] = set()
        todo = [body]
        while todo:
            for tok in re.findall(r"[A-Z_][A-Z0-9_]*", todo.pop()):
                if tok in funcs and tok not in seen:
                    seen.add(tok)
                    flo, fhi, fbody = funcs[tok]
                    lo, hi = max(lo, flo), min(hi, fhi)
                    todo.append(fbody)
        out.append((lo, hi, species))
    return out


def temperature_range(text_or_ranges, species=None) -> tuple[float, float]:
    r"""Common validity range of the PARAMETERs of a TDB text (or of the output of
    :func:`parameter_ranges`) and of the FUNCTIONs they use; unused functions do not count.
    With `species`, only the parameters whose constituents are all among them count (the
    range of one system of a multi-component database).

    Examples
    --------
    >>> text = (" FUNCTION GHSERK 200.00 +1; 6000.00 N !\n"
    ...         " PARAMETER G(LIQUID,K;0) 250 +GHSERK; 2200 N !\n"
    ...         " PARAMETER G(LIQUID,NA;0) 250 +1; 1000 N !")
    >>> temperature_range(text), temperature_range(text, {"K", "VA"})
    ((250.0, 1000.0), (250.0, 2200.0))
    """
    ranges = (parameter_ranges(text_or_ranges) if isinstance(text_or_ranges, str)
              else text_or_ranges)
    if species is not None:
        allowed = set(species) | {"*", "VA"}
        ranges = [r for r in ranges if r[2] <= allowed]
    if not ranges:
        return (0.0, float("inf"))
    return (max(r[0] for r in ranges), min(r[1] for r in ranges))
