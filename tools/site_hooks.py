"""mkdocs hooks (tools/build_docs.py) that finish each page of the docs site as mkdocs-jupyter renders it.

Formulas (`$...$`, `$$...$$`, which nbconvert leaves for MathJax) become MathML, which browsers draw themselves, so
no MathJax is loaded. Headings get unique ids, and the page's contents list is rebuilt from them, so that it keeps
headings with code in them ("`fit`: the final loop") and every entry leads to its heading. The search index is
also written as a plain script, which mkdocs-material reads when the site is opened from file:// (where
tools/assets/file_worker.js runs its search worker).
"""
import html
import os
import re
from pathlib import Path

from latex2mathml.converter import convert
from mkdocs.plugins import event_priority
from mkdocs.structure.toc import get_toc

_LITERAL = re.compile(r"(<(pre|code|script|style|textarea|math)\b.*?</\2>)", re.S | re.I)  # text no formula is in
_FORMULA = re.compile(r"\$\$([^$<>]+?)\$\$|\$([^$<>\n]+?)\$")
_HEADING = re.compile(r'<h([1-6]) id="([^"]*)">(.*?)</h\1>', re.S)
_ORDINARY = {"<mo>&#x0002F;</mo>": "/", "<mrow><mo>&#x0002C;</mo></mrow>": ","}  # TeX's `/` and `{,}`: no spaces
_MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)


def _mathml(m) -> str:
    tex, display = html.unescape(m[1] or m[2]).strip(), m[1] is not None
    mathml = convert(tex, display="block" if display else "inline")
    mathml = mathml.replace("<math ", f'<math alttext="{html.escape(tex)}" ', 1)  # what a screen reader or a copy gets
    for mo, char in _ORDINARY.items(): mathml = mathml.replace(mo, f'<mo lspace="0" rspace="0">{char}</mo>')
    return mathml


def formulas(content: str) -> str:
    "`content` with its TeX formulas as MathML, code and scripts left alone."
    return "".join(part if i % 3 else _FORMULA.sub(_mathml, part) for i, part in enumerate(_LITERAL.split(content))
                   if i % 3 != 2)


def headings(content: str):
    "`content` with unique heading ids, and its table of contents built from those headings."
    seen, flat = set(), []
    def unique(m):
        level, old, inner = int(m[1]), m[2], m[3]
        new, n = old or "section", 0
        while new in seen: n += 1; new = f"{old}-{n}"
        seen.add(new)
        text = re.sub(r"<[^>]+>", "", re.sub(r'<a class="anchor-link".*?</a>', "", inner, flags=re.S))
        flat.append({"level": level, "id": new, "name": html.escape(html.unescape(text).strip()), "children": []})
        inner = inner.replace(f'href="#{old}"', f'href="#{new}"')
        return f'<h{level} id="{new}">{inner}</h{level}>'
    content = _HEADING.sub(unique, content)
    root = {"level": 0, "children": []}; stack = [root]
    for t in flat:
        while stack[-1]["level"] >= t["level"]: stack.pop()
        stack[-1]["children"].append(t); stack.append(t)
    return content, get_toc(root["children"])


_NOTEBOOK_LINK = re.compile(r'href="(?![\w+.-]+:|/|#)([^"#]+)\.ipynb(#[^"]*)?"')  # a relative link to a notebook


def notebook_links(content: str) -> str:
    "Links to another notebook (`../07_train.ipynb#...`, right in Jupyter and for Quarto) lead to its page here."
    return _NOTEBOOK_LINK.sub(lambda m: f'href="{m[1]}.html{m[2] or ""}"', content)


def on_page_content(content, page, config, files):
    "mkdocs' hook: the page's HTML without MathJax, with MathML formulas and unique heading ids; its contents list."
    content, page.toc = headings(formulas(notebook_links(_MATHJAX.sub("", content))))
    return content


# an API entry (tools/apidoc.py): its source link, then its heading, whose text is the name
_API = re.compile(r'<p><a href="#src-[^"]*">source</a></p>\s*<h[23] id="([^"]+)">([A-Za-z_][\w.]*)<a class="anchor-link"')
_SKIP = re.compile(r"(<pre.*?</pre>|<a\b.*?</a>|<h[1-6]\b.*?</h[1-6]>|<code>[^<]*</code>)", re.S)   # linked only: bare <code>
_NAME = re.compile(r"<code>(?:balsel\.(?:\w+\.)?)?([A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)?)</code>")


def api_links(site: Path) -> int:
    """Names in backticks (`<code>fit</code>`, `<code>balsel.train.fit</code>`) link to their API entry, as nbdev's
    pages do: on every page, outside code blocks, headings and links, where the name has exactly one entry."""
    pages = sorted(site.rglob("*.html"))
    found = {}
    for p in pages:
        for m in _API.finditer(p.read_text(encoding="utf-8")): found.setdefault(m[2], []).append((p, m[1]))
    target = {name: v[0] for name, v in found.items() if len(v) == 1}
    n = 0
    for p in pages:
        text = p.read_text(encoding="utf-8")
        def link(m):
            nonlocal n
            piece = m[0]
            if not piece.startswith("<code>"): return piece
            hit = _NAME.fullmatch(piece)
            if not hit or hit[1] not in target: return piece
            page, anchor = target[hit[1]]
            n += 1
            href = ("" if page == p else os.path.relpath(page, p.parent).replace(os.sep, "/")) + f"#{anchor}"
            return f'<a class="api-link" href="{href}">{piece}</a>'
        new = _SKIP.sub(link, text)
        if new != text: p.write_text(new, encoding="utf-8")
    return n


@event_priority(-100)  # after the search plugin has written search/search_index.json
def on_post_build(config):
    "mkdocs' hook: names in backticks linked to their API entries; the search index also as search/search_index.js (file://)."
    api_links(Path(config.site_dir))
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.exists(): index.with_suffix(".js").write_text(f"var __index = {index.read_text(encoding='utf-8')};\n",
                                                           encoding="utf-8")
