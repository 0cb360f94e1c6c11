"""Coupling of modules (Ca, Ce, instability) and the god-module finding built on it, against
values worked out by hand."""

from __future__ import annotations

import pytest

from codeintel.analysis.checks import GodModuleCheck, GodModuleConfig
from codeintel.analysis.coupling import Coupling, module_coupling, package_coupling
from codeintel.analysis.module_graph import ModuleGraph
from codeintel.store.records import FileState

# app imports core and util; core imports util; cli imports app and core; util imports nothing
EDGES = {"app": {"core": 1, "util": 2}, "core": {"util": 1}, "cli": {"app": 1, "core": 2}, "util": {}}


def test_afferent_and_efferent_coupling_and_instability_per_module():
    assert module_coupling(EDGES) == {
        "app": Coupling(afferent=1, efferent=2),  # cli -> app; app -> core, util
        "core": Coupling(afferent=2, efferent=1),
        "cli": Coupling(afferent=0, efferent=2),
        "util": Coupling(afferent=2, efferent=0),
    }
    coupling = module_coupling(EDGES)
    assert coupling["cli"].instability == 1.0  # depends, nothing depends on it: free to change
    assert coupling["util"].instability == 0.0  # depended on, depends on nothing: hard to change
    assert coupling["app"].instability == pytest.approx(2 / 3)


def test_a_module_nothing_touches_is_neither_stable_nor_unstable_and_self_imports_do_not_count():
    coupling = module_coupling({"alone": {"alone": 1}})
    assert coupling == {"alone": Coupling(afferent=0, efferent=0)} and coupling["alone"].instability == 0.0


def test_packages_are_folders_and_couple_through_their_modules_imports():
    files = {
        "app.api": "app/api.py",
        "app.views": "app/views.py",
        "core.db": "core/db.py",
        "core.log": "core/log.py",
        "setup": "setup.py",
    }
    edges = {
        "app.api": {"core.db": 1, "app.views": 2},  # within app: does not count
        "app.views": {"core.log": 1},
        "core.db": {"core.log": 1},
        "core.log": {},
        "setup": {"app.api": 1},
    }
    assert package_coupling(edges, files) == {
        "app": Coupling(afferent=1, efferent=1),  # the root package imports it; it imports core
        "core": Coupling(afferent=1, efferent=0),
        "": Coupling(afferent=0, efferent=1),
    }


class Inputs:
    def __init__(self, module_graph, file_states, function_metrics) -> None:
        self.module_graph = module_graph
        self.file_states = file_states
        self.function_metrics = function_metrics


def test_a_large_module_with_many_dependents_is_a_god_module_and_a_large_loner_is_not():
    hub_importers = {f"user{i}": {"hub": 1} for i in range(3)}
    graph = ModuleGraph(
        files={"hub": "hub.py", "loner": "loner.py", **{m: f"{m}.py" for m in hub_importers}},
        edges={"hub": {}, "loner": {}, **hub_importers},
    )
    states = {
        "hub.py": FileState(path="hub.py", lines=120),
        "loner.py": FileState(path="loner.py", lines=5000),  # large, but nothing imports it
        **{f"{m}.py": FileState(path=f"{m}.py", lines=10) for m in hub_importers},
    }
    metrics = [{"file": "hub.py", "qualname": f"hub.f{i}"} for i in range(6)]
    check = GodModuleCheck(GodModuleConfig(lines=100, functions=50, coupling=3))
    (finding,) = check.run(Inputs(graph, states, metrics))
    assert (finding.kind, finding.path, finding.symbol) == ("god_module", "hub.py", "hub")
    assert finding.message == "hub has 120 lines and 6 functions; 3 modules import it, it imports 0 (instability 0.00)"
    small = GodModuleCheck(GodModuleConfig(lines=1000, functions=7, coupling=3))
    assert small.run(Inputs(graph, states, metrics)) == []  # below both size bounds
