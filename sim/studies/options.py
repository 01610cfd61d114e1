"""The arguments every study (sweep, sensitivity, calibrate, goalseek) shares, in one object."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TypedDict

from sim.limits import MAX_REPLICATES, MAX_SEED, MAX_WORKERS, check_int
from sim.runs.executors import Executor, check_executor_spec
from sim.runs.runner import CancelFn, ProgressFn


@dataclass(frozen=True)
class StudyOptions:
    """How a study runs its points.

    Attributes:
        replicates: runs per point (None: the study's default, often the scenario's ``run.replicates``).
        seed: base seed (None: the scenario's ``run.seed``); replicate r of every point uses
            ``replicate_seed(seed, r)``, as ``innovsim run`` does.
        executor, workers: where to run (see ``sim.runs.executors.make_executor``).
        overrides: ``--set`` strings applied when the scenario is given as a file.
        progress: called with (runs done, runs in all).
        cancel: asked between runs; True stops the study with ``RunCancelled``.
    """

    replicates: int | None = None
    seed: int | None = None
    executor: str | Executor | None = None
    workers: int | None = None
    overrides: list[str] | None = None
    progress: ProgressFn | None = None
    cancel: CancelFn | None = None


class StudyArgs(TypedDict, total=False):
    """``StudyOptions`` fields given as keywords (``sweep(..., replicates=4, seed=1)``)."""

    replicates: int | None
    seed: int | None
    executor: str | Executor | None
    workers: int | None
    overrides: list[str] | None
    progress: ProgressFn | None
    cancel: CancelFn | None


def study_options(options: StudyOptions | None, keywords: StudyArgs, replicates: int | None = None) -> StudyOptions:
    """``options`` with the fields given as keywords replacing its own; ``replicates`` is the study's default
    when neither gives one."""
    opts = dataclasses.replace(options or StudyOptions(), **keywords)
    if opts.replicates is None and replicates is not None:
        opts = dataclasses.replace(opts, replicates=replicates)
    check_options(opts)
    return opts


def check_options(opts: StudyOptions) -> None:
    """Refuse replicates, seed, workers or an executor spec outside the allowed ranges before any work."""
    if opts.replicates is not None:
        check_int("replicates", opts.replicates, 1, MAX_REPLICATES)
    if opts.seed is not None:
        check_int("seed", opts.seed, 0, MAX_SEED)
    if opts.workers is not None:
        check_int("workers", opts.workers, 1, MAX_WORKERS)
    if isinstance(opts.executor, str):
        check_executor_spec(opts.executor)
