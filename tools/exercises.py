"""Course exercises whose solutions stay folded until a student opens them: in JupyterLab and on the docs site.

An exercise in a course notebook (nbs/course/) is three cells:

1. markdown: the task, then a hint folded in `<details><summary>Hint</summary> ... </details>`;
2. an empty code cell, where the student works;
3. the solution: a code cell whose first line is the directive `#| solution`. The tests run it like any other cell.

In Jupyter the solution cell is collapsed by its metadata (`jupyter.source_hidden` and `jupyter.outputs_hidden`);
`python tools/exercises.py` sets that on every `#| solution` cell of the course (run it after editing a notebook with
jupytext, which drops metadata of new cells), `--check` only reports, and settings.ini's `allowed_cell_metadata_keys`
keeps the metadata through nbdev_clean. On the docs site `solution_`, one of the processors in tools/nbdocs.py, turns
the cell into one folded block: its code and its saved outputs inside `<details><summary>Solution</summary>`.
"""
import html
import re
import sys
from pathlib import Path

from execnb.nbio import read_nb, write_nb

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "nbs" / "course"
HIDDEN = {"source_hidden": True, "outputs_hidden": True}
_DIRECTIVE = re.compile(r"^#\|\s*solution\s*$")
_HINT = "<summary>Hint</summary>"


def is_solution(cell) -> bool:
    "Is `cell` a code cell whose leading `#|` directives include `solution`?"
    if cell.get("cell_type") != "code": return False
    lines = [ln.strip() for ln in "".join(cell.get("source", "")).splitlines()]
    return any(_DIRECTIVE.match(ln) for ln in lines[:next((i for i, ln in enumerate(lines) if not ln.startswith("#|")), len(lines))])


def _lines(text) -> str: return "".join(text) if isinstance(text, list) else (text or "")


def _output_html(o) -> str:
    "One saved output as one line of HTML (a line, so that a blank line in it cannot end the markdown's HTML block)."
    if o.get("output_type") == "stream":
        if o.get("name") == "stderr": return ""
        return f'<div class="balsel-output"><pre>{html.escape(_lines(o.get("text"))).rstrip().replace(chr(10), "&#10;")}</pre></div>'
    data = o.get("data", {})
    if "text/html" in data: return " ".join(_lines(data["text/html"]).split("\n"))   # tools/nbdocs.py puts plots here, with alt text
    if "image/png" in data: return f'<img src="data:image/png;base64,{_lines(data["image/png"]).strip()}" alt="Plot drawn by the solution">'
    if "image/svg+xml" in data: return " ".join(_lines(data["image/svg+xml"]).split("\n"))
    text = _lines(data.get("text/plain"))
    if not text or re.fullmatch(r"<(Figure|matplotlib\.[\w.]+)[^>]*>", text.strip()): return ""   # the repr of a plot or an artist
    return f'<div class="balsel-output"><pre>{html.escape(text).rstrip().replace(chr(10), "&#10;")}</pre></div>'


def solution_(cell):
    "nbdev processor for the docs: the `#| solution` cell becomes a markdown cell folding its code and outputs."
    src = cell.source.strip()
    outs = [h for h in map(_output_html, cell.get("outputs", [])) if h]
    body = (f"```python\n{src}\n```\n\n" if src else "") + ("\n".join(outs) + "\n\n" if outs else "")
    cell.cell_type, cell.source, cell.metadata = "markdown", (
        f'<details class="balsel-solution"><summary>Solution</summary>\n\n{body}</details>'), {}
    for k in ("outputs", "execution_count"): cell.pop(k, None)


def problems(nb) -> list:
    "What keeps `nb`'s exercises from working as exercises (an empty list when nothing does)."
    out, cells = [], nb.cells
    for i, c in enumerate(cells):
        if not is_solution(c): continue
        where = f"cell {i} ({_lines(c.source).splitlines()[1][:40] if len(_lines(c.source).splitlines()) > 1 else ''!r})"
        meta = c.get("metadata", {}).get("jupyter", {})
        if not all(meta.get(k) for k in HIDDEN): out.append(f"{where}: not collapsed in Jupyter (run tools/exercises.py)")
        work = cells[i - 1] if i else None
        if not (work and work.cell_type == "code" and not _lines(work.source).strip()):
            out.append(f"{where}: no empty code cell to work in just above the solution")
        task = cells[i - 2] if i > 1 else None
        if not (task and task.cell_type == "markdown" and _HINT in _lines(task.source)):
            out.append(f"{where}: no hint ({_HINT} in a <details> block) in the markdown cell above the working cell")
    return out


def fold(nb) -> int:
    "Collapse every `#| solution` cell of `nb` in Jupyter; the number of cells changed."
    n = 0
    for c in nb.cells:
        if is_solution(c) and not all(c.metadata.get("jupyter", {}).get(k) for k in HIDDEN):
            c.metadata["jupyter"] = {**c.metadata.get("jupyter", {}), **HIDDEN}; n += 1
    return n


def main(argv):
    "`exercises.py [--check] [NOTEBOOK ...]` (default: the course notebooks): fold the solutions, or check them."
    check = "--check" in argv
    paths = [Path(a) for a in argv if a != "--check"] or sorted(COURSE.glob("*.ipynb"))
    bad = 0
    for p in paths:
        nb = read_nb(p)
        if check:
            for msg in problems(nb): print(f"{p}: {msg}", file=sys.stderr); bad += 1
        elif n := fold(nb):
            write_nb(nb, p); print(f"{p}: {n} solution cell(s) collapsed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
