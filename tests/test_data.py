"balsel.data at tiny sizes (scaling factor 40): determinism, resume after a killed process, Dask, splits, cache."
import os
import re
import signal
import subprocess
import sys
import time

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


# --- hostile and damaged inputs: each refused in one line, or repaired, before any work ---------------------------

import errno
import json
import shutil
import socket
import stat
from contextlib import contextmanager

import balsel.data as bd
from balsel.core import DiskFullError


@contextmanager
def deadline(seconds):
    "Turn a hang (a FIFO read, a runaway task list) into a failure."
    def boom(*_): raise TimeoutError(f"took more than {seconds} s")
    old = signal.signal(signal.SIGALRM, boom); signal.alarm(seconds)
    try: yield
    finally: signal.alarm(0); signal.signal(signal.SIGALRM, old)


def copy_of(reference, path):
    shutil.copytree(reference, path, ignore=shutil.ignore_patterns("cache", "splits.csv"))
    return path


def edit_manifest(d, edit):
    lines = (d / "manifest.csv").read_text().splitlines()
    (d / "manifest.csv").write_text("\n".join(edit(lines)) + "\n")
    return d


def one_line(e): return "\n" not in str(e) and str(e).strip() == str(e)


@pytest.mark.parametrize("field, value, msg", [
    ("file", "/etc/passwd", "line 2: file '/etc/passwd' is not 'trees/neutral_000000.trees'"),
    ("file", "../../../../etc/passwd", "line 2: file '../../../../etc/passwd'"),
    ("file", "trees/neutral_000001.trees", "line 2: file 'trees/neutral_000001.trees'"),
    ("label", "abc", "line 2: label 'abc' is not 0"),
    ("label", "-1", "line 2: label '-1' is not 0"),
    ("label", "2", "label '2' is not 0, the label of class 'neutral'"),
    ("class", "weak", "line 2: class 'weak' is not one of"),
    ("id", "../../x_000000", "is not a locus id of class 'neutral'"),
    ("seed", "x", "line 2: seed 'x'"),
])
def test_manifest_rows_are_checked(tmp_path, reference, field, value, msg):
    d = copy_of(reference, tmp_path / "d")
    k = bd.MANIFEST_FIELDS.index(field)
    def edit(lines):
        row = lines[1].split(","); row[k] = value
        return [lines[0], ",".join(row)] + lines[2:]
    edit_manifest(d, edit)
    for f in (read_manifest, lambda d: build_cache(d, ImageConfig(width=16)), lambda d: HaplotypeDataset(d)):
        with pytest.raises(ValueError, match=re.escape(msg)) as e: f(d)
        assert one_line(e.value) and "manifest.csv" in str(e.value)
    assert not (d / "cache").exists()


def test_manifest_shape_is_checked(tmp_path, reference):
    d = copy_of(reference, tmp_path / "d")
    for edit, msg in [(lambda l: l[:3] + l[1:], "line 4: id 'neutral_000000' is also on line 2"),
                      (lambda l: [l[0].replace(",file", "")] + l[1:], "has the columns"),
                      (lambda l: l[:1] + [l[1] + ",extra"] + l[2:], "line 2: 12 fields instead of 11")]:
        shutil.copy(reference / "manifest.csv", d / "manifest.csv")
        with pytest.raises(ValueError, match=re.escape(msg)): read_manifest(edit_manifest(d, edit))
    (d / "dataset.json").write_text("{not json")
    with pytest.raises(ValueError, match="dataset.json is not a balsel dataset configuration"): read_manifest(d)


