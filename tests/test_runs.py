"Whole runs from the shell at tiny sizes: the Results page's route, interrupted training, refusals."
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from balsel.data import CachedDataset, HaplotypeDataset, generate, make_splits
from balsel.evaluate import repeat_training
from balsel.images import ImageConfig
from balsel.scenario import Sampling, course_classes, course_scenario

BALSEL = shutil.which("balsel") or str(Path(sys.executable).parent / "balsel")


def balsel(*argv, **kw):
    return subprocess.run([BALSEL, *map(str, argv)], capture_output=True, text=True, **kw)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("runs") / "data", classes=course_classes(scaling_factor=40.0), replicates=8,
                    seed=1, workers=1, progress=False)


def test_shell_route_is_the_results_page(data, tmp_path):
    "`balsel train --seed S --width W ...` trains the same network as the Results page's repeat_training."
    d = tmp_path / "d"; shutil.copytree(data, d)
    make_splits(d, seed=1)                                        # what the page does; the CLI would do the same
    config = ImageConfig(width=32)
    ds = {s: CachedDataset(HaplotypeDataset(d, split=s, config=config)) for s in ("train", "valid", "test")}
    shapes = dict(present_shape=tuple(ds["train"][0][0].shape), ancient_shape=tuple(ds["train"][0][1].shape))
    page = repeat_training("two-branch", ds["train"], ds["valid"], ds["test"], seeds=(0,), classes=ds["test"].classes,
                           model_kwargs=dict(n_classes=3, **shapes), epochs=3, batch_size=32, lr=2e-3, patience=6,
                           device="cpu", progress=False)["runs"][0]
    r = balsel("train", d, "--out", tmp_path / "run", "--seed", 0, "--width", 32, "--epochs", 3, "--patience", 6,
               "--device", "cpu", "--quiet")
    assert r.returncode == 0, r.stderr
    shell = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert shell["confusion_counts"] == page["confusion_counts"]
    np.testing.assert_allclose(shell["macro_auc"], page["macro_auc"], rtol=1e-6)


def test_interrupted_training_resumes(data, tmp_path):
    "Ctrl-C leaves no model.pt; predict says how to continue; --resume ends where an uninterrupted run ends."
    args = ["train", data, "--width", 32, "--epochs", 6, "--patience", 6, "--device", "cpu", "--quiet", "--seed", 3]
    full = balsel(*args, "--out", tmp_path / "full")
    assert full.returncode == 0, full.stderr
    run = tmp_path / "run"
    # Ctrl-C as a user sends it: a shell that starts pytest in the background ignores SIGINT, and its children inherit that
    p = subprocess.Popen([BALSEL, *map(str, args), "--out", str(run)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    t0 = time.time()
    while not (run / "last.pt").exists() and p.poll() is None and time.time() - t0 < 120: time.sleep(0.01)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=60)
    if (run / "model.pt").exists(): pytest.skip("training finished before it could be interrupted")
    assert p.returncode == 130 and "add --resume" in err, err
    trees = next((Path(data) / "trees").glob("*.trees"))
    r = balsel("predict", run, trees)
    assert r.returncode == 2 and "--resume" in r.stderr and len(r.stderr.splitlines()) == 1, r.stderr
    r = balsel(*args, "--out", run, "--resume")
    assert r.returncode == 0, r.stderr
    a, b = (json.loads((d / "metrics.json").read_text()) for d in (tmp_path / "full", run))
    assert a["confusion_counts"] == b["confusion_counts"]
    np.testing.assert_allclose(a["loss"], b["loss"], rtol=1e-5)


def test_fresh_dataset_scored_whole(data, tmp_path):
    "A dataset never split can be scored from the shell with --split all."
    r = balsel("train", data, "--out", tmp_path / "run", "--epochs", 1, "--width", 32, "--device", "cpu", "--quiet")
    assert r.returncode == 0, r.stderr
    fresh = generate(tmp_path / "fresh", classes=course_classes(scaling_factor=40.0), replicates=2, seed=9, workers=1, progress=False)
    r = balsel("evaluate", tmp_path / "run", fresh)
    assert r.returncode == 2 and "--split all" in r.stderr
    r = balsel("evaluate", tmp_path / "run", fresh, "--split", "all", "--device", "cpu")
    assert r.returncode == 0 and "n = 6" in r.stdout, r.stderr
    # a locus sampled at other times is refused: it is of another design than the trained one, and the message names the sample
    late = course_scenario(0, scaling_factor=40.0, sampling=Sampling(ancient_years=(1000, 2000, 4000, 6000)), name="neutral")
    other = generate(tmp_path / "other", classes={"neutral": late}, replicates=1, seed=9, workers=1, progress=False)
    r = balsel("predict", tmp_path / "run", next((other / "trees").glob("*.trees")))
    assert r.returncode == 2 and "is of another design than the network was trained on" in r.stderr, r.stderr
    assert "'ancient_8000y_01' is 8000 years old but ts has no samples near that age" in r.stderr, r.stderr
