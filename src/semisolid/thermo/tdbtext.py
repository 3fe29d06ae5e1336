"""Reading TDB text: command splitting, the line of a command pycalphad cannot read, and
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


def temperature_range(text: str) -> tuple[float, float]:
    """Common validity range of every PARAMETER of a TDB text and of the FUNCTIONs they use
    (directly or through other functions); unused functions do not count."""
    funcs: dict[str, tuple[float, float, str]] = {}
    params: list[tuple[float, float, str]] = []
    for _, cmd in split_commands(text):
        head = cmd.split(None, 1)
        if len(head) < 2:
            continue
        key = head[0].upper()
        if not (key.startswith("FUNC") or key.startswith("PARA")):
            continue
        body = head[1]
        if key.startswith("PARA"):
            name = ""
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
            params.append(entry)
    used: set[str] = set()
    todo = [e[2] for e in params]
    while todo:
        for tok in re.findall(r"[A-Z_][A-Z0-9_]*", todo.pop()):
            if tok in funcs and tok not in used:
                used.add(tok)
                todo.append(funcs[tok][2])
    entries = params + [funcs[f] for f in used]
    if not entries:
        return (0.0, float("inf"))
    return (max(e[0] for e in entries), min(e[1] for e in entries))