def test_locus_files_must_be_the_loci(tmp_path, reference):
    d = copy_of(reference, tmp_path / "d")
    i = read_manifest(d)[0]["id"]
    tf = d / "trees" / f"{i}.trees"
    other = generate(tmp_path / "other", classes=parse_classes("neutral,s0.0025,s0.005", scaling_factor=Q),
                     replicates=1, seed=99, workers=1, progress=False)
    shutil.copy(other / "trees" / f"{i}.trees", tf)        # a valid .trees of another dataset, same id
    with pytest.raises(ValueError, match=re.escape(f"{tf} is not the locus the manifest names (its seed is")):
        build_cache(d, ImageConfig(width=16))
    tf.unlink(); os.mkfifo(tf)                              # a FIFO would hang the build
    with deadline(20), pytest.raises(ValueError, match=re.escape(f"{tf} (locus {i} of manifest.csv) is not a regular file")):
        HaplotypeDataset(d, config=ImageConfig(width=16))
    tf.unlink(); tf.symlink_to("/etc/passwd")
    with pytest.raises(ValueError, match="is not a regular file inside the dataset directory"): build_cache(d, ImageConfig(width=16))
    tf.unlink()
    with pytest.raises(ValueError, match=re.escape(f"{tf} (locus {i} of manifest.csv) is missing")): same_dataset(d, reference)
    assert not list(d.glob(".cache-*"))


def test_hostile_sidecar_is_simulated_again(tmp_path, classes, reference, capfd):
    d = copy_of(reference, tmp_path / "d")
    side = d / "trees" / "neutral_000002.json"
    row = json.loads(side.read_text()) | dict(file="/etc/passwd", label=2)
    side.write_text(json.dumps(row))
    generate(d, classes=classes, replicates=8, seed=11, workers=1, progress=False)
    assert "neutral_000002.trees is missing or corrupt (ValueError: its sidecar describes another locus)" in capfd.readouterr().err
    assert same_dataset(d, reference)


def test_stale_splits_are_refused(tmp_path, classes, reference):
    d = copy_of(reference, tmp_path / "d")
    make_splits(d, seed=3)
    generate(d, classes=classes, replicates=9, seed=11, workers=1, progress=False)     # the dataset grows
    msg = "is stale: it leaves out 3 of the 27 loci in manifest.csv (e.g. neutral_000008)"
    for f in (read_splits, lambda d: HaplotypeDataset(d, split="train", config=ImageConfig(width=16))):
        with pytest.raises(ValueError, match=re.escape(msg)) as e: f(d)
        assert "run make_splits again" in str(e.value) and one_line(e.value)
    make_splits(d, seed=3)
    assert sum(map(len, read_splits(d).values())) == 27
    with open(d / "splits.csv", "a") as f: f.write("neutral_000099,test\n")
    with pytest.raises(ValueError, match="names 1 loci that manifest.csv does not have"): read_splits(d)
    (d / "splits.csv").write_text("id,split\nneutral_000000,holdout\n")
    with pytest.raises(ValueError, match="line 2: 'neutral_000000,holdout' is not an id and one of"): read_splits(d)
    with pytest.raises(ValueError, match="fractions must be"): make_splits(d, seed=1, fractions=(float("nan"), 0.5, 0.5))


def test_one_writer_at_a_time(tmp_path, classes):
    out = tmp_path / "w"
    p = subprocess.Popen([sys.executable, "-m", "balsel.data", str(out), "400", "5", str(Q), "1"], start_new_session=True)
    done = lambda: len(list((out / "trees").glob("*.json"))) if (out / "trees").exists() else 0
    t0 = time.time()
    while time.time() - t0 < 120 and done() < 1 and p.poll() is None: time.sleep(0.005)
    os.killpg(p.pid, signal.SIGSTOP)                       # hold it mid-run: deterministic
    try:
        assert p.poll() is None, "the first run ended early; the test proves nothing"
        before = sorted(x.name for x in (out / "trees").iterdir()), (out / "dataset.json").read_text()
        with pytest.raises(ValueError) as e:
            generate(out, classes=classes, replicates=2, seed=5, workers=1, progress=False)
        assert str(e.value) == f"another balsel simulate is writing {out} (pid {p.pid}); wait for it or use another directory"
        assert (sorted(x.name for x in (out / "trees").iterdir()), (out / "dataset.json").read_text()) == before
    finally:
        os.killpg(p.pid, signal.SIGKILL); p.wait()
    generate(out, classes=classes, replicates=2, seed=5, workers=2, progress=False)
    sidecars = {x.stem for x in (out / "trees").glob("*.json")}
    assert {r["id"] for r in read_manifest(out)} <= sidecars and len(read_manifest(out)) == 3 * json.loads((out / "dataset.json").read_text())["replicates"]


