"""balsel: detect recent balancing selection from ancient and present-day haplotypes.

`import balsel` is quick and loads nothing heavy: `balsel.simulate`, `balsel.course_scenario`, `balsel.generate`,
`balsel.fit`, ... load their module on first use (PEP 562), so `balsel --help` never waits for torch or msprime.
The modules are the source (each exported from its notebook in nbs/); this file only names the everyday API.
It is hand-written: `nbdev_export` rewrites no more than the `__version__` line below (from settings.ini), and
tests/test_api.py checks that every name below resolves and is listed by `__all__` and `dir(balsel)`.

`balsel.simulate` is the module balsel.simulate and can also be called as its function: `balsel.simulate(sc,
seed=1)` is `balsel.simulate.simulate(sc, seed=1)`. `balsel.evaluate` is the module (the training loop's
`evaluate` is `balsel.train.evaluate`).
"""
__version__ = "0.0.1"

import importlib as _importlib
import sys as _sys
import types as _types

_MODULES = ("core", "scenario", "forward", "slim", "simulate", "images", "vcf", "data", "model", "train", "evaluate",
           "runs", "scan", "localise", "demo", "cli")
# name -> the module that defines it: the API a researcher reaches for, in the order of the course
_LAZY = {name: module for module, names in {
    "scenario": "Scenario Selection Sampling SampleSpec Design course_scenario course_classes course_design "
                "parse_classes from_stdpopsim from_demes read_design write_design spread_design design_differences",
    "simulate": "SimResult ENGINES register_engine sample_slices design_nodes plot_trajectory plot_diversity",
    "images": "ImageConfig Images Observation observe design_observation haplotype_images genotype_images plot_images",
    "vcf": "write_vcf vcf_to_tree_sequence read_sample_table",
    "data": "generate build_cache make_splits read_manifest read_splits HaplotypeDataset CachedDataset",
    "model": "MODELS build_model register_model TwoBranchCNN PresentOnlyCNN n_parameters",
    "train": "fit load_checkpoint save_checkpoint get_device plot_history",
    "evaluate": "metrics predict confusion_matrix plot_confusion plot_roc summary_baseline frequency_ceiling",
    "runs": "train_run evaluate_run predict_file trained_design",
    "scan": "scan_vcf predict_vcf plot_scan ScanResult Localiser load_localiser",
    "localise": "fit_localiser",
    "demo": "run_demo",
}.items() for name in names.split()}
_CALLABLE = {"simulate"}  # modules that are also their function of the same name

__all__ = ["__version__", *_MODULES, *_LAZY]


class _CallableModule(_types.ModuleType):
    "A module that is also its main function: calling it calls `module.<its own name>` (looked up at each call)."
    def __call__(self, *args, **kwargs): return getattr(self, self.__name__.rpartition(".")[2])(*args, **kwargs)


class _Package(_types.ModuleType):
    "balsel itself: a submodule in `_CALLABLE` becomes callable however it was first imported."
    def __setattr__(self, name, value):
        if name in _CALLABLE and isinstance(value, _types.ModuleType) and value.__name__ == f"{__name__}.{name}":
            value.__class__ = _CallableModule
        super().__setattr__(name, value)


def __getattr__(name: str):
    "PEP 562: a module of balsel, or a name of `_LAZY`, imported on first use and then kept."
    if name in _MODULES: return _importlib.import_module(f"{__name__}.{name}")  # the import binds it here
    if name in _LAZY:
        value = getattr(_importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__(): return sorted(set(globals()) | set(__all__))


_sys.modules[__name__].__class__ = _Package
