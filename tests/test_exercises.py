"The course's exercises work as exercises (tools/exercises.py): hint, empty cell, folded solution, in Jupyter and on the site."
import re
import sys
from pathlib import Path

import pytest
from execnb.nbio import mk_cell, read_nb

TOOLS = Path(__file__).resolve().parents[1] / "tools"
sys.path.insert(0, str(TOOLS))
from exercises import COURSE, is_solution, problems, solution_  # noqa: E402

COURSE_NBS = sorted(COURSE.glob("*.ipynb"))
_DEV_ONLY = re.compile(r"^\s*(from|import)\s+(fastcore|nbdev|execnb|pytest)\b", re.M)


@pytest.mark.parametrize("nb", COURSE_NBS, ids=lambda p: p.name)
def test_exercises(nb):
    book = read_nb(nb)
    assert any(map(is_solution, book.cells)), f"{nb.name} has no exercise with a `#| solution` cell"
    assert not problems(book), "\n".join(problems(book))
    # a student's environment has the library's runtime requirements and JupyterLab, not the development tools
    dev = [c.source for c in book.cells if c.cell_type == "code" and _DEV_ONLY.search(c.source)]
    assert not dev, f"{nb.name} imports a development tool: {dev}"


@pytest.mark.parametrize("nb", COURSE_NBS, ids=lambda p: p.name)
def test_site_folds_solutions(nb):
    from nbdocs import process
    page = process(nb)
    n = sum(map(is_solution, read_nb(nb).cells))
    folded = [c for c in page.cells if c.cell_type == "markdown" and '<details class="balsel-solution">' in c.source]
    assert len(folded) == n, f"{n} solutions, {len(folded)} folded on the page"
    assert not any("#| solution" in c.source for c in page.cells)


def test_solution_block():
    cell = mk_cell("#| solution\nprint('a\\n\\nb < c')\nplt.plot([1]);", "code")
    cell.outputs = [{"output_type": "stream", "name": "stdout", "text": ["a\n", "\n", "b < c\n"]},
                    {"output_type": "display_data", "data": {"image/png": "iVBORw0", "text/plain": ["<Figure size 1x1>"]}},
                    {"output_type": "execute_result", "data": {"text/plain": ["<matplotlib.legend.Legend at 0x1>"]}}]
    cell.source = cell.source.split("\n", 1)[1]       # nbdev removes the directive line before the processors run
    solution_(cell)
    md = cell.source
    assert cell.cell_type == "markdown" and "outputs" not in cell
    assert md.startswith('<details class="balsel-solution"><summary>Solution</summary>') and md.endswith("</details>")
    assert "```python\nprint('a\\n\\nb < c')\nplt.plot([1]);\n```" in md
    assert "<pre>a&#10;&#10;b &lt; c</pre>" in md          # one line: a blank line would end the HTML block
    assert '<img src="data:image/png;base64,iVBORw0"' in md and "Legend" not in md and "Figure size" not in md