def test_foreign_directory_is_left_alone(tmp_path, classes, reference):
    d = tmp_path / "mine"; (d / "trees").mkdir(parents=True)
    files = {"manifest.csv": "my,own\n", "splits.csv": "mine\n", "trees/.keep.tmp": "keep", "notes.txt": "x"}
    for f, text in files.items(): (d / f).write_text(text)
    with pytest.raises(ValueError, match=re.escape(f"out_dir {str(d)!r} is not empty (manifest.csv, notes.txt, splits.csv, ...) "
                                                   f"and holds no balsel dataset (no dataset.json)")):
        generate(d, classes=classes, replicates=1, seed=1, workers=1, progress=False)
    assert {str(p.relative_to(d)): p.read_text() for p in d.rglob("*") if p.is_file()} == files
    assert sorted(p.name for p in d.iterdir()) == ["manifest.csv", "notes.txt", "splits.csv", "trees"]
    r = copy_of(reference, tmp_path / "r")                 # in a dataset, only balsel's own temporary files go
    own, others = r / "trees" / ".neutral_000001.trees.k2j_9x0a.tmp", [r / "trees" / ".keep.tmp", r / ".x.tmp", r / "trees" / "x.tmp"]
    for f in [own, *others]: f.write_text("")
    generate(r, classes=classes, replicates=8, seed=11, workers=1, progress=False)
    assert not own.exists() and all(f.exists() for f in others)


def test_huge_request_is_refused_up_front(tmp_path, classes, reference, capfd):
    with deadline(30), pytest.raises(ValueError, match=r"replicates=1000000000 needs 3000000000 more loci, about .* TB on disk, "
                                                     r"but only .* is free on .*; ask for fewer replicates or free some space"):
        generate(tmp_path / "huge", classes=classes, replicates=10**9, seed=1, progress=False)
    assert not (tmp_path / "huge").exists()
    d = copy_of(reference, tmp_path / "d")
    cfg = (d / "dataset.json").read_text()
    with deadline(30), pytest.raises(ValueError, match="needs 2999999976 more loci"):
        generate(d, classes=classes, replicates=10**9, seed=11, progress=False)
    assert (d / "dataset.json").read_text() == cfg               # no plan recorded
    (d / "dataset.json").write_text(cfg.replace('"replicates": 8', '"replicates": 1000000000'))   # as older versions left it
    with deadline(30): generate(d, classes=classes, replicates=9, seed=11, workers=1, progress=True)
    err = capfd.readouterr().err
    assert f"balsel: 3 loci to simulate into {d} (24 of 27 already done), about " in err and " kB on disk (" in err
    assert json.loads((d / "dataset.json").read_text())["replicates"] == 9 and len(read_manifest(d)) == 27


def closed_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    return port


