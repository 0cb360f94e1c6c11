"""JavaScript and TypeScript extraction: definitions with spans, signatures, doc comments and
metrics; imports (ES modules, re-exports, require); call sites; broken input."""

from __future__ import annotations

from codeintel.languages.javascript import extract_javascript, extract_typescript
from codeintel.model import FunctionMetrics, Import

JS = b"""import fs from "fs";
import { a, b as c } from "./lib.js";
import * as ns from "./ns";
import "./side-effect";
export { x as y } from "./re";
export * from "./all";
const { parse, format: fmt } = require("./util");
const lodash = require("lodash");

/**
 * Adds things.
 * @param {number} p
 */
export function add(p, q = 1, ...rest) {
  if (p && q) {
    for (const r of rest) {
      if (r) {
        q += r;
      }
    }
  } else if (p ?? q) {
    return p ? 1 : 2;
  }
  return ns.helper(p) + fmt(q);
}

export const twice = async (n) => add(n, n);

class Base {}

/** A counter. */
export default class Counter extends Base {
  constructor() {
    super();
    this.reset();
  }
  reset() {
    try {
      this.n = new Map();
    } catch (e) {
      console.log(e);
    }
  }
}

function outer() {
  function inner() {}
  [1].map((v) => inner(v));
}

module.exports.helper = function () {};
"""

TS = b"""import type { Repo } from "./repo";

/** Shapes have areas. */
export interface Shape extends Named {
  area(): number;
}

export enum Color {
  Red,
}

export namespace Geometry {
  export function unit(): number {
    return 1;
  }
}

export abstract class Square<T> extends Base<T> implements Shape {
  constructor(private readonly repo: Repo, side: number) {
    super(side);
  }
  area(this: Square<T>): number {
    return this.repo.size()!;
  }
  abstract name(): string;
}
"""


def test_javascript_definitions_with_spans_signatures_and_doc_comments():
    facts = extract_javascript(JS, "src/main.js", "h")
    defs = {d.qualname: d for d in facts.definitions}
    assert list(defs) == [
        "add",
        "twice",
        "Base",
        "Counter",
        "Counter.constructor",
        "Counter.reset",
        "outer",
        "outer.inner",
        "helper",
    ]
    add = defs["add"]
    assert (add.kind, add.span.start_line, add.span.end_line) == ("function", 14, 25)
    assert add.signature == "add(p, q = 1, ...rest)"
    assert add.docstring == "Adds things.\n@param {number} p"
    assert defs["twice"].is_async and defs["twice"].signature == "twice(n)"
    counter = defs["Counter"]
    assert (counter.kind, counter.bases, counter.docstring) == ("class", ("Base",), "A counter.")
    assert (defs["Counter.reset"].kind, defs["Counter.reset"].parent) == ("method", "Counter")
    assert defs["outer.inner"].parent == "outer"


def test_javascript_metrics_count_decisions_parameters_and_nesting():
    defs = {d.qualname: d for d in extract_javascript(JS, "main.js", "h").definitions}
    # if, &&, for, if, else-if, ??, ternary
    # cognitive: if 1, && 1, for 2, if 3, else if 1, ternary 2 (in the if/else-if) = 10; `??` is
    # shorthand the white paper ignores
    assert defs["add"].metrics == FunctionMetrics(lines=12, cyclomatic=8, parameters=3, max_nesting=3, cognitive=10)
    assert defs["Counter.reset"].metrics == FunctionMetrics(
        lines=7, cyclomatic=2, parameters=0, max_nesting=1, cognitive=1
    )
    assert defs["twice"].metrics.parameters == 1


def test_javascript_imports_map_onto_the_import_model():
    imports = extract_javascript(JS, "main.js", "h").imports
    assert imports == [
        Import("fs", 1, "default", "fs"),
        Import("./lib.js", 2, "a", None),
        Import("./lib.js", 2, "b", "c"),
        Import("./ns", 3, None, "ns"),
        Import("./side-effect", 4, None, None),
        Import("./re", 5, "x", "y"),
        Import("./all", 6, "*", None),
        Import("./util", 7, "parse", None),
        Import("./util", 7, "format", "fmt"),
        Import("lodash", 8, None, "lodash"),
    ]


def test_javascript_call_sites_keep_the_callee_as_written_and_the_scope():
    calls = [(c.callee, c.line, c.scope) for c in extract_javascript(JS, "main.js", "h").calls]
    assert ("ns.helper", 24, "add") in calls
    assert ("fmt", 24, "add") in calls
    assert ("add", 27, "twice") in calls
    assert ("super", 34, "Counter.constructor") in calls
    assert ("this.reset", 35, "Counter.constructor") in calls
    assert ("new Map", 39, "Counter.reset") in calls
    assert ("console.log", 41, "Counter.reset") in calls
    assert ("inner", 48, "outer") in calls  # inside an anonymous callback: the enclosing definition
    assert ("[1].map", 48, "outer") not in calls and ("<array>.map", 48, "outer") in calls


def test_javascript_flows_record_exports_and_commonjs():
    flows = extract_javascript(JS, "main.js", "h").flows
    assert ("export", "add", "add") in flows
    assert ("export", "Counter", "default") in flows
    assert ("reexport", "./re", "x", "y") in flows
    assert ("reexport", "./all", "*", "*") in flows
    assert ("cjs_export", "helper", "helper") in flows


def test_typescript_interfaces_enums_namespaces_and_classes():
    facts = extract_typescript(TS, "src/shapes.ts", "h")
    defs = {d.qualname: d for d in facts.definitions}
    assert list(defs) == ["Shape", "Color", "Geometry", "Geometry.unit", "Square", "Square.constructor", "Square.area"]
    assert (defs["Shape"].type_kind, defs["Shape"].bases, defs["Shape"].docstring) == (
        "interface",
        ("Named",),
        "Shapes have areas.",
    )
    assert defs["Color"].type_kind == "enum"
    assert defs["Geometry"].type_kind == "namespace"
    assert defs["Square"].type_kind == "class"
    assert defs["Geometry.unit"].signature == "unit(): number"
    assert defs["Square"].bases == ("Base", "Shape")
    assert defs["Square.area"].metrics.parameters == 0  # TS's `this` parameter is not one
    assert defs["Square.constructor"].metrics.parameters == 2
    assert ("typed", "Square", "this.repo", "Repo") in facts.flows
    assert ("this.repo.size", 23, "Square.area") in [(c.callee, c.line, c.scope) for c in facts.calls]
    assert facts.imports == [Import("./repo", 1, "Repo", None)]
    assert facts.syntax_errors == 0


def test_tsx_uses_the_tsx_grammar():
    facts = extract_typescript(b"export const App = () => <div>{render()}</div>;\n", "app.tsx", "h")
    assert facts.syntax_errors == 0
    assert [c.callee for c in facts.calls] == ["render"]


def test_broken_input_gives_partial_facts_and_an_error_count():
    source = b"function ok() { return 1; }\nfunction broken( {\n  let = ;\n"
    facts = extract_javascript(source, "bad.js", "h")
    assert facts.syntax_errors > 0
    assert "ok" in [d.name for d in facts.definitions]
    for garbage in (b"", b"\xff\xfe\x00", b"}}}{{{", b"class { extends (((", b"(" * 5000):
        extract_typescript(garbage, "x.ts", "h")
        extract_javascript(garbage, "x.js", "h")
