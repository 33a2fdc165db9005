"""One way to spread work over processes: a map in forked workers that inherit what they share."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Shared = TypeVar("Shared")
Item = TypeVar("Item")
Result = TypeVar("Result")

# What the forked workers share: set just before they fork, so they inherit it instead of unpickling it
_task: tuple[Callable[[Any, Any], Any], Any] | None = None


def forked_map(
    fn: Callable[[Shared, Item], Result], items: Sequence[Item], shared: Shared, workers: int, chunksize: int = 1
) -> list[Result]:
    """`[fn(shared, item) for item in items]`, in `workers` forked processes when there are two or more.

    `shared` (a site, a config) reaches the workers through the fork, not through pickling; only the
    items and results travel between processes.
    """
    if workers < 2 or len(items) < 2:
        return [fn(shared, item) for item in items]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _task
    _task = (fn, shared)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return list(pool.map(_run, items, chunksize=chunksize))
    finally:
        _task = None


def _run(item: Any) -> Any:
    assert _task is not None, "runs in a worker forked by forked_map"
    fn, shared = _task
    return fn(shared, item)