def test_unreachable_scheduler(tmp_path, classes, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(bd, "SCHEDULER_TIMEOUT", 1.0, raising=False)   # (absent before the fix)
    address = f"tcp://127.0.0.1:{closed_port()}"
    t0 = time.time()
    with pytest.raises(ValueError, match=re.escape(f"scheduler {address!r} did not answer as a Dask scheduler")) as e:
        generate(tmp_path / "d", classes=classes, replicates=2, seed=1, scheduler=address, progress=False)
    assert time.time() - t0 < 10 and one_line(e.value) and not (tmp_path / "d").exists()
    listener = socket.socket(); listener.bind(("127.0.0.1", 0)); listener.listen(4)     # answers, but is not Dask
    try:
        address = f"tcp://127.0.0.1:{listener.getsockname()[1]}"
        with pytest.raises(ValueError, match=re.escape(f"scheduler {address!r} did not answer as a Dask scheduler")):
            generate(tmp_path / "d", classes=classes, replicates=2, seed=1, scheduler=address, progress=False)
        assert not (tmp_path / "d").exists()
    finally: listener.close()


def test_disk_full_in_a_worker(tmp_path, classes, reference, monkeypatch):
    import balsel.simulate
    real = balsel.simulate.simulate
    def full(scenario, *, engine, seed):                  # ENOSPC raised in the worker (forked, so the patch is there)
        if seed % 3 == 0: raise OSError(errno.ENOSPC, "No space left on device")
        return real(scenario, engine=engine, seed=seed)
    monkeypatch.setattr(balsel.simulate, "simulate", full)
    d = tmp_path / "d"
    with pytest.raises(DiskFullError) as e:
        generate(d, classes=classes, replicates=8, seed=11, workers=2, progress=False)
    assert str(e.value) == f"[Errno 28] disk full while writing {d}: free some space and run the same command again"
    assert e.value.__cause__ is None and e.value.__suppress_context__
    monkeypatch.setattr(balsel.simulate, "simulate", real)
    generate(d, classes=classes, replicates=8, seed=11, workers=2, progress=False)    # the same command resumes
    assert same_dataset(d, reference)


def test_cache_checks_the_disk_and_cleans_up(tmp_path, reference, monkeypatch):
    d = copy_of(reference, tmp_path / "d")
    (d / ".cache-ab12cd34").mkdir(); (d / ".cache-ab12cd34" / "present.npy").write_bytes(b"x" * 100)   # a killed build
    (d / ".cache-mine").mkdir()
    real = shutil.disk_usage
    monkeypatch.setattr(bd.shutil, "disk_usage", lambda p: real(p)._replace(free=10_000))
    with pytest.raises(DiskFullError, match=r"the image cache of .* needs about .* but only 10.0 kB is free: free some space"):
        build_cache(d, ImageConfig(width=16))
    assert not (d / "cache").exists() and sorted(p.name for p in d.glob(".cache-*")) == [".cache-mine"]
    monkeypatch.setattr(bd.shutil, "disk_usage", real)
    assert build_cache(d, ImageConfig(width=16)).is_dir() and sorted(p.name for p in d.glob(".cache-*")) == [".cache-mine"]


def test_damaged_cache_is_rebuilt(tmp_path, reference, capfd):
    d = copy_of(reference, tmp_path / "d")
    cfg = ImageConfig(width=16)
    good = [tuple(t.numpy() for t in HaplotypeDataset(d, config=cfg)[i][:2]) for i in (0, 23)]
    cdir = build_cache(d, cfg)
    for damage, name in [(lambda: np.save(cdir / "present.npy", np.array([object()] * 24), allow_pickle=True), "present.npy"),
                         (lambda: open(cdir / "ancient.npy", "r+b").truncate(300), "ancient.npy"),
                         (lambda: np.save(cdir / "present.npy", np.zeros((24, 3), np.float32)), "present.npy"),
                         (lambda: (cdir / "meta.json").write_text("{"), "meta.json")]:
        damage()
        ds = HaplotypeDataset(d, config=cfg)
        assert f"the image cache {cdir} is damaged ({name}" in capfd.readouterr().err
        for i, (p, a) in zip((0, 23), good):
            assert np.array_equal(ds[i][0].numpy(), p) and np.array_equal(ds[i][1].numpy(), a)


def test_files_follow_the_umask(tmp_path, classes):
    old = os.umask(0o022)
    try:
        d = generate(tmp_path / "u", classes=classes, replicates=1, seed=1, workers=1, progress=False)
        make_splits(d, seed=1)
        HaplotypeDataset(d, config=ImageConfig(width=16))
    finally: os.umask(old)
    modes = {str(p.relative_to(d)): oct(stat.S_IMODE(p.stat().st_mode)) for p in [d, *d.rglob("*")]}
    assert {m for p, m in modes.items() if (d / p).is_dir()} == {"0o755"}, modes
    assert {m for p, m in modes.items() if not (d / p).is_dir()} == {"0o644"}, modes


# --- the centre of neutral loci ------------------------------------------------------------------------------------
import tskit

from balsel.data import locus_centres, read_config, selected_frequencies
from balsel.images import haplotype_images
from balsel.simulate import sample_slices


def present_frequency(d, i, centre):
    "Present-day derived frequency of the SNP at `centre` in locus `i` of dataset `d`."
    ts = tskit.load(d / "trees" / f"{i}.trees")
    k = np.flatnonzero(ts.sites_position == centre)
    assert len(k) == 1, "the centre is not one of the locus's SNPs"
    return float((ts.genotype_matrix(samples=sample_slices(ts)[0][1])[k[0]] > 0).mean())


def test_matched_centres_follow_the_selected_frequencies(tmp_path):
    from scipy.stats import ks_2samp
    cl = parse_classes("neutral,s0.005", scaling_factor=Q)
    d = generate(tmp_path / "m", classes=cl, replicates=60, seed=5, workers=2, progress=False)
    assert read_config(d)["neutral_centre"] == "matched"
    c = locus_centres(d)
    f = [present_frequency(d, r["id"], c[r["id"]]) for r in read_manifest(d) if r["class"] == "neutral"]
    target = selected_frequencies(cl, seed=5)
    assert len(f) == 60 and ks_2samp(f, target).pvalue > 0.01, (np.mean(f), target.mean())
    sel = [present_frequency(d, r["id"], c[r["id"]]) for r in read_manifest(d) if r["class"] != "neutral"]
    assert ks_2samp(sel, target).pvalue > 0.01, (np.mean(sel), target.mean())    # the target is the selected loci's law


@pytest.fixture(scope="module")
def first(tmp_path_factory, classes):
    return generate(tmp_path_factory.mktemp("first") / "d", classes=classes, replicates=8, seed=11, neutral_centre="first",
                    workers=1, progress=False)


def test_first_keeps_the_old_centre(first, reference, classes):
    drop = lambda rows: [{k: v for k, v in r.items() if k != "centre"} for r in rows]
    assert drop(read_manifest(first)) == drop(read_manifest(reference))          # the same loci, other neutral centres
    assert read_config(first)["neutral_centre"] == "first" and read_config(reference)["neutral_centre"] == "matched"
    cf, cm = locus_centres(first), locus_centres(reference)
    for r in read_manifest(first):
        ts = tskit.load(first / r["file"])
        if r["class"] == "neutral": assert cf[r["id"]] == ts.sequence_length / 2 != cm[r["id"]]
        else: assert cf[r["id"]] == cm[r["id"]] == classes[r["class"]].selected_position
    ds = HaplotypeDataset(first, config=ImageConfig(width=16))
    for j, i in enumerate(ds.ids):                                                # the images of the old default
        im = haplotype_images(tskit.load(first / "trees" / f"{i}.trees"), config=ImageConfig(width=16))
        assert np.array_equal(ds[j][0].numpy(), im.present) and np.array_equal(ds[j][1].numpy(), im.ancient)
    with pytest.raises(ValueError, match="another configuration"):
        generate(first, classes=classes, replicates=8, seed=11, neutral_centre="matched", progress=False)


def test_old_dataset_without_centres(tmp_path, first, classes):
    d = copy_of(first, tmp_path / "old")                                          # as written before the centre existed
    cfg = json.loads((d / "dataset.json").read_text()); del cfg["neutral_centre"]
    (d / "dataset.json").write_text(json.dumps(cfg, indent=1))
    edit_manifest(d, lambda lines: [l.rsplit(",", 1)[0] for l in lines])
    for side in (d / "trees").glob("*.json"):
        row = json.loads(side.read_text()); del row["centre"]; side.write_text(json.dumps(row))
    rows = read_manifest(d)
    assert {r["centre"] for r in rows} == {""} and read_config(d)["neutral_centre"] == "first"
    assert locus_centres(d) == locus_centres(first)
    old, new = HaplotypeDataset(d, config=ImageConfig(width=16)), HaplotypeDataset(first, config=ImageConfig(width=16))
    assert all(np.array_equal(old[j][0].numpy(), new[j][0].numpy()) for j in range(len(old)))
    with pytest.raises(ValueError, match="another configuration"):
        generate(d, classes=classes, replicates=8, seed=11, neutral_centre="matched", progress=False)
    generate(d, classes=classes, replicates=8, seed=11, workers=1, progress=False)  # resumes as 'first'
    assert read_manifest(d) == read_manifest(first) and read_config(d)["neutral_centre"] == "first"


def test_nothing_to_match(tmp_path, classes, capfd):
    d = generate(tmp_path / "n", classes={"neutral": classes["neutral"]}, replicates=2, seed=1, workers=1, progress=True)
    assert read_config(d)["neutral_centre"] == "first" and "nothing to match" in capfd.readouterr().err
    with pytest.raises(ValueError, match="neutral_centre must be"):
        generate(tmp_path / "x", classes=classes, replicates=1, seed=1, neutral_centre="middle")
