"""The C extractor on a hand-written file: definitions, kinds, spans, signatures, doc comments,
metrics, includes, call sites, scoping facts; broken and hostile input gives partial facts."""

from __future__ import annotations

from codeintel.languages.c import extract_c
from codeintel.languages.c.extractor import EXTRACTOR_VERSION
from codeintel.model import FunctionMetrics, Span

SOURCE = b"""/* buffer.c: a growable buffer. */

#include "buffer.h"
#include <stdlib.h>
#include "../common/log.h"

#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define my_alloc malloc
#define LIMIT 64

/** A point. */
struct point { int x, y; };
union value { int i; double d; };
enum color { RED, GREEN };
typedef struct { int len; } slice;
typedef int (*visit_fn)(int);
typedef struct point point_t;

int (*global_hook)(int);
extern int counter;
int declared_only(int a);

// Grows the buffer.
// Returns the new size.
static int grow(struct buffer *b, int by) {
    int size = MAX(b->len, by);
    for (int i = 0; i < by; i++) {
        if (i > 2 && by < 10 || i == 5) {
            while (size > 0)
                size--;
        }
    }
    switch (by) {
    case 1:
        size = by ? 1 : 2;
        break;
    case 2:
        break;
    default:
        break;
    }
    do { size++; } while (0);
    return size;
}

int run(void) {
    int (*local_fp)(int) = 0;
    struct buffer *b = my_alloc(sizeof *b);
    grow(b, 2);
    b->ops->flush(b);
    (*local_fp)(1);
    local_fp(2);
    get_ops(b, 1)->close(b);
    return declared_only(1);
}

int knr(a, b)
int a;
char *b;
{
    return a;
}

static inline void *variadic(const char *fmt, ...) { return 0; }

#ifdef FAST
void pick(void) { fast(); }
#else
void pick(void) { slow(); }
#endif
"""


def facts():
    return extract_c(SOURCE, "src/buffer.c", "hash")


def by_name(name):
    return [d for d in facts().definitions if d.name == name]


def test_facts_are_c_with_the_c_extractor_version_and_no_errors():
    result = facts()
    assert (result.language, result.extractor_version, result.error) == ("c", EXTRACTOR_VERSION, None)
    assert result.syntax_errors == 0
    assert result.lines == SOURCE.count(b"\n")
    assert result.module_docstring == "buffer.c: a growable buffer."


def test_functions_with_bodies_are_definitions_and_prototypes_are_not():
    functions = [d.name for d in facts().definitions if d.kind == "function"]
    assert functions == ["grow", "run", "knr", "variadic", "pick", "pick"]


def test_types_are_classes_with_their_type_kind():
    types = [(d.name, d.type_kind) for d in facts().definitions if d.kind == "class"]
    assert types == [
        ("point", "struct"),
        ("value", "union"),
        ("color", "enum"),
        ("slice", "struct"),
        ("visit_fn", "type"),
        ("point_t", "type"),
    ]


def test_span_signature_decorators_and_doc_comment_of_a_static_function():
    (grow,) = by_name("grow")
    assert grow.span == Span(25, 0, 44, 1)
    assert grow.signature == "static int grow(struct buffer *b, int by)"
    assert grow.decorators == ("static",)
    assert grow.docstring == "Grows the buffer.\nReturns the new size."
    (variadic,) = by_name("variadic")
    assert variadic.decorators == ("static", "inline")


def test_struct_doc_comment_and_signature():
    (point,) = by_name("point")
    assert point.docstring == "A point."
    assert point.signature == "struct point"
    (slice_,) = by_name("slice")
    assert slice_.signature == "typedef struct slice"


def test_metrics_count_branches_cases_logic_and_nesting():
    (grow,) = by_name("grow")
    # 1 + for + if + && + || + while + case 1 + ?: + case 2 + do = 10 (default adds nothing)
    # cognitive: for 1, if 2, `&& ||` 2, while 3, switch 1, ?: 2 (in the switch), do 1 = 12
    assert grow.metrics == FunctionMetrics(lines=20, cyclomatic=10, parameters=2, max_nesting=3, cognitive=12)


def test_parameters_void_is_zero_variadic_counts_and_knr_names_count():
    assert by_name("run")[0].metrics.parameters == 0
    assert by_name("variadic")[0].metrics.parameters == 2
    assert by_name("knr")[0].metrics.parameters == 2


def test_includes_are_imports_with_level_one_for_quoted_and_zero_for_angle():
    imports = [(i.module, i.level, i.name, i.alias, i.line) for i in facts().imports]
    assert imports == [
        ("buffer.h", 1, None, None, 3),
        ("stdlib.h", 0, None, None, 4),
        ("../common/log.h", 1, None, None, 5),
    ]


def test_calls_are_written_as_called_with_argument_lists_reduced():
    calls = [(c.callee, c.scope) for c in facts().calls]
    assert calls == [
        ("MAX", "grow"),
        ("my_alloc", "run"),
        ("grow", "run"),
        ("b->ops->flush", "run"),
        ("(*local_fp)", "run"),
        ("local_fp", "run"),
        ("get_ops()->close", "run"),
        ("get_ops", "run"),
        ("declared_only", "run"),
        ("fast", "pick"),
        ("slow", "pick"),
    ]


def test_macros_prototypes_and_globals_are_flows():
    flows = facts().flows
    assert ("macro", "MAX") in flows and ("alias", "my_alloc", "malloc") in flows
    assert ("macro", "LIMIT") not in flows  # an object-like macro that is no alias of a name
    assert ("proto", "declared_only") in flows
    assert ("global", "global_hook") in flows and ("global", "counter") in flows


