"""The one place that touches Mesa's internals (agent registries, weak agent sets, id counters).

A province-scale run creates and removes tens of thousands of firms; Mesa's per-agent registration (a
method call and a log line each) would dominate its cost. ``fast_registries`` hands the model Mesa's own
registries so firms can be registered in bulk, with the same end state as one ``Agent(model)`` call per
firm. Every function checks what it finds and returns None / does nothing when Mesa's layout is not the
one it knows, so the model falls back to Mesa's public API (slower, same results) on a Mesa it was not
checked against. The bulk path is used on Mesa 3.3 (``KNOWN_MESA``); Mesa 3.5 (Python 3.12+) keeps its agents
differently (no ``model._agents``, plain-dict agent sets, ids from ``model.agent_id_counter``), so there the
model uses Mesa's public API, which ``scripts/setup-and-test`` checks by running the model tests under it.
"""

from __future__ import annotations

import collections
import itertools
import operator
import weakref
from collections.abc import Iterator
from typing import Any

import mesa

KNOWN_MESA = ((3, 3),)  # minor versions whose internals the bulk path was checked against


def mesa_version() -> tuple[int, int]:
    """Mesa's (major, minor) version."""
    major, minor = (int("".join(ch for ch in part if ch.isdigit()) or 0) for part in mesa.__version__.split(".")[:2])
    return major, minor


def known_mesa() -> bool:
    """Whether the installed Mesa is one whose internals this module knows (else only the public API is used)."""
    return mesa_version() in KNOWN_MESA


def fast_registries(model: mesa.Model, cls: type) -> list[Any] | None:
    """Where Mesa registers an agent of type ``cls``: the model's agent dict and the weak-key dicts of
    ``agents_by_type[cls]`` and ``agents``, plus nothing else; None if they look different (or Mesa is
    unknown), and the caller then uses Mesa's constructor and ``remove``."""
    if not known_mesa():
        return None
    registry = getattr(model, "_agents", None)
    by_type = getattr(model.agents_by_type.get(cls), "_agents", None)
    everyone = getattr(model.agents, "_agents", None)
    if (type(registry) is dict and isinstance(by_type, weakref.WeakKeyDictionary)
            and isinstance(everyone, weakref.WeakKeyDictionary) and isinstance(getattr(cls, "_ids", None), dict)):
        return [registry, by_type, everyone]
    return None


def id_counter(model: mesa.Model, cls: type) -> Iterator[int]:
    """The counter Mesa draws ``unique_id`` from for the agents of ``model`` (only when ``fast_registries``
    returned the registries)."""
    return cls._ids[model]  # type: ignore[attr-defined, no-any-return]


def weak_add(sets: list[weakref.WeakKeyDictionary], agents: list[Any]) -> None:
    """``weak.update(dict.fromkeys(agents))`` for each weak set, with the loops in C. One weak reference per
    agent serves every set (it carries the first set's removal callback): an agent leaves the sets through
    ``weak_discard`` or Mesa's ``remove`` while the model still holds it, so no callback ever fires for
    a Firm, and ``release_model`` empties the sets before the agents are freed."""
    keys = dict.fromkeys(map(weakref.ref, agents, itertools.repeat(sets[0]._remove)))  # noqa: SLF001
    for weak in sets:
        weak.data.update(keys)


def weak_discard(sets: list[weakref.WeakKeyDictionary], agents: list[Any]) -> None:
    """``del weak[a]`` for each agent and weak set, with the loops in C (a missing agent raises KeyError,
    as ``del`` does). The look-up key of each agent is a weak reference it already has (``weak_add`` gave it
    one; weak references to the same live object are equal), usually the registered key itself: a hit by
    identity, and no new reference made and freed per agent (``weakref.ref(a)`` makes one, as the registered
    reference carries a callback)."""
    try:
        refs = list(map(operator.itemgetter(0), map(weakref.getweakrefs, agents)))
    except IndexError:  # an agent without any weak reference is in no weak set
        raise KeyError("agent not in the weak agent sets") from None
    for weak in sets:
        weak._dirty_len = True  # what WeakKeyDictionary.__delitem__ sets  # noqa: SLF001
        collections.deque(map(weak.data.__delitem__, refs), maxlen=0)


def release_model(model: mesa.Model) -> None:
    """Let ``model`` be freed once the caller drops it. Mesa's ``Agent`` keeps a per-model id counter in a
    class-level dict keyed by the model, which would keep every finished model (and its agents) alive; the
    weak agent sets and registries are emptied so reference counting frees the agents at once, without a
    weakref callback per agent and set or a cyclic collection over thousands of them."""
    ids = getattr(mesa.Agent, "_ids", None)
    if isinstance(ids, dict):
        ids.pop(model, None)
    for agent_set in [getattr(model, "_all_agents", None), *getattr(model, "_agents_by_type", {}).values()]:
        weak = getattr(agent_set, "_agents", None)
        if isinstance(weak, weakref.WeakKeyDictionary):
            weak.data.clear()
    for name in ("_agents", "_agents_by_type"):
        registry = getattr(model, name, None)
        if isinstance(registry, dict):
            registry.clear()
