"""API reference for the docs site (tools/nbdocs.py): show_doc's output, rendered from the library at build time.

nbdev's `add_show_docs` gives every exported public function and class a `show_doc` cell, as on nbdev's Quarto
sites; `api_docs` renders each such cell from the object itself (nothing is executed in the notebook): a heading,
the signature as Python writes it (`*` and `/` kept, so `simulate(sc, 1)` no longer looks legal), the docstring and
a parameter table (name, type, default, meaning) built from the docments comments (`seed: int,  # ...`).
`undocumented()` lists what still lacks them.
"""
import ast
import dataclasses
import html
import importlib
import inspect
import re
import sys
import warnings
from pathlib import Path

from fastcore.xtras import dict2obj
from fastcore.docments import docments
from nbdev.process import Processor

ROOT = Path(__file__).resolve().parents[1]
LIB = "balsel"
_DEFAULT_EXP = re.compile(r"^\s*#\|\s*default_exp\s+(\S+)", re.M)
_CODE = re.compile(r"`([^`]+)`")
_MAXLINE = 90  # a signature longer than this goes one parameter a line


def _library():
    "The checkout's library first on sys.path, so that the pages document this tree's code."
    if str(ROOT) not in sys.path: sys.path.insert(0, str(ROOT))


def _anno(a) -> str:
    "An annotation as written in the source (the library uses `from __future__ import annotations`)."
    if a is inspect.Parameter.empty: return ""
    s = a if isinstance(a, str) else inspect.formatannotation(a)
    return s.strip("'\"")


def _default(p: inspect.Parameter, factories: dict) -> str:
    if p.name in factories: return f"{factories[p.name]}()"
    d = p.default
    if d is inspect.Parameter.empty: return ""
    if inspect.isfunction(d) or inspect.isclass(d): return d.__qualname__
    r = repr(d)
    if len(r) <= 40: return r
    try: same = type(d)() == d  # a class's own default instance, e.g. `ImageConfig()`
    except Exception: same = False
    return f"{type(d).__name__}()" if same else r[:37] + "..."


def _shown_sig(obj, method: bool):
    "`obj`'s signature (sources' annotations), `self`/`cls` dropped from a method's; None if it has none."
    try: sig = inspect.signature(obj)
    except (TypeError, ValueError): return None
    ps = list(sig.parameters.values())
    if method and ps and ps[0].name in ("self", "cls") and not isinstance(inspect.getattr_static(
            _owner(obj), obj.__name__, None), (staticmethod, classmethod)): ps = ps[1:]
    return sig.replace(parameters=ps)


def _owner(obj):
    mod = sys.modules.get(getattr(obj, "__module__", ""), None)
    owner = mod
    for part in getattr(obj, "__qualname__", "").split(".")[:-1]: owner = getattr(owner, part, None)
    return owner


def signature(name: str, obj, sig) -> str:
    "`def name(...) -> R` / `class Name(...)`, one line, or one parameter a line when long; `*` and `/` kept."
    kw = "class" if inspect.isclass(obj) else "async def" if inspect.iscoroutinefunction(obj) else "def"
    if sig is None: return f"{kw} {name}"
    parts, factories = [], _factories(obj)
    for i, p in enumerate(sig.parameters.values()):
        prev = list(sig.parameters.values())[i - 1].kind if i else None
        if p.kind == p.KEYWORD_ONLY and prev not in (p.KEYWORD_ONLY, p.VAR_POSITIONAL): parts.append("*")
        if prev == p.POSITIONAL_ONLY and p.kind != p.POSITIONAL_ONLY: parts.append("/")
        star = "*" if p.kind == p.VAR_POSITIONAL else "**" if p.kind == p.VAR_KEYWORD else ""
        a, d = _anno(p.annotation), _default(p, factories)
        parts.append(star + p.name + (f": {a}" if a else "") + ((" = " if a else "=") + d if d else ""))
    if sig.parameters and list(sig.parameters.values())[-1].kind == inspect.Parameter.POSITIONAL_ONLY:
        parts.append("/")
    ret = "" if inspect.isclass(obj) else _anno(sig.return_annotation)
    ret = f" -> {ret}" if ret else ""
    one = f"{kw} {name}({', '.join(parts)}){ret}"
    if len(one) <= _MAXLINE: return one
    return f"{kw} {name}(\n" + "".join(f"    {p},\n" for p in parts) + f"){ret}"


def _factories(obj) -> dict:
    "A dataclass's `field(default_factory=f)` fields: name -> f's name (inspect shows them as `<factory>`)."
    if not (inspect.isclass(obj) and dataclasses.is_dataclass(obj)): return {}
    return {f.name: getattr(f.default_factory, "__qualname__", "factory") for f in dataclasses.fields(obj)
            if f.default_factory is not dataclasses.MISSING}


def _text(s: str) -> str:
    "A docments comment as HTML: escaped, `code` as <code>, a multi-line comment's lines joined."
    return _CODE.sub(lambda m: f"<code>{m[1]}</code>", html.escape(" ".join(s.split()), quote=False))


def _docs(obj) -> dict:
    "name -> docments comment (or None), 'return' included; {} where the source cannot be read."
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try: return {k: v for k, v in docments(obj).items()}
        except Exception: return {}


