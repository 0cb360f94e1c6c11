"""Checks on how big and tangled code is: cyclomatic and cognitive complexity and length per
function, god classes, god modules."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from codeintel.analysis.check import GRAPH, AnalysisInputs, CheckConfig, make_finding
from codeintel.analysis.coupling import module_coupling
from codeintel.analysis.findings import Finding, Severity


class ComplexityConfig(CheckConfig):
    threshold: int = Field(15, ge=1, description="cyclomatic complexity from which a function is reported (lizard's)")
    high: int = Field(30, ge=1, description="cyclomatic complexity from which the finding is high")


class ComplexityCheck:
    """Functions with many paths through them (McCabe's cyclomatic complexity).

    `pkg.rules.route has cyclomatic complexity 43 (high from 30)`; options: threshold (15), high (30).
    """

    kind: ClassVar[str] = "complexity"
    default_severity: ClassVar[str] = "medium"
    needs: ClassVar[frozenset[str]] = frozenset({GRAPH})
    title: ClassVar[str] = "High cyclomatic complexity"
    description: ClassVar[str] = "A function with many independent paths is hard to test and to change safely."
    metric: ClassVar[str] = "cyclomatic"
    words: ClassVar[str] = "cyclomatic complexity"

    def __init__(self, config: ComplexityConfig | None = None) -> None:
        self.config = config or ComplexityConfig()

    def run(self, inputs: AnalysisInputs) -> list[Finding]:
        out = []
        threshold, high = self.config.threshold, self.config.high
        for fn in inputs.function_metrics:
            value = fn.get(self.metric)
            if value is None or value < threshold:
                continue
            severity: Severity = "high" if value >= high else "medium"
            bound = f"high from {high}" if severity == "high" else f"reported from {threshold}"
            evidence = {
                self.metric: value,
                "threshold": threshold,
                "high_from": high,
                **{k: fn.get(k) for k in ("lines", "max_nesting", "parameters")},
            }
            out.append(
                make_finding(
                    self.kind,
                    severity,
                    fn["file"],
                    f"{fn['qualname']} has {self.words} {value} ({bound})",
                    line=fn.get("start_line"),
                    end_line=fn.get("end_line"),
                    symbol=fn["qualname"],
                    fix="split_function",
                    evidence=evidence,
                )
            )
        return out


class CognitiveComplexityConfig(CheckConfig):
    threshold: int = Field(15, ge=1, description="cognitive complexity from which a function is reported (SonarQube's)")
    high: int = Field(30, ge=1, description="cognitive complexity from which the finding is high")


class CognitiveComplexityCheck(ComplexityCheck):
    """Functions that are hard to follow: breaks in linear flow, weighted by how deeply they nest
    (G. Ann Campbell's cognitive complexity, as SonarQube measures it).

    `pkg.rules.route has cognitive complexity 52 (high from 30)`; options: threshold (15), high (30).
    """

    kind: ClassVar[str] = "cognitive_complexity"
    title: ClassVar[str] = "High cognitive complexity"
    description: ClassVar[str] = (
        "Deeply nested branches and loops make a function hard to read; flatten it with early returns "
        "or extract the nested parts."
    )
    metric: ClassVar[str] = "cognitive"
    words: ClassVar[str] = "cognitive complexity"

    def __init__(self, config: CognitiveComplexityConfig | None = None) -> None:
        self.config = config or CognitiveComplexityConfig()  # type: ignore[assignment]


class LongFunctionConfig(CheckConfig):
    lines: int = Field(80, ge=1, description="length in lines from which a function is reported (low)")


class LongFunctionCheck:
    """Functions longer than a screenful or two.

    `pkg.report.render is 89 lines long (reported from 80)`; option: lines (80).
    """

    kind: ClassVar[str] = "long_function"
    default_severity: ClassVar[str] = "low"
    needs: ClassVar[frozenset[str]] = frozenset({GRAPH})
    title: ClassVar[str] = "Long function"
    description: ClassVar[str] = "A long function usually does several things; splitting it eases reading and reuse."

    def __init__(self, config: LongFunctionConfig | None = None) -> None:
        self.config = config or LongFunctionConfig()

    def run(self, inputs: AnalysisInputs) -> list[Finding]:
        out = []
        for fn in inputs.function_metrics:
            lines = fn.get("lines") or 0
            if lines >= self.config.lines:
                out.append(
                    make_finding(
                        self.kind,
                        "low",
                        fn["file"],
                        f"{fn['qualname']} is {lines} lines long (reported from {self.config.lines})",
                        line=fn.get("start_line"),
                        end_line=fn.get("end_line"),
                        symbol=fn["qualname"],
                        fix="split_function",
                        evidence={"lines": lines, "threshold": self.config.lines},
                    )
                )
        return out


class GodClassConfig(CheckConfig):
    methods: int = Field(20, ge=1, description="methods from which a class is large")
    lines: int = Field(500, ge=1, description="lines from which a class is large")
    wmc: int = Field(47, ge=1, description="weighted methods (sum of cyclomatic) from which a class is complex")
    fan_out: int = Field(10, ge=0, description="other classes used, from which a large class is reported anyway")


class GodClassCheck:
    """Large, complex classes that do too much (after Lanza and Marinescu's god class: complex
    by weighted methods, large, and reaching into many other classes).

    `pkg.core.Engine has 1210 lines and 48 methods, weighted methods 163; it uses 14 classes and 9
    use it`; options: methods (20), lines (500), wmc (47), fan_out (10).
    """

    kind: ClassVar[str] = "god_class"
    default_severity: ClassVar[str] = "medium"
    needs: ClassVar[frozenset[str]] = frozenset({GRAPH})
    title: ClassVar[str] = "God class"
    description: ClassVar[str] = (
        "A class with many methods and much logic carries several responsibilities: every change to it "
        "risks the others. Split it along the groups of methods that work together."
    )

    def __init__(self, config: GodClassConfig | None = None) -> None:
        self.config = config or GodClassConfig()

    def run(self, inputs: AnalysisInputs) -> list[Finding]:
        config, out = self.config, []
        for cls in inputs.class_metrics:
            large = cls.methods >= config.methods or cls.lines >= config.lines
            if not large or (cls.wmc < config.wmc and cls.fan_out < config.fan_out):
                continue
            message = (
                f"{cls.qualname} has {cls.lines} lines and {cls.methods} methods, weighted methods {cls.wmc}; "
                f"it uses {cls.fan_out} classes and {cls.fan_in} use it"
            )
            evidence = {
                "lines": cls.lines,
                "methods": cls.methods,
                "wmc": cls.wmc,
                "fan_in": cls.fan_in,
                "fan_out": cls.fan_out,
                "thresholds": config.model_dump(),
            }
            out.append(
                make_finding(
                    self.kind,
                    "medium",
                    cls.file,
                    message,
                    line=cls.start_line,
                    end_line=cls.end_line,
                    symbol=cls.qualname,
                    fix="split_class",
                    evidence=evidence,
                )
            )
        return out


class GodModuleConfig(CheckConfig):
    lines: int = Field(1000, ge=1, description="lines from which a module is large")
    functions: int = Field(50, ge=1, description="functions and methods from which a module is large")
    coupling: int = Field(20, ge=1, description="imports in or out from which a large module is reported")


class GodModuleCheck:
    """Large modules that much of the code depends on, or that depend on much of it.

    `pkg.core has 1412 lines and 63 functions; 24 modules import it, it imports 7 (instability
    0.23)`; options: lines (1000), functions (50), coupling (20).
    """

    kind: ClassVar[str] = "god_module"
    default_severity: ClassVar[str] = "medium"
    needs: ClassVar[frozenset[str]] = frozenset({GRAPH})
    title: ClassVar[str] = "God module"
    description: ClassVar[str] = (
        "A large module with many dependents or dependencies does too much: every change to it "
        "reaches far, and it is hard to test on its own. Split it along what its parts use."
    )

    def __init__(self, config: GodModuleConfig | None = None) -> None:
        self.config = config or GodModuleConfig()

    def run(self, inputs: AnalysisInputs) -> list[Finding]:
        config, graph = self.config, inputs.module_graph
        functions: dict[str, int] = {}
        for fn in inputs.function_metrics:
            functions[fn["file"]] = functions.get(fn["file"], 0) + 1
        out = []
        for module, coupling in module_coupling(graph.edges).items():
            path = graph.files.get(module)
            if path is None:
                continue
            state = inputs.file_states.get(path)
            lines, count = (state.lines or 0) if state else 0, functions.get(path, 0)
            large = lines >= config.lines or count >= config.functions
            if not large or max(coupling.afferent, coupling.efferent) < config.coupling:
                continue
            message = (
                f"{module} has {lines} lines and {count} functions; {coupling.afferent} modules import it, "
                f"it imports {coupling.efferent} (instability {coupling.instability:.2f})"
            )
            evidence = {
                "lines": lines,
                "functions": count,
                "afferent": coupling.afferent,
                "efferent": coupling.efferent,
                "instability": round(coupling.instability, 4),
                "thresholds": config.model_dump(),
            }
            out.append(
                make_finding(self.kind, "medium", path, message, symbol=module, fix="split_module", evidence=evidence)
            )
        return out
