"""Build the docs site into _site/ from the notebooks, offline, with PyPI tools only (no Quarto).

Each notebook is processed as nbdev would for its docs (tools/nbdocs.py) into _proc/mkdocs/docs/, next to a copy
of tools/assets/ (stylesheet, MathJax settings); mkdocs-material with mkdocs-jupyter renders them with their saved
outputs (nothing is executed). `nbdev_docs` still builds the Quarto site from nbs/_quarto.yml where Quarto exists.
"""
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml
from execnb.nbio import write_nb

from nbdocs import NBS, ROOT, pages, process

SECTIONS = {"course": "Course"}


def main(argv=()):
    "`build_docs.py [--nbs DIR] [--site DIR]`: defaults nbs/ and _site/ (built in _proc/mkdocs, or DIR_build)."
    args = dict(zip(argv[::2], argv[1::2]))
    nbs = Path(args.get("--nbs", NBS)).resolve()
    site = Path(args.get("--site", ROOT / "_site")).resolve()
    build = site.parent / (site.name + "_build") if "--site" in args else ROOT / "_proc" / "mkdocs"
    t0 = time.time()
    shutil.rmtree(build, ignore_errors=True)
    shutil.copytree(Path(__file__).parent / "assets", build / "docs")
    nav, sections = [], {}
    for p in pages(nbs):
        nb, rel = process(p), p.relative_to(nbs)
        (build / "docs" / rel.parent).mkdir(parents=True, exist_ok=True)
        write_nb(nb, build / "docs" / rel)
        entry = {"Home" if p.name == "index.ipynb" else nb.frontmatter_.get("title", p.stem): rel.as_posix()}
        if len(rel.parts) > 1: sections.setdefault(SECTIONS.get(rel.parts[0], rel.parts[0].title()), []).append(entry)
        else: nav.append(entry)
    nav += [{k: v} for k, v in sections.items()]
    cfg = {
        "site_name": "balsel", "site_description": "Deep learning for population genetics: balancing selection from ancient and present-day haplotypes",
        "docs_dir": "docs", "site_dir": str(site), "use_directory_urls": False,
        "theme": {"name": "material", "features": ["navigation.sections", "navigation.top", "search.highlight"],
                  "palette": {"primary": "indigo"}},
        "plugins": ["search", {"mkdocs-jupyter": {"execute": False, "include_source": True, "ignore_h1_titles": False,
                                                  "include_requirejs": False, "remove_tag_config": {"remove_input_tags": ["remove_input"]}}}],
        "markdown_extensions": ["tables", "admonition", "pymdownx.superfences", "pymdownx.details",
                                {"pymdownx.arithmatex": {"generic": True}}],
        "extra_css": ["extra.css"], "nav": nav,
        "extra_javascript": ["mathjax-config.js", "https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"],
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
