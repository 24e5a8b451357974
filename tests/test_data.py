"balsel.data at tiny sizes (scaling factor 40): determinism, resume after a killed process, Dask, splits, cache."
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from balsel.scenario import parse_classes
from balsel.data import (HaplotypeDataset, build_cache, generate, make_splits, read_manifest,
                         read_splits, same_dataset)
from balsel.images import ImageConfig

Q = 40.0


@pytest.fixture(scope="module")
def classes():
    return parse_classes("neutral,s0.0025,s0.005", scaling_factor=Q)


@pytest.fixture(scope="module")
def reference(tmp_path_factory, classes):
    return generate(tmp_path_factory.mktemp("ref") / "d", classes=classes, replicates=8, seed=11, workers=1, progress=False)


def test_workers_do_not_matter(tmp_path, classes, reference):
    d = generate(tmp_path / "d", classes=classes, replicates=8, seed=11, workers=2, progress=False)
    assert same_dataset(d, reference)
    other = generate(tmp_path / "o", classes=classes, replicates=8, seed=12, workers=2, progress=False)
    assert not same_dataset(other, reference)


def test_resume_after_kill(tmp_path, classes, reference):
    out = tmp_path / "k"
    cmd = [sys.executable, "-m", "balsel.data", str(out), "8", "11", str(Q), "2"]
    p = subprocess.Popen(cmd, start_new_session=True)
    done = lambda: len(list((out / "trees").glob("*.json"))) if (out / "trees").exists() else 0
    t0 = time.time()
    while time.time() - t0 < 120 and done() < 3 and p.poll() is None: time.sleep(0.005)
    os.killpg(p.pid, signal.SIGKILL); p.wait()
    n = done()
    assert n < 24, "the run finished before it could be killed; the test proves nothing"
    generate(out, classes=classes, replicates=8, seed=11, workers=2, progress=False)
    assert same_dataset(out, reference)


def test_dask_processes(tmp_path, classes, reference):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as lc:
        d = generate(tmp_path / "dask", classes=classes, replicates=8, seed=11, scheduler=lc.scheduler_address, progress=False)
    assert same_dataset(d, reference)


def test_corrupt_tree_is_regenerated(tmp_path, classes, reference, capfd):
    d = generate(tmp_path / "c", classes=classes, replicates=8, seed=11, workers=1, progress=False)
    victim = d / read_manifest(d)[5]["file"]
    victim.write_bytes(b"")
    generate(d, classes=classes, replicates=8, seed=11, workers=1, progress=False)
    assert str(victim) in capfd.readouterr().err
    assert same_dataset(d, reference)
    victim.write_bytes(b"junk")                        # corrupt after the fact: the cache build names the file
    with pytest.raises(ValueError, match=victim.name):
        build_cache(d, ImageConfig(width=16))


def test_bad_arguments_leave_nothing(tmp_path, classes):
    for kw, msg in [(dict(replicates=0), "replicates"), (dict(replicates=2, engine="nope"), "engine"),
                    (dict(replicates=2, seed=-1), "seed"), (dict(replicates=2, workers=0), "workers"),
                    (dict(replicates=2, classes={"x": 1}), "Scenario")]:
        with pytest.raises(ValueError, match=msg):
            generate(tmp_path / "bad", **(dict(classes=classes, seed=1) | kw))
        assert not (tmp_path / "bad").exists()
    with pytest.raises(ValueError, match="unknown class"):
        parse_classes("neutral,weak")


def test_splits_and_cache(tmp_path, classes, reference):
    import shutil
    d = tmp_path / "s"; shutil.copytree(reference, d)
    make_splits(d, seed=3)
    sp = read_splits(d)
    sets = [set(v) for v in sp.values()]
    assert sum(map(len, sets)) == 24 and not (sets[0] & sets[1] or sets[0] & sets[2] or sets[1] & sets[2])
    train = HaplotypeDataset(d, split="train")
    assert np.bincount(train.labels).tolist() == [6, 6, 6]        # 0.8 * 8 = 6.4 -> 6 of each class
    p, a, y = train[0]
    assert p.dtype.is_floating_point and str(y.dtype) == "torch.int64" and tuple(a.shape) == (4, 1, 10, 64)
    before = {c.name for c in (d / "cache").iterdir()}
    HaplotypeDataset(d, split="valid", config=ImageConfig(width=32))
    assert len({c.name for c in (d / "cache").iterdir()} - before) == 1
    make_splits(d, seed=4)
    assert read_splits(d) != sp
