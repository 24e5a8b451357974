"""Build the docs site into _site/ from the notebooks, offline, with PyPI tools only (no Quarto).

Steps: each notebook is processed as nbdev would for its docs (tools/nbdocs.py: directives applied, hidden cells
dropped, `show_doc` output kept; `#| export` source, which nbdev's Quarto docs hide, is kept one click away in a
collapsed "source" block) into _proc/mkdocs/docs/, then mkdocs-material with mkdocs-jupyter renders them
with their saved outputs (nothing is executed). `nbdev_docs` still works with Quarto from nbs/_quarto.yml.
"""
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import yaml

sys.path.insert(0, str(Path(__file__).parent))
from nbdocs import NBS, ROOT, notebook_title, pages, process, read  # noqa: E402

BUILD = ROOT / "_proc" / "mkdocs"
SITE = ROOT / "_site"
SECTIONS = {"course": "Course"}
CSS = """
.jp-InputPrompt, .jp-OutputPrompt { display: none !important; }
.jupyter-wrapper .jp-Cell { padding: 0 !important; }
.md-typeset h1 { margin-bottom: .4em; }
.md-typeset table:not([class]) { font-size: .72rem; }
.md-typeset td code { white-space: nowrap; }
/* show_doc output: the "source" link floats right of the API heading, as on nbdev's Quarto sites */
.jp-RenderedMarkdown > hr + p:has(> a:only-child) { float: right; margin: 1.1em 0 0; font-size: .7rem; }
.jp-RenderedMarkdown h3 { font-weight: 700; }
.jp-RenderedMarkdown h3 + .highlight pre, .jp-RenderedMarkdown h3 + .highlight code { white-space: pre-wrap; }
/* exported source, collapsed (tools/nbdocs.py): a quiet grey bar rather than a note admonition */
.md-typeset details.balsel-source { border: 1px solid #e0e0e0; border-left: 3px solid #9e9e9e; box-shadow: none; font-size: .68rem; margin: .6em 0; }
.md-typeset details.balsel-source > summary { background: #f7f7f7; font-family: var(--md-code-font-family); font-weight: 400; padding-top: .25em; padding-bottom: .25em; }
.md-typeset details.balsel-source > summary::before { background-color: #9e9e9e; -webkit-mask-image: var(--md-admonition-icon--abstract); mask-image: var(--md-admonition-icon--abstract); }
.md-typeset details.balsel-source > summary::after { color: #757575; }
.md-typeset details.balsel-source .highlight pre { margin: 0; }
"""

MATHJAX = "window.MathJax = {tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']]}};\n"


def main(argv=()):
    "`build_docs.py [--nbs DIR] [--site DIR]`: defaults nbs/ and _site/."
    global SITE, BUILD
    args = dict(zip(argv[::2], argv[1::2]))
    nbs = Path(args.get("--nbs", NBS)).resolve()
    SITE = Path(args.get("--site", SITE)).resolve()
    if "--site" in args: BUILD = SITE.parent / (SITE.name + "_build")
    t0 = time.time()
    shutil.rmtree(BUILD, ignore_errors=True)
    docs = BUILD / "docs"; docs.mkdir(parents=True)
    (docs / "extra.css").write_text(CSS)
    (docs / "mathjax-config.js").write_text(MATHJAX)
    nav, sections = [], {}
    for p in pages(nbs):
        nb = read(p)
        rel = p.relative_to(nbs)
        (docs / rel.parent).mkdir(parents=True, exist_ok=True)
        nbformat.write(process(nb, collapse_exports=True), str(docs / rel))
        entry = {notebook_title(nb) if p.name != "index.ipynb" else "Home": rel.as_posix()}
        if len(rel.parts) > 1: sections.setdefault(SECTIONS.get(rel.parts[0], rel.parts[0].title()), []).append(entry)
        else: nav.append(entry)
    nav += [{k: v} for k, v in sections.items()]
    cfg = {
        "site_name": "balsel", "site_description": "Deep learning for population genetics: balancing selection from ancient and present-day haplotypes",
        "docs_dir": "docs", "site_dir": str(SITE), "use_directory_urls": False,
        "theme": {"name": "material", "features": ["navigation.sections", "navigation.top", "search.highlight"],
                  "palette": {"primary": "indigo"}},
        "plugins": ["search", {"mkdocs-jupyter": {"execute": False, "include_source": True, "ignore_h1_titles": False,
                                                  "include_requirejs": False, "remove_tag_config": {"remove_input_tags": ["remove_input"]}}}],
        "markdown_extensions": ["tables", "admonition", "pymdownx.superfences", "pymdownx.details",
                                {"pymdownx.arithmatex": {"generic": True}}],
        "extra_css": ["extra.css"], "nav": nav,
        # formulas are typeset by MathJax when the reader is online; offline they stay readable TeX
        "extra_javascript": ["mathjax-config.js", "https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"],
    }
    (BUILD / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False))
    shutil.rmtree(SITE, ignore_errors=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(BUILD / "mkdocs.yml")], cwd=BUILD, env=env)
    if r.returncode: sys.exit(f"error: mkdocs build failed (exit {r.returncode})")
    n = len(list(SITE.rglob("*.html")))
    where = SITE.relative_to(ROOT) if SITE.is_relative_to(ROOT) else SITE
    print(f"docs site built in {time.time() - t0:.0f} s: {n} pages in {where}/ (open {where}/index.html)")


if __name__ == "__main__":
    main(sys.argv[1:])
