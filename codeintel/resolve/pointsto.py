"""The constraint solver under Python resolution: inclusion constraints over abstract objects.

Slots (variables, attributes, container elements, parameters, returns) hold sets of abstract
objects (interned as ints). Two kinds of constraint connect them: copy edges (`a ⊆ b`) and
handlers attached to a slot that run once for every object that reaches it (an attribute
load runs for each object the base may hold, a call for each callee). A worklist propagates
only the objects a slot has not seen yet (difference propagation), so each object crosses
each edge once and the cost grows with the edges and the sizes of the sets, which stay small
in real code, rather than with the number of passes.

Sets do not always stay small: a helper that receives values from a thousand external calls, a
list of tuples built all over a module, or a generic decorator's `*args` that sees every function
it wraps would hold all of them, and pass them on to everything they reach (the stdlib's own
functools and contextlib wrappers made the whole-stdlib solve run for many minutes). So a slot
holds at most `cap` objects and drops the rest. That bounds the work, and costs recall only in
such hubs; which objects a full slot keeps is deterministic (the same facts give the same graph).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

Handler = Callable[[int], None]


class Solver:
    """Slots and objects by key; `solve()` runs the worklist to a fixpoint."""

    def __init__(self) -> None:
        self.slot_ids: dict[Hashable, int] = {}
        self.points_to: list[set[int]] = []
        self.successors: list[set[int] | None] = []
        self.handlers: list[list[Handler] | None] = []
        self.object_ids: dict[tuple, int] = {}
        self.objects: list[tuple] = []
        self.cap = 32
        self._pending: dict[int, set[int]] = {}
        self._work: list[int] = []
        self.on_new_slot: Callable[[Hashable, int], None] | None = None

    # ---- slots and objects -------------------------------------------------------------

    def slot(self, key: Hashable) -> int:
        slot = self.slot_ids.get(key)
        if slot is None:
            slot = self.slot_ids[key] = len(self.points_to)
            self.points_to.append(set())
            self.successors.append(None)
            self.handlers.append(None)
            if self.on_new_slot is not None:
                self.on_new_slot(key, slot)
        return slot

    def obj(self, key: tuple) -> int:
        obj = self.object_ids.get(key)
        if obj is None:
            obj = self.object_ids[key] = len(self.objects)
            self.objects.append(key)
        return obj

    # ---- constraints -------------------------------------------------------------------

    def add(self, slot: int, objects: Iterable[int]) -> None:
        """Objects flow into a slot, up to its cap; the new ones are queued for its edges and handlers."""
        current = self.points_to[slot]
        new = [o for o in objects if o not in current]
        if not new:
            return
        room = self.cap - len(current)
        if len(new) > room:
            if room <= 0:
                return
            new = new[:room]
        current.update(new)
        pending = self._pending.get(slot)
        if pending is None:
            self._pending[slot] = set(new)
            self._work.append(slot)
        else:
            pending.update(new)

    def add_one(self, slot: int, obj: int) -> None:
        if obj not in self.points_to[slot]:
            self.add(slot, (obj,))

    def edge(self, source: int, target: int) -> None:
        """Everything source holds, now and later, flows into target."""
        if source == target:
            return
        successors = self.successors[source]
        if successors is None:
            successors = self.successors[source] = set()
        elif target in successors:
            return
        successors.add(target)
        if self.points_to[source]:
            self.add(target, self.points_to[source])

    def on(self, slot: int, handler: Handler) -> None:
        """Run handler for every object the slot holds, now and later."""
        handlers = self.handlers[slot]
        if handlers is None:
            handlers = self.handlers[slot] = []
        handlers.append(handler)
        for obj in list(self.points_to[slot]):
            handler(obj)

    def release(self) -> None:
        """Drop the handlers once the results are read. They are closures over the analysis that
        owns this solver, so they tie it into reference cycles; without them reference counting
        frees the millions of small objects at once, where the cyclic collector takes seconds."""
        self.handlers = []
        self.on_new_slot = None

    def solve(self) -> None:
        work, pending, successors, handlers = self._work, self._pending, self.successors, self.handlers
        while work:
            slot = work.pop()
            delta = pending.pop(slot)
            targets = successors[slot]
            if targets is not None:
                for target in list(targets):
                    self.add(target, delta)
            slot_handlers = handlers[slot]
            if slot_handlers is not None:
                for handler in list(slot_handlers):
                    for obj in delta:
                        handler(obj)
