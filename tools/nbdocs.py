"""Turn balsel's notebooks into documentation pages without Quarto.

nbdev's docs are rendered by Quarto, which cannot be installed everywhere. This module applies the nbdev cell
directives that matter for reading (the same ones nbdev's own processors apply) to a copy of each notebook, using
the outputs saved in the notebook (plots, tables, and the API docs that `show_doc` rendered): nothing is executed.
`tools/build_docs.py` renders the result with mkdocs; `tools/readme.py` turns `index.ipynb` into README.md.
"""
import copy
import json
import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT / "nbs"
DIRECTIVE = re.compile(r"^\s*#\s*\|\s*([\w-]+)\s*:?\s*(.*)$")


def directives(source: str) -> dict:
    "The `#| name: value` directives at the top of a cell's source."
    out = {}
    for line in source.splitlines():
        m = DIRECTIVE.match(line)
        if not m:
            if line.strip(): break
            continue
        out[m.group(1).lower()] = m.group(2).strip()
    return out


def strip_directives(source: str) -> str:
    lines = source.splitlines()
    while lines and (DIRECTIVE.match(lines[0]) or not lines[0].strip()): lines.pop(0)
    return "\n".join(lines)


def notebook_title(nb) -> str:
    "The text of the first `# Title` line of the first markdown cell."
    for c in nb.cells:
        if c.cell_type == "markdown":
            for line in c.source.splitlines():
                if line.startswith("# "): return line[2:].strip()
    return "Untitled"


def _clean_markdown_output(text: str) -> str:
    # show_doc's markdown links to source on GitHub with a Quarto attribute; drop the attribute
    return re.sub(r"\{target=\"_blank\"[^}]*\}", "", text)


_CALLOUT = re.compile(r"^:::+\s*\{\.callout-(\w+)([^}]*)\}\s*\n(.*?)\n:::+[ \t]*$", re.S | re.M)


def _callouts(md: str) -> str:
    "Quarto callout blocks (`::: {.callout-note}` ... `:::`) as admonition boxes that mkdocs-material styles."
    def box(m):
        kind, body = m.group(1), m.group(3).strip()
        title = re.search(r'title="([^"]*)"', m.group(2))
        if body.startswith("## "): head, _, body = body.partition("\n"); title = title or re.match(r"## (.*)", head)
        t = title.group(1) if title else kind.title()
        return f'<div class="admonition {kind}">\n<p class="admonition-title">{t}</p>\n\n{body.strip()}\n\n</div>'
    return _CALLOUT.sub(box, md)


def _text(x) -> str: return "".join(x) if isinstance(x, list) else x


def _markdown_only(c) -> bool:
    "True when every output of code cell `c` is a rich result carrying markdown (what `show_doc` displays)."
    outs = c.get("outputs", [])
    return bool(outs) and all(o.get("output_type") in ("display_data", "execute_result") and "text/markdown" in o.get("data", {})
                              for o in outs)


def _defined_name(src: str) -> str:
    "The names a code cell defines at top level (def/class), for the summary line of its collapsed source."
    names = re.findall(r"^(?:async\s+)?(?:def|class)\s+(\w+)", src, re.M)
    return ", ".join(n for n in names if not n.startswith("_")) or ", ".join(names)


def process(nb, *, keep_outputs=True, collapse_exports=False):
    "A copy of `nb` as a reader sees it: hidden cells gone, directives stripped, show_doc cells reduced to their output."
    nb = copy.deepcopy(nb)
    cells = []
    for c in nb.cells:
        if c.cell_type == "raw": continue
        if c.cell_type == "markdown":
            c.source = _callouts(c.source.replace(' {target="_blank"}', ""))
            cells.append(c); continue
        d = directives(c.source)
        if "hide" in d or "include" in d and d["include"] == "false": continue
        if "default_exp" in d and not strip_directives(c.source).strip(): continue
        if "nbdev_export(" in c.source: continue
        src = strip_directives(c.source)
        if src.startswith("show_doc(") and collapse_exports and _markdown_only(c):
            # show_doc's markdown as a markdown cell: the API headings then join the page's table of contents
            cells.append(nbformat.v4.new_markdown_cell(
                "\n\n".join(_clean_markdown_output(_text(o["data"]["text/markdown"])) for o in c.outputs)))
            continue
        if src.startswith("show_doc(") or d.get("echo") == "false":
            c.source = ""                       # keep the rendered output only
        elif d.keys() & {"export", "exporti"} and collapse_exports and src.strip() and not c.get("outputs"):
            # nbdev hides exported source (show_doc documents it); a teaching site keeps it one click away
            name = _defined_name(src)
            cells.append(nbformat.v4.new_markdown_cell(
                f"<details class=\"balsel-source\"><summary>source{': ' + name if name else ''}</summary>\n\n"
                f"```python\n{src.strip()}\n```\n\n</details>"))
            continue
        else:
            c.source = src
        if not keep_outputs: c.outputs = []
        for o in c.get("outputs", []):
            if "data" in o and "text/markdown" in o["data"]:
                o["data"]["text/markdown"] = _clean_markdown_output(o["data"]["text/markdown"])
        if not c.source.strip() and not c.get("outputs"): continue
        # output-only cells (show_doc, echo: false): the `remove_input` tag drops their empty input box in the site
        c.metadata = {} if c.source.strip() else {"tags": ["remove_input"]}
        cells.append(c)
    nb.cells = cells
    nb.metadata = {"kernelspec": nb.metadata.get("kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"}),
                   "language_info": {"name": "python"}}
    return nb


def pages(nbs: Path = NBS):
    "Notebooks to publish, in reading order: index, the numbered library notebooks, then each folder (the course)."
    top = sorted(p for p in nbs.glob("*.ipynb") if not p.name.startswith(("_", ".")))
    top = [p for p in top if p.name == "index.ipynb"] + [p for p in top if p.name != "index.ipynb"]
    sub = sorted(p for p in nbs.glob("*/*.ipynb") if not any(s.startswith(("_", ".")) for s in p.relative_to(nbs).parts))
    return top + sub


def read(path) -> "nbformat.NotebookNode":
    return nbformat.read(str(path), as_version=4)
