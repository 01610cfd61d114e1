"""Read-only containers for the values a validated ``Scenario`` holds.

``FrozenDict`` and ``FrozenList`` are a ``dict`` and a ``list`` (so ``isinstance``, equality, ``json``,
``{**params}`` and ``dict(path)`` work as before) whose mutating methods raise ``TypeError`` with a message
saying how to get a changed scenario instead. They pickle (process pools, Dask) as plain copies.
"""

from __future__ import annotations

from typing import Any, NoReturn

HOW = "a validated scenario cannot be changed in place; use scenario.with_values({...}) for a new, validated one"


def _refuse(self: Any, *args: Any, **kwargs: Any) -> NoReturn:
    raise TypeError(f"{type(self).__name__} is read-only: {HOW}")


class FrozenDict(dict):  # type: ignore[type-arg]
    """A ``dict`` that refuses every change."""

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (dict(self),))

    def __copy__(self) -> FrozenDict:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenDict:
        return self


class FrozenList(list):  # type: ignore[type-arg]
    """A ``list`` that refuses every change."""

    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse
    append = extend = insert = pop = remove = clear = sort = reverse = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (list(self),))

    def __copy__(self) -> FrozenList:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenList:
        return self


def freeze_params(params: dict[str, Any]) -> FrozenDict:
    """``params`` with every year path (a dict) frozen too."""
    return FrozenDict({k: (FrozenDict(v) if isinstance(v, dict) else v) for k, v in params.items()})
