"""Training throughput on this machine: full step, DataLoader only, model only.

    python benchmarks/train.py                       # toy in-memory data (balsel shapes)
    python benchmarks/train.py --data DIR            # a balsel dataset directory (HaplotypeDataset, train split)
    python benchmarks/train.py --threads 1 --workers 1 --resnet

Prints images per second for
  model-only   forward + loss + backward + update on one fixed in-memory batch (the ceiling),
  loader-only  iterating the DataLoader (what preparing batches costs),
  full step    the real loop: DataLoader + model step,
and full step / model-only (goal >= 90 %: preparing batches costs at most a tenth of the step).
`--resnet` adds the course's two-ResNet18 network (22 M parameters) for comparison.

Measured here (2 shared cores, torch 2.13 CPU, toy 64-column images, batch 32): two-branch model-only ~640
images/s on 1 thread, ~1,000 on 2; full step 97-105 % of model-only; loader-only ~90,000 images/s in memory;
the course's two ResNet18s: ~5 images/s (130x slower).
"""
import argparse
import os
import time

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader


def resnet18_branch(in_ch=1):
    "ResNet18 with a 1-channel 3x3 stem, 512 -> 64 features (as the course's branches)."
    class Block(nn.Module):
        def __init__(self, ci, co, stride):
            super().__init__()
            self.c1, self.b1 = nn.Conv2d(ci, co, 3, stride, 1, bias=False), nn.BatchNorm2d(co)
            self.c2, self.b2 = nn.Conv2d(co, co, 3, 1, 1, bias=False), nn.BatchNorm2d(co)
            self.sc = (nn.Sequential(nn.Conv2d(ci, co, 1, stride, bias=False), nn.BatchNorm2d(co))
                       if stride != 1 or ci != co else nn.Identity())
        def forward(self, x):
            return F.relu(self.b2(self.c2(F.relu(self.b1(self.c1(x))))) + self.sc(x))
    layers, c = [nn.Conv2d(in_ch, 64, 3, 1, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU()], 64
    for co, st in ((64, 1), (64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1)):
        layers.append(Block(c, co, st)); c = co
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(512, 64))


class TwoResNet18(nn.Module):
    "The course network: ancient slices stacked into one image, present image; two ResNet18s; MLP head."
    def __init__(self, n_classes=3):
        super().__init__()
        self.a, self.p = resnet18_branch(), resnet18_branch()
        self.head = nn.Sequential(nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, n_classes))
    def forward(self, present, ancient):
        a = ancient.transpose(1, 2).flatten(2, 3)          # (B, S, C, 10, W) -> (B, C, S*10, W)
        return self.head(torch.cat([self.p(present), self.a(a)], 1))


def step_fn(model, opt):
    def step(present, ancient, y):
        loss = F.cross_entropy(model(present, ancient), y)
        opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
    return step


def rate(fn, n_images, *, min_seconds):
    "Images per second of fn() (one call = n_images), after one warm-up call, over >= min_seconds."
    fn()
    t0, calls = time.perf_counter(), 0
    while True:
        fn(); calls += 1
        dt = time.perf_counter() - t0
        if dt >= min_seconds: return calls * n_images / dt


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", help="balsel dataset directory (default: toy in-memory data)")
    ap.add_argument("--model", default="two-branch")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--threads", type=int, default=os.cpu_count(), help="torch intra-op threads")
    ap.add_argument("--workers", type=int, default=0, help="DataLoader worker processes")
    ap.add_argument("--seconds", type=float, default=5.0, help="minimum timing per figure")
    ap.add_argument("--n", type=int, default=2048, help="toy dataset size")
    ap.add_argument("--width", type=int, default=64, help="toy image width (SNP columns)")
    ap.add_argument("--resnet", action="store_true", help="also time the course's two-ResNet18 network")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    from balsel.model import build_model, n_parameters, ToyHaplotypes
    if a.data:
        from balsel.data import HaplotypeDataset
        ds = HaplotypeDataset(a.data, split="train")
    else:
        ds = ToyHaplotypes(a.n, seed=0, width=a.width)
    present, ancient, _ = ds[0]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {os.cpu_count()} cores; "
          f"data: {a.data or 'toy'} ({len(ds)} images), present {tuple(present.shape)}, ancient {tuple(ancient.shape)}; "
          f"batch {a.batch_size}, workers {a.workers}")

    dl = DataLoader(ds, batch_size=a.batch_size, shuffle=True, num_workers=a.workers, drop_last=True,
                    persistent_workers=a.workers > 0, generator=torch.Generator().manual_seed(0))
    it = [iter(dl)]
    def next_batch():
        try: return next(it[0])
        except StopIteration:
            it[0] = iter(dl); return next(it[0])

    loader = rate(next_batch, a.batch_size, min_seconds=a.seconds)
    models = [(a.model, build_model(a.model, present_shape=tuple(present.shape), ancient_shape=tuple(ancient.shape)))]
    if a.resnet: models.append(("2 x ResNet18 (course)", TwoResNet18()))
    fixed = next_batch()
    print(f"{'loader-only':28s} {loader:9.0f} images/s")
    for name, model in models:
        model.train()
        step = step_fn(model, torch.optim.AdamW(model.parameters(), lr=1e-3))
        model_only = rate(lambda: step(*fixed), a.batch_size, min_seconds=a.seconds)
        full = rate(lambda: step(*next_batch()), a.batch_size, min_seconds=a.seconds)
        print(f"{name + ' model-only':28s} {model_only:9.0f} images/s   ({n_parameters(model):,} parameters)")
        print(f"{name + ' full step':28s} {full:9.0f} images/s   = {full / model_only:.0%} of model-only")
        # loader time per image must be small next to model time: full/model-only >= 0.9 means the loader costs <= 10 %
        verdict = "OK: loader is not the bottleneck" if full >= 0.9 * model_only else "loader IS a bottleneck (try --workers or caching)"
        print(f"{'':28s} loader-only / model-only = {loader / model_only:.1f}x; {verdict}")


if __name__ == "__main__":
    main()
