"""Build the docs site into _site/ from the notebooks, offline, with PyPI tools only (no Quarto).

Each notebook is processed as nbdev would for its docs (tools/nbdocs.py) into _proc/mkdocs/docs/, next to a copy
of tools/assets/ (stylesheet, Worker shim); mkdocs-material with mkdocs-jupyter renders them with their saved
outputs (nothing is executed), and tools/site_hooks.py finishes each page (formulas as MathML, its contents list).
The API reference (show_doc: signature, parameter table) is rendered from the library itself by tools/apidoc.py.
The site needs no network, also opened from file://, where its search works too (tools/assets/file_worker.js). `nbdev_docs` still builds the Quarto site from nbs/_quarto.yml
where Quarto exists.
"""
import os
import posixpath
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml
from execnb.nbio import write_nb

from nbdocs import NBS, ROOT, pages, process

SECTIONS = {"course": "Course"}


def link_sources(nbs: dict):
    "show_doc's `[source](#src-NAME)` (tools/nbdocs.py) to the page that holds NAME's source, or no link if none does."
    held = {rel: set(re.findall(r'id="src-(\w+)"', "".join(c.source for c in nb.cells))) for rel, nb in nbs.items()}
    def link(m, rel):
        page = rel if m[1] in held[rel] else next((r for r, names in held.items() if m[1] in names), None)
        if page in (None, rel): return m[0] if page else ""
        return f"[source]({posixpath.relpath(page.with_suffix('.html'), rel.parent)}#src-{m[1]})"
    for rel, nb in nbs.items():
        for c in nb.cells: c.source = re.sub(r"\[source\]\(#src-(\w+)\)", lambda m: link(m, rel), c.source)


def main(argv=()):
    "`build_docs.py [--nbs DIR] [--site DIR]`: defaults nbs/ and _site/ (built in _proc/mkdocs, or DIR_build)."
    args = dict(zip(argv[::2], argv[1::2]))
    nbs = Path(args.get("--nbs", NBS)).resolve()
    site = Path(args.get("--site", ROOT / "_site")).resolve()
    build = site.parent / (site.name + "_build") if "--site" in args else ROOT / "_proc" / "mkdocs"
    t0 = time.time()
    shutil.rmtree(build, ignore_errors=True)
    shutil.copytree(Path(__file__).parent / "assets", build / "docs")
    nav, sections, done = [], {}, {p.relative_to(nbs): process(p) for p in pages(nbs)}
    link_sources(done)
    for rel, nb in done.items():
        (build / "docs" / rel.parent).mkdir(parents=True, exist_ok=True)
        write_nb(nb, build / "docs" / rel)
        entry = {"Home" if rel.name == "index.ipynb" else nb.frontmatter_.get("title", rel.stem): rel.as_posix()}
        if len(rel.parts) > 1: sections.setdefault(SECTIONS.get(rel.parts[0], rel.parts[0].title()), []).append(entry)
        else: nav.append(entry)
    nav += [{k: v} for k, v in sections.items()]
    cfg = {
        "site_name": "balsel", "site_description": "Deep learning for population genetics: balancing selection from ancient and present-day haplotypes",
        "docs_dir": "docs", "site_dir": str(site), "use_directory_urls": False,
        # system fonts (font: False), so that no page asks Google's servers for Roboto
        "theme": {"name": "material", "font": False, "palette": {"primary": "indigo"},
                  "features": ["navigation.sections", "navigation.top", "search.highlight", "toc.integrate"]},
        # search: served, in material's Web Worker; from file:// (where browsers refuse a Worker) the same worker
        # runs in a hidden iframe (assets/file_worker.js, loaded before material's bundle as a "polyfill") over
        # search/search_index.js (tools/site_hooks.py)
        "plugins": ["search", {"mkdocs-jupyter": {
            "execute": False, "include_source": True, "ignore_h1_titles": False, "include_requirejs": False,
            "remove_tag_config": {"remove_input_tags": ["remove_input"]}}}],
        "hooks": [str(Path(__file__).with_name("site_hooks.py"))],
        "markdown_extensions": ["tables", "admonition", "pymdownx.superfences", "pymdownx.details"],
        "extra_css": ["extra.css"], "extra": {"polyfills": ["file_worker.js"]}, "nav": nav,
    }
    (build / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False))
    shutil.rmtree(site, ignore_errors=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(build / "mkdocs.yml")], cwd=build, env=env)
    if r.returncode: sys.exit(f"error: mkdocs build failed (exit {r.returncode})")
    n = len(list(site.rglob("*.html")))
    where = site.relative_to(ROOT) if site.is_relative_to(ROOT) else site
    print(f"docs site built in {time.time() - t0:.0f} s: {n} pages in {where}/ (open {where}/index.html)")


if __name__ == "__main__":
    main(sys.argv[1:])
