"""Numbers in a lesson's prose, filled from the run the page shows.

A lesson's markdown quotes a measured number as a span that names the expression it comes
from, with the value a full run prints typed inside::

    an epoch here is <span data-expr="steps_per_epoch" data-format=",">1,688</span> steps

Jupyter shows the typed value (a learner running the notebook reads it beside the output
it describes). The site build evaluates each expression in the lesson's kernel after its
last cell and writes the value into the span, so the page's prose and the page's outputs
come from the same run, full or quick. In a full build a typed value that differs from
the run is reported: the source's text went stale.
"""

from __future__ import annotations

import ast
import dataclasses
import html
import json
import re

import nbformat

SPAN = re.compile(
    r'<span\s+data-expr="(?P<expr>[^"]+)"(?:\s+data-format="(?P<format>[^"]*)")?\s*>'
    r"(?P<typed>[^<]*)</span>"
)
_OUTPUT_MARK = "mnist-course prose values: "


@dataclasses.dataclass(frozen=True)
class Filled:
    """One number of the prose: where it is, what the source types, what the run gave."""

    cell: int
    expr: str
    typed: str
    value: str

    @property
    def stale(self) -> bool:
        return self.typed.strip() != self.value


def spans(notebook: nbformat.NotebookNode) -> list[tuple[int, str, str, str]]:
    """Every quoted number: (markdown cell index, expression, format, typed text)."""
    found = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "markdown":
            continue
        if cell.source.count("data-expr=") != len(SPAN.findall(cell.source)):
            raise ValueError(
                f"markdown cell {index}: a data-expr span is not written "
                '<span data-expr="..." data-format="...">typed value</span>'
            )
        for match in SPAN.finditer(cell.source):
            expr = html.unescape(match["expr"])
            try:
                ast.parse(expr, mode="eval")
            except SyntaxError as error:
                raise ValueError(
                    f"markdown cell {index}: data-expr {expr!r} is not a Python expression "
                    f"({error.msg})"
                ) from None
            found.append((index, expr, html.unescape(match["format"] or ""), match["typed"]))
    return found


def evaluation_cell(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode | None:
    """A code cell that prints every quoted expression's formatted value, as JSON; run it
    after the lesson's last cell. ``None`` when the prose quotes nothing."""
    wanted = sorted({(expr, spec) for _, expr, spec, _ in spans(notebook)})
    if not wanted:
        return None
    code = (
        "import json as _prose_json\n"
        "def _prose_value(_expr, _spec):\n"
        "    try:\n"
        "        return format(eval(_expr), _spec)\n"
        "    except Exception as _error:\n"
        "        return {'error': f'{type(_error).__name__}: {_error}'}\n"
        f"print({_OUTPUT_MARK!r} + _prose_json.dumps(\n"
        f"    [[e, s, _prose_value(e, s)] for e, s in {wanted!r}]))\n"
    )
    return nbformat.v4.new_code_cell(code)


def fill(notebook: nbformat.NotebookNode, evaluated: nbformat.NotebookNode) -> list[Filled]:
    """Write the values printed by ``evaluated`` (the executed ``evaluation_cell``) into the
    prose's spans; the numbers filled. Raises ``ValueError`` naming an expression that
    failed, so a renamed variable never leaves a stale number on the page."""
    values = _printed_values(evaluated)
    failed = [
        f"{expr!r}: {value['error']}"
        for (expr, _), value in values.items()
        if isinstance(value, dict)
    ]
    if failed:
        raise ValueError("a number in the prose could not be computed: " + "; ".join(failed))
    filled = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "markdown":
            continue

        def replace(match: re.Match, index: int = index) -> str:
            expr, spec = html.unescape(match["expr"]), html.unescape(match["format"] or "")
            value = values[(expr, spec)]
            filled.append(Filled(index, expr, match["typed"], value))
            return match[0].replace(f">{match['typed']}</span>", f">{html.escape(value)}</span>")

        cell.source = SPAN.sub(replace, cell.source)
    return filled


def _printed_values(evaluated: nbformat.NotebookNode) -> dict[tuple[str, str], object]:
    for output in evaluated.get("outputs", []):
        if output.get("output_type") == "error":
            raise ValueError(
                f"the prose values could not be computed: {output['ename']}: {output['evalue']}"
            )
        for line in output.get("text", "").splitlines():
            if line.startswith(_OUTPUT_MARK):
                return {
                    (expr, spec): value
                    for expr, spec, value in json.loads(line[len(_OUTPUT_MARK) :])
                }
    raise ValueError("the prose values cell printed nothing")
