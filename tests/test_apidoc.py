"The docs site's API reference (tools/apidoc.py): signatures keep `*`, and each parameter's docments comment shows."
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from apidoc import render, signature, _shown_sig  # noqa: E402

from balsel.data import generate  # noqa: E402
from balsel.simulate import simulate  # noqa: E402


def test_keyword_only_star_kept():
    assert signature("simulate", simulate, _shown_sig(simulate, False)) == (
        "def simulate(scenario: Scenario, *, engine: str = 'forward', seed: int) -> SimResult")


def test_parameter_table():
    md = render(generate, "generate")
    assert "### generate" in md and "[source](#src-generate)" in md
    assert "<td><code>seed</code></td> <td><code>int</code></td> <td><em>keyword, required</em></td>" in md
    assert "master seed: each locus" in md and "<strong>returns</strong>" in md
    md = render(simulate, "simulate")
    assert "times in generations" in md  # a unit stated in a docments comment reaches the page
