"`import balsel` names the everyday API and loads it lazily (balsel/__init__.py, PEP 562)."
import shutil
import subprocess
import sys

import pytest

import balsel


def run(code: str) -> str:
    "What `code` prints in a fresh interpreter (so that nothing is imported beforehand)."
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


@pytest.mark.parametrize("name, module", sorted(balsel._LAZY.items()))
def test_lazy_name_resolves(name, module):
    mod = getattr(balsel, module)
    assert name in mod.__all__, f"balsel.{name}: not a public name of balsel.{module}"
    assert getattr(balsel, name) is getattr(mod, name)


def test_all_and_dir_list_the_api():
    names = {*balsel._MODULES, *balsel._LAZY}
    assert names <= set(balsel.__all__) and names <= set(dir(balsel))
    assert len(balsel.__all__) == len(set(balsel.__all__))
    assert set(balsel._MODULES) == {p.stem for p in __import__("pathlib").Path(balsel.__file__).parent.glob("*.py")
                                    if not p.stem.startswith("_")}, "a new module: add it to balsel._MODULES"


def test_unknown_name():
    with pytest.raises(AttributeError, match="no attribute 'nonesuch'"): balsel.nonesuch


def test_import_is_light():
    "`import balsel` and the CLI's --help load no submodule's heavy dependencies."
    heavy = ("torch", "msprime", "tskit", "matplotlib", "scipy", "sklearn", "stdpopsim", "distributed")
    out = run("import sys, balsel; print(sorted(m for m in sys.modules if m.startswith('balsel.')))")
    assert out == "[]"
    out = run("import sys, contextlib, io\nfrom balsel.cli import main\n"
              "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit): main(['--help'])\n"
              f"print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r}))")
    assert out == "[]", f"balsel --help imports {out}"


@pytest.mark.parametrize("first", ["import balsel", "import balsel.simulate", "from balsel.simulate import SimResult",
                                   "from balsel.data import generate", "from balsel import simulate"])
def test_simulate_is_the_module_and_its_function(first):
    "`balsel.simulate(...)` calls the function, however balsel.simulate was first imported; the module stays one."
    out = run(f"{first}\nimport balsel, sys\n"
              "assert balsel.simulate is sys.modules['balsel.simulate'] and callable(balsel.simulate)\n"
              "import balsel.simulate as m\nassert m is balsel.simulate and m.simulate.__name__ == 'simulate'\n"
              "try: balsel.simulate(balsel.course_scenario(0.005), 1)\n"
              "except TypeError as e: print(e)")
    assert "positional argument" in out  # seed is keyword-only, and the call says so


def test_nbdev_keeps_the_init(tmp_path):
    "nbdev_export rewrites balsel/__init__.py's `__version__` line only: the lazy table survives any number of runs."
    from nbdev.config import update_version
    init = balsel.__file__
    shutil.copy(init, tmp_path / "__init__.py")
    for _ in range(2): update_version(tmp_path)
    assert (tmp_path / "__init__.py").read_text() == open(init).read()
