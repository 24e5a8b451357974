"Run every notebook under `nbs/` as a test, the way `nbdev_test` does, one pytest case per notebook."
import os

from pathlib import Path

import pytest
from nbdev.config import get_config
from nbdev.test import test_nb as run_notebook

NBS = get_config().nbs_path
NOTEBOOKS = sorted(p for p in Path(NBS).rglob('*.ipynb')
                   if not any(part.startswith(('.', '_')) for part in p.relative_to(NBS).parts))


@pytest.mark.parametrize('nb', NOTEBOOKS, ids=lambda p: str(p.relative_to(NBS)))
def test_notebook(nb):
    # flags in settings.ini (`tst_flags`, e.g. `slow`) are skipped unless named in BALSEL_TEST_FLAGS
    skip = get_config().tst_flags.split()
    force = os.environ.get('BALSEL_TEST_FLAGS', '').split()
    ok, elapsed = run_notebook(nb, skip_flags=skip, force_flags=force, basepath=get_config().config_path, do_print=False)
    assert ok, f'{nb} failed (see the traceback above)'
