"""Value-flow extraction: what one file tells the points-to analysis, specified on small sources."""

from __future__ import annotations

from codeintel.languages.python import extract_python


def flows_of(source: str):
    return extract_python(source.encode(), "m.py", "h")


def test_lambdas_are_definitions_numbered_within_their_scope():
    facts = flows_of("f = lambda: 1\ndef g():\n    h = lambda x: x\n    k = lambda: (lambda: 2)\n")
    assert [(d.kind, d.qualname) for d in facts.definitions] == [
        ("lambda", "<lambda1>"),
        ("function", "g"),
        ("lambda", "g.<lambda1>"),
        ("lambda", "g.<lambda2>"),
        ("lambda", "g.<lambda2>.<lambda1>"),
    ]


def test_scopes_record_bound_global_and_nonlocal_names():
    facts = flows_of(
        "import os\nx = 1\ndef f(a, *rest, b=2, **kw):\n    global x\n    x = a\n"
        "    def g():\n        nonlocal b\n        b = 3\n    for i, j in kw: pass\n"
    )
    assert facts.scopes[""] == (("f", "os", "x"), (), ())
    assert facts.scopes["f"] == (("a", "b", "g", "i", "j", "kw", "rest", "x"), ("x",), ())
    assert facts.scopes["f.g"] == (("b",), (), ("b",))


def test_parameters_defaults_and_returns_become_operations():
    facts = flows_of("def f(a, b=print, *c, d, **e):\n    return a\n")
    assert ("params", 0, ("a", "b"), "c", ("d",), "e") in facts.flows
    assert ("copy", "f:b", ":print") in facts.flows  # the default, evaluated at module level
    assert ("copy", "f:return", "f:a") in facts.flows


def test_calls_carry_arguments_and_their_call_site():
    facts = flows_of("def f(x): pass\nf(g, *h, k=1, key=j, **m)\n")
    (call,) = [op for op in facts.flows if op[0] == "call"]
    _, dst, func, args, kwargs, site, line, col, scope, decorator = call
    assert (func, args, kwargs) == (":f", (("", ":g"), ("*", ":h")), (("key", ":j"), ("**", ":m")))
    assert (facts.calls[site].callee, line, col, scope, decorator) == ("f", 2, 0, "", False)


def test_decorators_apply_innermost_first_in_the_enclosing_scope():
    facts = flows_of("@a\n@b(1)\ndef f(): pass\n")
    calls = [op for op in facts.flows if op[0] == "call"]
    assert [(op[2], op[9]) for op in calls][-2:] == [("$1", True), (":a", True)]  # b(1)'s result, then a


def test_containers_keep_constant_keys_and_positions():
    facts = flows_of("d = {'x': f, k: g}\nt = (f, g)\nd['x']()\nt[1]()\n")
    stores = [op for op in facts.flows if op[0] == "estore"]
    assert [(op[2], op[3]) for op in stores] == [("x", ":f"), (None, ":g"), (0, ":f"), (1, ":g")]
    assert [op[3] for op in facts.flows if op[0] == "elem"] == ["x", 1]


def test_loops_unpacking_with_and_except_bind_their_targets():
    facts = flows_of("for a, b in pairs: pass\nwith open(p) as fh: pass\ntry: pass\nexcept (E, F) as e: pass\n")
    ops = facts.flows
    assert ("iter", "$1", ":pairs") in ops
    assert ("elem", "$2", "$1", 0) in ops and ("copy", ":a", "$2") in ops
    assert any(op[0] == "copy" and op[1] == ":fh" for op in ops)
    assert any(op[0] == "except" for op in ops) and any(op[0] == "copy" and op[1] == ":e" for op in ops)


def test_yield_marks_a_generator_and_feeds_what_it_yields():
    facts = flows_of("def g():\n    yield f\n    yield from h()\n")
    assert ("generator", 0) in facts.flows
    assert ("copy", "g:yield", "g:f") in facts.flows
