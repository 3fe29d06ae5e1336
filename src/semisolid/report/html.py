"""Render report sections into one self-contained HTML page (figures as data URIs).

Examples
--------
>>> from semisolid.report.model import Section, Comparison
>>> page = render_html([Section("x", "Demo", text="Hello.")], [], title="t")
>>> "<h2 id=\\"x\\">Demo</h2>" in page
True
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from typing import Any

from semisolid.report.model import KIND_LABELS, Comparison, Section, Table, count_kinds

__all__ = ["render_html"]

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;
margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.7em;margin-bottom:.2em}
h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
figure{margin:1.2em 0;text-align:center}figure img{max-width:100%;border:1px solid #eee}
figcaption{font-size:.9em;color:#555;margin-top:.3em}
table{border-collapse:collapse;margin:1em 0;font-size:.88em;width:100%}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}tr.pass td.status{color:#176b1f;font-weight:600}
tr.fail td.status{color:#b00020;font-weight:600}tr.notcomputed td.status{color:#777}
.err{color:#b00020;background:#fff0f0;padding:.5em;border:1px solid #f3c0c0}
.toc a{margin-right:1em}.small{font-size:.85em;color:#555}
.headline{background:#f4f8fb;border:1px solid #c9dbe8;padding:.6em 1em;margin:1em 0}
.headline b.big{font-size:1.25em}table.kinds{width:auto}
"""

KIND_TEXT = {
    "prediction": "a number not used in any fit or calibration, computed from independent "
                  "inputs",
    "arithmetic": "Faraday's law or geometry on the paper's own inputs",
    "consistency": "a check of the code against itself or a definition",
    "input": "a value taken from the paper",
    "fitted": "a number the shipped database was fitted to: agreement shows the fit",
    "calibrated": "a number a model constant was tuned on, or from virtual cells built with "
                  "that model: agreement is partly by construction",
}
"""What each kind of row means, as the page explains it."""


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.4g}"
    return html.escape(str(v))


def _table(t: Table) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in t.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_fmt(v)}</td>" for v in row) + "</tr>" for row in t.rows
    )
    note = f'<p class="small">{html.escape(t.note)}</p>' if t.note else ""
    return (
        f'<h3>{html.escape(t.title)}</h3><table data-table="{html.escape(t.name)}">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}"
    )


def _comparison_table(rows: Sequence[Comparison]) -> str:
    cols = ["item", "quantity", "unit", "paper", "computed", "tolerance", "kind", "status", "note"]
    head = "".join(f"<th>{c}</th>" for c in cols)
    out = []
    for r in rows:
        tol = r.check if r.check else (
            None if r.tolerance is None else
            (f"±{100 * r.tolerance:.3g}%" if r.relative else f"±{r.tolerance:.3g}")
        )
        cells = [r.item, r.quantity, r.unit, r.paper, r.computed, tol, KIND_LABELS[r.kind],
                 r.status, r.note]
        cls = r.status.replace(" ", "")
        out.append(
            f'<tr class="{cls} {r.kind}">'
            + "".join(
                f'<td class="{c}">{_fmt(v)}</td>' for c, v in zip(cols, cells, strict=True)
            )
            + "</tr>"
        )
    return (
        f'<table id="comparison"><thead><tr>{head}</tr></thead><tbody>{"".join(out)}'
        "</tbody></table>"
    )


def _img_width_px(png: bytes, dpi: float) -> int | None:
    """CSS width of a PNG shown at 1.25 x its physical size (96 CSS px per inch)."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    width = int.from_bytes(png[16:20], "big")
    return round(width / dpi * 96 * 1.25)


def _headline(comparisons: Sequence[Comparison]) -> str:
    kinds = count_kinds(list(comparisons))
    ind = kinds["prediction"]
    fails = [r for r in comparisons if r.kind == "prediction" and r.status == "fail"]
    why = "".join(
        f"<li>{html.escape(r.quantity)}: paper {_fmt(r.paper)}, computed {_fmt(r.computed)}"
        f" ({html.escape(r.note)})</li>" for r in fails)
    rows = "".join(
        f"<tr><td>{html.escape(KIND_LABELS[k])}</td><td>{sum(c.values())}</td>"
        f"<td>{c['pass']}</td><td>{c['fail']}</td><td>{c['info'] + c['not computed']}</td>"
        f"<td>{html.escape(KIND_TEXT[k])}</td></tr>" for k, c in kinds.items())
    return (
        f'<div class="headline" id="headline"><b class="big">Independent predictions: '
        f"{ind['pass']} pass, {ind['fail']} fail</b>"
        + (f"<ul>{why}</ul>" if why else "")
        + "<p>Only rows of kind <i>independent prediction</i> are counted here; every other row "
        "of the <a href=\"#paper-vs-computed\">comparison table</a> is shown beside them:</p>"
        '<table class="kinds"><thead><tr><th>kind</th><th>rows</th><th>pass</th><th>fail</th>'
        f"<th>not compared</th><th>what it means</th></tr></thead><tbody>{rows}</tbody></table>"
        "</div>"
    )


def _provenance(prov: dict[str, Any]) -> str:
    if not prov:
        return ""
    items = "; ".join(f"{html.escape(str(k))} <code>{html.escape(str(v))}</code>"
                      for k, v in prov.items())
    return f'<p class="small" id="provenance">Made with {items}.</p>'


def render_html(
    sections: Sequence[Section], comparisons: Sequence[Comparison], title: str,
    preface: str = "", provenance: dict[str, Any] | None = None, dpi: float = 300,
) -> str:
    """Render the whole report as one HTML string (no external resources).

    Examples
    --------
    >>> from semisolid.report.model import Comparison, Section
    >>> rows = [Comparison("1", "q", "", 1.0, 1.0, 0.1, kind="prediction")]
    >>> page = render_html([Section("s", "S")], rows, "T")
    >>> page.startswith("<!DOCTYPE html>"), "Independent predictions: 1 pass, 0 fail" in page
    (True, True)
    """
    toc = " ".join(
        f'<a href="#{html.escape(s.key)}">{html.escape(s.title)}</a>' for s in sections
    )
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        preface,
        _headline(comparisons),
        _provenance(provenance or {}),
        f'<p class="toc">{toc} <a href="#paper-vs-computed">Paper vs computed</a></p>',
    ]
    for s in sections:
        parts.append(f'<h2 id="{html.escape(s.key)}">{html.escape(s.title)}</h2>')
        if s.text:
            parts.append(f"<p>{s.text}</p>")
        for e in s.errors:
            parts.append(f'<p class="err">Error while computing this section: {html.escape(e)}</p>')
        for f in s.figures:
            b64 = base64.b64encode(f.png).decode("ascii")
            w = _img_width_px(f.png, dpi)
            style = f' style="width:{w}px"' if w else ""
            parts.append(
                f'<figure id="fig-{html.escape(f.name)}"><img alt="{html.escape(f.caption)}" '
                f'data-name="{html.escape(f.name)}"{style} src="data:image/png;base64,{b64}">'
                f"<figcaption>{html.escape(f.caption)}</figcaption></figure>"
            )
        for t in s.tables:
            parts.append(_table(t))
    parts.append('<h2 id="paper-vs-computed">Paper vs computed</h2>')
    parts.append(
        "<p>Every number of the paper semisolid compares with, with the kind of the comparison "
        "(see the <a href=\"#headline\">headline</a> for what each kind means). Known "
        "disagreements are kept as failures rather than hidden.</p>"
    )
    parts.append(_comparison_table(comparisons))
    parts.append("</body></html>")
    return "\n".join(parts)