def test_scopes_hold_parameters_and_locals_that_shadow_functions():
    scopes = facts().scopes
    assert set(scopes["grow"][0]) == {"b", "by", "size", "i"}
    assert set(scopes["run"][0]) == {"local_fp", "b"}
    assert set(scopes["knr"][0]) == {"a", "b"}


def test_definitions_in_both_ifdef_branches_are_kept():
    assert [d.span.start_line for d in by_name("pick")] == [67, 69]


def test_kernel_style_annotations_do_not_hide_functions():
    source = b"""#define __init
static int __init setup(void) { return 0; }
static int __maybe_unused spare(void) { return setup(); }
int __weak arch_hook(struct device *dev) { return 0; }
SYSCALL_DEFINE2(open, int, a, int, b) { return 0; }
"""
    result = extract_c(source, "k.c", "h")
    assert result.error is None
    names = {d.name: d for d in result.definitions}
    assert {"setup", "spare", "arch_hook"} <= set(names)
    assert names["spare"].decorators == ("static",)
    assert names["spare"].metrics.parameters == 0
    # a definition made by a macro is not recovered: its header reads as a file-level call
    assert [(c.callee, c.scope) for c in result.calls] == [("setup", "spare"), ("SYSCALL_DEFINE2", "")]


def test_a_gcc_nested_function_is_qualified_by_its_parent():
    source = b"int outer(void) { int inner(int x) { return x; } return inner(1); }\n"
    definitions = extract_c(source, "n.c", "h").definitions
    assert [(d.qualname, d.parent) for d in definitions] == [("outer", ""), ("outer.inner", "outer")]


def test_syntax_errors_are_counted_and_what_parses_is_kept():
    result = extract_c(b"int ok(void) { return 1; }\nint broken( { \n", "b.c", "h")
    assert result.error is None
    assert result.syntax_errors > 0
    assert "ok" in [d.name for d in result.definitions]


def test_garbage_deep_nesting_and_empty_input_never_raise():
    for source in (b"", b"\x00\xff\xfe" * 1000, b"{" * 10_000, b"(" * 10_000 + b")" * 10_000, bytes(range(256)) * 50):
        result = extract_c(source, "g.c", "h")
        assert result.language == "c"
    deep = b"int f(void) { " + b"if (x) { " * 3000 + b"}" * 3000 + b" }\n"
    assert extract_c(deep, "d.c", "h").error is None


def test_a_non_bytes_source_is_a_failed_extraction_not_an_exception():
    result = extract_c(None, "x.c", "h")  # type: ignore[arg-type]
    assert result.error is not None


def test_prototypes_and_macros_that_error_recovery_breaks_are_still_read():
    source = b"""extern _X_EXPORT void
ErrorF(const char *f, ...)
_X_ATTRIBUTE_PRINTF(1, 2);

static const int ids[] = {
#define CHIPSET(chip, name) chip,
#include "ids.h"
#undef CHIPSET
};
"""
    flows = extract_c(source, "os.h", "h").flows
    assert ("proto", "ErrorF") in flows
    assert ("macro", "CHIPSET") in flows


def test_a_function_pointer_of_a_nested_block_shadows_only_from_its_line_to_the_block_end():
    source = b"""int f(void) {
    int total = g();
    {
        int (*g)(void) = 0;
        int plain = 0;
        total += g();
    }
    return total;
}
"""
    result = extract_c(source, "b.c", "h")
    assert ("block_local", "f", "g", 4, 7) in result.flows
    assert set(result.scopes["f"][0]) == {"total", "plain"}


def test_a_typedef_named_like_its_struct_tag_is_one_definition():
    source = b"typedef struct node { struct node *next; } node;\ntypedef struct list { int n; } list_t;\n"
    types = [(d.name, d.type_kind) for d in extract_c(source, "t.h", "h").definitions]
    assert types == [("node", "struct"), ("list_t", "type"), ("list", "struct")]


def test_attribute_arguments_are_not_calls_and_attribute_macros_are_not_functions():
    source = b"""int buffer[4] __attribute__((aligned(16)));
int __printf(6, 7) request(int nr, const char *fmt, ...) { return log_it(nr); }
"""
    result = extract_c(source, "a.c", "h")
    assert "aligned" not in [c.callee for c in result.calls]
    assert "__printf" not in [d.name for d in result.definitions]


def test_attribute_macros_in_a_declaration_header_do_not_hide_the_function():
    source = b"""static inline __alloc_size(1) void *kzalloc(unsigned long size, int flags)
{
\treturn kmalloc(size, flags);
}
struct rq *__task_rq_lock(struct task_struct *p)
\t__acquires(rq->lock)
{
\treturn 0;
}
"""
    result = extract_c(source, "slab.h", "h")
    functions = {d.name: d for d in result.definitions}
    assert set(functions) == {"kzalloc", "__task_rq_lock"}
    assert (
        functions["kzalloc"].signature == "static inline __alloc_size(1) void *kzalloc(unsigned long size, int flags)"
    )
    assert functions["kzalloc"].decorators == ("static", "inline")
    assert [(c.callee, c.line, c.col) for c in result.calls] == [("kmalloc", 3, 8)]


def test_a_long_run_of_words_after_an_attribute_macro_is_read_in_linear_time():
    import time

    source = b"int __printf(1, 2) " + b"abcdefghijklmnopqrstuvwxyz" * 10 + b" x;\n" + b"__attr(1) " * 2000 + b"\n"
    started = time.perf_counter()
    result = extract_c(source, "slow.c", "h")
    assert result.error is None
    assert time.perf_counter() - started < 2.0
