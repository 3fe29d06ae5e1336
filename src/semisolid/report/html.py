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

from semisolid.report.model import Comparison, Section, Table, count_status

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
"""


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
        cells = [r.item, r.quantity, r.unit, r.paper, r.computed, tol, r.kind, r.status, r.note]
        cls = r.status.replace(" ", "")
        out.append(
            f'<tr class="{cls}">'
            + "".join(
                f'<td class="{c}">{_fmt(v)}</td>' for c, v in zip(cols, cells, strict=True)
            )
            + "</tr>"
        )
    return (
        f'<table id="comparison"><thead><tr>{head}</tr></thead><tbody>{"".join(out)}'
        "</tbody></table>"
    )


def render_html(
    sections: Sequence[Section], comparisons: Sequence[Comparison], title: str,
    preface: str = "",
) -> str:
    """Render the whole report as one HTML string (no external resources).

    Examples
    --------
    >>> from semisolid.report.model import Comparison, Section
    >>> page = render_html([Section("s", "S")], [Comparison("1", "q", "", 1.0, 1.0, 0.1)], "T")
    >>> page.startswith("<!DOCTYPE html>"), "1 pass, 0 fail" in page
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
            parts.append(
                f'<figure><img alt="{html.escape(f.caption)}" data-name="{html.escape(f.name)}" '
                f'src="data:image/png;base64,{b64}"><figcaption>{html.escape(f.caption)}'
                "</figcaption></figure>"
            )
        for t in s.tables:
            parts.append(_table(t))
    n = count_status(list(comparisons))
    ind = count_status(list(comparisons), kind="computed")
    parts.append('<h2 id="paper-vs-computed">Paper vs computed</h2>')
    parts.append(
        f"<p><b>Independent predictions</b> (kind <i>computed</i>): {ind['pass']} pass, "
        f"{ind['fail']} fail. All rows: {n['pass']} pass, {n['fail']} fail, {n['info']} for "
        f"information, {n['not computed']} not computed. <i>fitted</i> rows are data the "
        "shipped database was assessed against (agreement shows the fit); <i>calibrated</i> "
        "rows agree by construction (a model constant was fitted to them); <i>consistency</i> "
        "rows are arithmetic or solver self-checks; <i>input</i> rows are values we take from "
        "the paper; <i>record</i> rows cannot be computed.</p>"
    )
    parts.append(_comparison_table(comparisons))
    parts.append("</body></html>")
    return "\n".join(parts)
