"The house's one rule: data flows one way. No module imports a later stage (not even inside a function)."
import ast
from pathlib import Path

import balsel

STAGES = ["core", "scenario", "forward", "slim", "simulate", "images", "vcf", "data", "model", "train", "evaluate",
          "runs", "scan", "localise", "demo", "cli"]
PKG = Path(balsel.__file__).parent


def imports(module: str) -> set:
    "Every balsel module that `module` imports, at the top or inside a function."
    tree = ast.parse((PKG / f"{module}.py").read_text())
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module: out.add(node.module.split(".")[0])
            elif node.module and node.module.startswith("balsel."): out.add(node.module.split(".")[1])
            elif node.module == "balsel": out.update(a.name for a in node.names if a.name in STAGES)
        elif isinstance(node, ast.Import):
            out.update(a.name.split(".")[1] for a in node.names if a.name.startswith("balsel."))
    return out & set(STAGES)


def test_every_module_has_a_stage():
    modules = {p.stem for p in PKG.glob("*.py")} - {"__init__", "_modidx"}
    assert modules == set(STAGES), f"new module(s) {modules - set(STAGES)}: give them a place in STAGES"


def test_no_module_imports_a_later_stage():
    later = {m: sorted(i for i in imports(m) if STAGES.index(i) > STAGES.index(m)) for m in STAGES}
    assert not any(later.values()), {m: v for m, v in later.items() if v}


def test_cli_draws_nothing():
    src = (PKG / "cli.py").read_text()
    assert "matplotlib" not in src and "markdown" not in src
