"""balsel's notebooks as documentation pages, by nbdev's own processors, without Quarto.

`nbdev_docs` runs nbdev's processors (`FilterDefaults`) over each notebook and leaves the rest to Quarto: the title
block, cell options such as `echo: false`, callouts. `DocsFilter` runs the nbdev processors that need no kernel
(nothing is executed: the outputs saved in the notebook are used) and does that rest itself, so that mkdocs-jupyter
renders the result (tools/build_docs.py) and nbconvert turns `index.ipynb` into README.md (tools/readme.py).
Two things go further than Quarto, for a site with no repository to link to: show_doc's "source" link leads to the
object's collapsed source (`#src-NAME`, an anchor in the summary line), and a plot carries alt text from its cell.
"""
import base64
import html
import re
from pathlib import Path

from execnb.nbio import mk_cell, read_nb
from exercises import solution_
from nbdev.doclinks import nbglob
from nbdev.frontmatter import FrontmatterProc
from nbdev.process import Processor, extract_directives, first_code_ln
from nbdev.processors import (FilterDefaults, _def_names, _def_types, add_fold, add_show_docs, clean_magics,
                              clean_show_doc, filter_stream_, hide_, hide_line, populate_language, rm_export,
                              rm_header_dash, strip_ansi)

from apidoc import api_docs

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT / "nbs"
_CALLOUT = re.compile(r"^:::+\s*\{\.callout-(\w+)([^}]*)\}\s*\n(.*?)\n:::+[ \t]*$", re.S | re.M)
_TARGET = re.compile(r" ?\{target=\"_blank\"[^}]*\}")  # a Quarto link attribute (show_doc's "source" links have one)
_SOURCE = re.compile(r"\[source\]\(https?://[^)]*\)(?=\s*### ([\w]+))")  # show_doc's link to git_url, then its heading
PYTHON = {"name": "python3", "display_name": "Python 3", "language": "python"}


def _callouts(md: str) -> str:
    "Quarto callout blocks (`::: {.callout-note}` ... `:::`) as admonition boxes that mkdocs-material styles."
    def box(m):
        kind, body = m.group(1), m.group(3).strip()
        title = re.search(r'title="([^"]*)"', m.group(2))
        if body.startswith("## "): head, _, body = body.partition("\n"); title = title or re.match(r"## (.*)", head)
        t = title.group(1) if title else kind.title()
        return f'<div class="admonition {kind}">\n<p class="admonition-title">{t}</p>\n\n{body.strip()}\n\n</div>'
    return _CALLOUT.sub(box, md)


def _details(summary: str, src: str, opened=False):
    "A markdown cell with `src` collapsed under `summary` (styled by tools/assets/extra.css), left out of search."
    return mk_cell(f'<details class="balsel-source" data-search-exclude="code"{" open" if opened else ""}>'
                   f'<summary>{summary}</summary>\n\n'
                   f"```python\n{src.strip()}\n```\n\n</details>", "markdown")


def _defined(cell, anchored: set) -> str:
    "What `cell` defines at top level, public names first, for its summary line: each name the target `#src-NAME`."
    names = _def_names(cell, ()) or [t.name for t in cell.parsed_() or [] if isinstance(t, _def_types)]
    def anchor(n):
        if n in anchored: return n
        anchored.add(n); return f'<span id="src-{n}">{n}</span>'
    return ": " + ", ".join(map(anchor, names)) if names else ""


def _alt(src: str) -> str:
    "A plot's alt text from the code that drew it: its first comment, else its title, else the code on one line."
    comment = next((ln.lstrip("# ") for ln in src.splitlines() if ln.startswith("#") and not ln.startswith("#|")), "")
    title = re.search(r"title\s*[(=]\s*f?([\"'])(.+?)\1", src)
    text = comment or (title and f"Plot: {title[2]}") or "Plot drawn by: " + " ".join(src.split())
    return html.escape(text if len(text) < 200 else text[:197] + "...")