def table(obj, sig) -> str:
    "The parameter table (HTML, so that `|` in a type or comment cannot break it); '' for no parameters."
    if sig is None: return ""
    docs, factories, rows = _docs(obj), _factories(obj), []
    for p in sig.parameters.values():
        star = "*" if p.kind == p.VAR_POSITIONAL else "**" if p.kind == p.VAR_KEYWORD else ""
        d = _default(p, factories)
        d = (f"<code>{html.escape(d)}</code>" if d else "<em>keyword, required</em>" if p.kind == p.KEYWORD_ONLY
             else "" if star else "<em>required</em>")
        a = _anno(p.annotation)
        rows.append((f"<code>{star}{p.name}</code>", a and f"<code>{html.escape(a)}</code>", d,
                     _text(docs.get(p.name) or "")))
    ret, rdoc = _anno(sig.return_annotation), docs.get("return")
    if not inspect.isclass(obj) and (rdoc or ret not in ("", "None")):
        rows.append(("<strong>returns</strong>", ret and f"<code>{html.escape(ret)}</code>", "", _text(rdoc or "")))
    if not rows: return ""
    head = "".join(f"<th>{h}</th>" for h in ("Parameter", "Type", "Default", "Details"))
    body = "\n".join("<tr>" + " ".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="balsel-params">\n<thead><tr>{head}</tr></thead>\n<tbody>{body}</tbody>\n</table>'


def render(obj, name: str, title_level: int = 3) -> str:
    "show_doc's markdown for `obj`: source link, heading, signature, docstring, parameter table."
    method = "." in name and not inspect.isclass(obj)
    sig = _shown_sig(obj, method)
    doc = inspect.getdoc(obj) if (inspect.isclass(obj) or inspect.isroutine(obj)) else None
    if inspect.isclass(obj) and doc == inspect.getdoc(object): doc = None
    anchor = name.split(".")[0]
    md = f"---\n\n[source](#src-{anchor})\n\n{'#' * title_level} {name}\n\n```python\n{signature(name, obj, sig)}\n```\n"
    if doc: md += "\n" + re.sub(r"^(\s*)(.+)", r"\1*\2*", doc.strip(), count=1) + "\n"
    if t := table(obj, sig): md += "\n" + t + "\n"
    return md


def _call(src: str):
    "`show_doc(expr, name=..., title_level=...)` in `src` -> (expr source, keyword arguments), or None."
    try: tree = ast.parse(src)
    except SyntaxError: return None
    for node in tree.body:
        if (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and getattr(node.value.func, "id", "") ==
                "show_doc" and node.value.args):
            kw = {k.arg: ast.literal_eval(k.value) for k in node.value.keywords if k.arg in ("name", "title_level")}
            return ast.unparse(node.value.args[0]), kw
    return None


def _modules():
    "The library's public modules, imported, in file order."
    _library()
    for path in sorted((ROOT / LIB).glob("*.py")):
        if not path.stem.startswith("_"): yield importlib.import_module(f"{LIB}.{path.stem}")


def namespace(module: str | None) -> dict:
    "What a show_doc cell of a notebook exporting to `module` can name: that module's globals, then the library's."
    ns = {}
    for mod in _modules(): ns.update({k: getattr(mod, k) for k in getattr(mod, "__all__", ())})
    if module: ns.update(vars(importlib.import_module(f"{LIB}.{module}")))
    return ns


class api_docs(Processor):
    "Each show_doc cell's output, rendered from the library now (the saved one kept where the name is not found)."
    def begin(self):
        src = [c.source for c in self.nb.cells if c.cell_type == "code"]
        m = next((m for m in map(_DEFAULT_EXP.search, src) if m), None)
        self.module, self.ns = m and m[1], None

    def cell(self, cell):
        if cell.cell_type != "code" or not re.search(r"^show_doc\(", cell.source, re.M): return
        call = _call(cell.source)
        if call is None: return
        expr, kw = call
        if self.ns is None: self.ns = namespace(self.module)
        try: obj = eval(expr, dict(self.ns))
        except Exception as e:
            print(f"warning: show_doc({expr}) in {self.module or 'a notebook'}: {e}; the saved output is kept",
                  file=sys.stderr)
            return
        md = render(obj, kw.get("name") or expr, kw.get("title_level", 3))
        cell.outputs = [dict2obj({"output_type": "display_data", "metadata": {}, "data": {"text/markdown": md}})]


def undocumented() -> dict:
    "`module.name` -> (its parameters, or 'return', with no docments comment; whether it has none at all)."
    out = {}
    for mod in _modules():
        for name in getattr(mod, "__all__", ()):
            obj = getattr(mod, name)
            if not (inspect.isclass(obj) or inspect.isfunction(obj)) or getattr(obj, "__module__", "") != mod.__name__:
                continue
            sig = _shown_sig(obj, False)
            if sig is None: continue
            docs = _docs(obj)
            missing = [p for p in sig.parameters if p not in ("self", "cls") and not docs.get(p)]
            if not inspect.isclass(obj) and _anno(sig.return_annotation) not in ("", "None") and not docs.get("return"):
                missing.append("return")
            if missing: out[f"{mod.__name__.rpartition('.')[2]}.{name}"] = (missing, not any(docs.values()))
    return out


if __name__ == "__main__":
    "`python tools/apidoc.py`: the public names whose parameters lack docments comments, none first, then some."
    found = undocumented()
    for none in (True, False):
        print("no docments comment at all:" if none else "some parameters (or the return) without one:")
        for name, (missing, all_missing) in found.items():
            if all_missing == none: print(f"  {name}: {', '.join(missing)}")
