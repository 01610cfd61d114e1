"""Where the runs of a study execute: in this process, in a local process
pool, or on a Dask distributed cluster.

Every executor maps the pure function ``sim.runs.runner.simulate`` over a list of
``(params, seed, uncertainty)`` tuples and returns the results in input
order. The seed of each run is fixed before execution, so the results are
identical whichever executor runs them and however many workers it has.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Protocol
from urllib.parse import urlsplit

from sim.errors import InnovsimError
from sim.limits import MAX_WORKERS, check_int
from sim.runs.runner import CancelFn, ProgressFn, RunCancelled, default_workers, map_in_pool, map_serial, new_pool, simulate_task, stop_pool

RunArgs = tuple[dict[str, Any], int, dict[str, tuple[float, float]]]

DASK_PREFIX = "dask://"


class Executor(Protocol):
    """Runs ``simulate(*args)`` for each item and returns results in order."""

    name: str

    def map_runs(self, runs: Sequence[RunArgs], progress: ProgressFn | None = None,
                 cancel: CancelFn | None = None) -> list[dict[str, Any]]: ...

    def close(self) -> None: ...


class LocalExecutor:
    """This process (``workers=1``) or a process pool of ``workers`` (see ``sim.runs.runner.pool_context``).

    The pool starts on first use and is kept until ``close()``, so studies
    that run many small batches (goal seeking, calibration) pay for it once.
    """

    def __init__(self, workers: int = 1) -> None:
        self.workers = check_int("--workers", workers, 1, MAX_WORKERS)
        self.name = "serial" if self.workers == 1 else f"local pool of {self.workers} processes"
        self._pool: ProcessPoolExecutor | None = None

    def map_runs(self, runs: Sequence[RunArgs], progress: ProgressFn | None = None,
                 cancel: CancelFn | None = None) -> list[dict[str, Any]]:
        if not runs:
            return []
        if self.workers == 1 or len(runs) == 1:
            return map_serial(runs, progress, cancel)
        if self._pool is None:
            self._pool = new_pool(self.workers)
        try:
            return map_in_pool(self._pool, runs, 2 * self.workers, False, progress, cancel)
        except BaseException as e:
            stop_pool(self._pool, e)
            self._pool = None
            raise

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskExecutor:
    """A Dask distributed cluster at ``tcp://HOST:PORT`` (``pip install innovsim[cluster]``).

    The workers must be able to import ``sim`` (the same innovsim version).
    """

    def __init__(self, address: str, timeout: float = 30.0) -> None:
        try:
            from distributed import Client
        except ImportError as e:
            raise InnovsimError("--executor dask://... needs the 'dask' and 'distributed' packages: "
                                "pip install innovsim[cluster]") from e
        if address.startswith(DASK_PREFIX):
            address = "tcp://" + address[len(DASK_PREFIX):]
        self.address = address
        self.name = f"dask cluster at {address}"
        try:
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as e:
            raise InnovsimError(f"Cannot connect to the Dask scheduler at {address}: {e}. "
                                f"Start one with 'dask scheduler' and workers with 'dask worker {address}'") from e

    def map_runs(self, runs: Sequence[RunArgs], progress: ProgressFn | None = None,
                 cancel: CancelFn | None = None) -> list[dict[str, Any]]:
        from distributed import as_completed

        if not runs:
            return []
        futures = self.client.map(simulate_task, list(runs), pure=False)
        index = {f.key: k for k, f in enumerate(futures)}
        results: list[dict[str, Any] | None] = [None] * len(runs)
        done = 0
        try:
            with self.client.as_current():  # as_completed looks up the current client
                completed = as_completed(futures)
            for fut in completed:
                results[index[fut.key]] = fut.result()
                done += 1
                if progress is not None:
                    progress(done, len(runs))
                if cancel is not None and cancel():
                    raise RunCancelled("run cancelled")
        except BaseException:
            self.client.cancel(futures)
            raise
        return [r for r in results if r is not None]

    def close(self) -> None:
        self.client.close()


def check_executor_spec(spec: str) -> str:
    """``spec`` if it is ``local``, ``serial`` or ``dask://HOST:PORT`` / ``tcp://HOST:PORT`` with a port from 1 to
    65535; ``InnovsimError`` otherwise (checked before any work; nothing is connected here)."""
    if spec in ("local", "serial"):
        return spec
    if isinstance(spec, str) and spec.startswith((DASK_PREFIX, "tcp://")):
        try:
            parts = urlsplit("tcp://" + spec.split("://", 1)[1])
            port = parts.port
        except ValueError:
            port = None
            parts = None
        if parts is not None and parts.hostname and port is not None and 0 < port < 65536 and not parts.path.strip("/"):
            return spec
    shown = repr(spec) if len(repr(spec)) <= 60 else repr(spec)[:57] + "..."
    raise InnovsimError(f"--executor {shown}: expected 'local', 'serial' or dask://HOST:PORT")


def make_executor(executor: str | Executor | None = None, workers: int | None = None) -> Executor:
    """An executor from a spec.

    Args:
        executor: ``None`` or ``"local"`` (process pool of ``workers``), ``"serial"``,
            ``"dask://HOST:PORT"``, or an executor object (returned as is).
        workers: local worker processes (default: the CPU count).
    """
    if executor is not None and not isinstance(executor, str):
        return executor
    if executor is not None:
        check_executor_spec(executor)
    if executor is None or executor == "local":
        return LocalExecutor(default_workers() if workers is None else workers)
    if executor == "serial":
        return LocalExecutor(1)
    return DaskExecutor(executor)


@contextmanager
def executor_scope(executor: str | Executor | None = None, workers: int | None = None) -> Iterator[Executor]:
    """An executor for one study; closed at the end if made here from a spec."""
    ex = make_executor(executor, workers)
    try:
        yield ex
    finally:
        if ex is not executor:
            ex.close()