def _alt_images(outputs, src):
    "PNG and SVG outputs as `<img>` with alt text (nbconvert would write \"No description has been provided for this image\")."
    for o in outputs:
        data = o.get("data", {})
        if "image/png" in data and "text/html" not in data:
            meta = o.get("metadata", {}).get("image/png", {})
            size = "".join(f' {k}="{meta[k]}"' for k in ("width", "height") if k in meta)
            png = "".join(data.pop("image/png")).strip()
            data["text/html"] = f'<img src="data:image/png;base64,{png}"{size} alt="{_alt(src)}">'
        elif "image/svg+xml" in data and "text/html" not in data:       # e.g. a tree drawn by tskit's draw_svg
            svg = "".join(data.pop("image/svg+xml")).strip()
            data["text/html"] = f'<img src="data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}" alt="{_alt(src)}">'


class quarto(Processor):
    "What Quarto does with the notebook nbdev's processors hand it: the title block, cell options, callouts."
    def begin(self):
        nb, fm, self.anchored = self.nb, getattr(self.nb, "frontmatter_", {}), set()
        cells = [new for c in nb.cells for new in self.page(c)]
        if "title" in fm:
            lede = f"\n\n> {fm['description']}" if fm.get("description") else ""
            cells.insert(0, mk_cell(f"# {fm['title']}{lede}", "markdown"))
        nb.cells = cells
        nb.metadata = {"kernelspec": nb.metadata.get("kernelspec", PYTHON), "language_info": {"name": "python"}}

    def page(self, c):
        "The cells a reader sees for cell `c`; raw cells (nbdev's frontmatter cell among them) are Quarto's alone."
        if c.cell_type == "markdown": c.source = _callouts(_TARGET.sub("", c.source)); yield c
        if c.cell_type != "code": return
        # cell options (`#| key: value`) stay in the source for Quarto, nbdev's own directives are in `directives_`
        opt = {k.rstrip(":"): " ".join(v).strip("\"'") for k, v in extract_directives(c, remove=False).items()}.get
        lines = c.source.splitlines(True)
        first = first_code_ln(lines)
        src = "".join(lines[first:]).strip() if first is not None else ""
        if opt("include") == "false" or "nbdev_export(" in src or not (src or c.outputs): return
        if c.directives_.keys() & {"export", "exporti"} and not c.outputs:
            yield _details("source" + _defined(c, self.anchored), src)  # nbdev's pages hide exported source; here it is one click away
            return
        _alt_images(c.outputs, src)
        if opt("output") == "asis":  # nbdev's show_doc cells: their markdown joins the page (and its table of contents)
            yield mk_cell("\n\n".join(_SOURCE.sub(r"[source](#src-\1)", _TARGET.sub("", "".join(o.data["text/markdown"])))
                                      for o in c.outputs if "text/markdown" in o.get("data", {})), "markdown")
        if opt("output") in ("false", "asis"): c.outputs = []
        if opt("code-fold") in ("true", "show"):
            yield _details(opt("code-summary", "Code"), src, opt("code-fold") == "show"); src = ""
        c.source = "" if opt("echo") == "false" else src
        if not c.source: c.metadata["tags"] = ["remove_input"]  # mkdocs-jupyter then drops the empty input box
        if c.source or c.outputs: yield c


class DocsFilter(FilterDefaults):
    """nbdev's processors for docs that need no kernel (the saved outputs are used), then `quarto` in Quarto's place.

    As in `nbdev_docs`, every exported public function and class gets a `show_doc` cell (`add_show_docs`); their
    output is rendered from the library by `api_docs` (tools/apidoc.py) rather than by a kernel."""
    def base_procs(self):
        return [FrontmatterProc, populate_language, add_show_docs, strip_ansi, hide_line, filter_stream_,
                rm_header_dash, clean_show_doc, api_docs, hide_, clean_magics, add_fold, quarto, solution_, rm_export]


def process(path):
    "The notebook at `path` as its docs page shows it (an execnb notebook; its `frontmatter_` holds the title)."
    DocsFilter()(nb := read_nb(path))
    return nb


def pages(nbs: Path = NBS):
    "The notebooks nbdev publishes (`nbglob`), in reading order: index, the others at the top, then each folder's."
    return sorted(nbglob(nbs, as_path=True), key=lambda p: (len(p.relative_to(nbs).parts), p.name != "index.ipynb", p))
