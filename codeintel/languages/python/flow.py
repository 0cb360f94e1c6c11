"""Value flow of one Python file, for the points-to analysis in `codeintel.resolve`.

One walk over the tree turns every statement and expression that can move a function, class,
module, instance or container into a short list of operations (three-address code over
*references*), and records which names each scope binds. The walk is purely syntactic and
file-local, so it runs in the parse workers and is cached with the rest of FileFacts; the
resolver links the files together.

References are strings: `$n` is a temporary of this file; `S:n` is the name `n` as read or
written in scope `S` (a definition's qualname, '' for the module), which the resolver maps to
the scope that binds it by Python's rules (locals, enclosing functions, globals, builtins,
`global`/`nonlocal`); `S:return` and `S:yield` are what a function returns and yields.

Operations (tuples; the first item names the operation):

    ("copy", dst, src)                        dst holds what src holds
    ("def", dst, index)                       dst holds the definition (function, lambda, class)
    ("load", dst, base, attr, line, col, scope)   dst = base.attr (a property read calls its getter)
    ("store", base, attr, src, line, col, scope)  base.attr = src
    ("call", dst, func, args, kwargs, site, line, col, scope, decorator)
        args: ((star, ref), ...) with star '' or '*'; kwargs: ((name, ref), ...), name '**' for
        a dict splat; site: index into FileFacts.calls or -1; decorator: applying a decorator,
        which passes the function through when the decorator is unknown or external
    ("new", dst)                              dst holds a new container (literal, comprehension)
    ("elem", dst, base, key)                  dst = base[key]; key a str/int constant or None
    ("estore", base, key, src)                base[key] = src
    ("iter", dst, src)                        dst holds what iterating src gives
    ("except", dst, src)                      dst holds instances of the exception classes in src
    ("params", index, positional, star, keyword_only, double_star)
    ("bases", index, (ref, ...))              a class's bases, in order
    ("generator", index)                      the function yields: calling it gives a generator

Values that cannot hold such objects (numbers, strings, comparisons) get no reference, so
they cost nothing downstream; their sub-expressions are still walked for calls and lambdas.
"""

from __future__ import annotations

from collections.abc import Iterable

import tree_sitter

from codeintel.model import Import

Ref = str
_NO_VALUE = frozenset(
    (
        "integer",
        "float",
        "string",
        "concatenated_string",
        "true",
        "false",
        "none",
        "ellipsis",
        "comment",
        "line_continuation",
    )
)
_CONTAINERS = frozenset(("list", "tuple", "set", "expression_list", "pattern_list", "tuple_pattern", "list_pattern"))
_COMPREHENSIONS = frozenset(
    ("list_comprehension", "set_comprehension", "generator_expression", "dictionary_comprehension")
)
_PARAM_SKIP = frozenset(("positional_separator", "keyword_separator", "comment", "line_continuation"))


class FlowWalker:
    """Walks one parsed file; `ops` and `scopes` hold the result."""

    def __init__(self, source: bytes, def_index_of: dict[int, int], qualnames: list[str], site_of: dict) -> None:
        self.source = source
        self.def_index_of = def_index_of  # definition node start byte -> index
        self.qualnames = qualnames
        self.site_of = site_of  # (start_byte, end_byte) of a callee node -> CallSite index
        self.ops: list[tuple] = []
        self.bound: dict[str, set[str]] = {}
        self.globals: dict[str, set[str]] = {}
        self.nonlocals: dict[str, set[str]] = {}
        self.temps = 0
        self.dropped = 0  # statements too deeply nested to walk
        self._scope_index: dict[str, int] = {}  # function qualname -> definition index
        self.function_of: dict[str, str] = {"": ""}  # scope -> innermost function scope ('' at module)
        self._stmt = {
            "expression_statement": self._expression_statement,
            "return_statement": self._return,
            "function_definition": self._function,
            "class_definition": self._class,
            "decorated_definition": self._decorated,
            "for_statement": self._for,
            "with_statement": self._with,
            "try_statement": self._try,
            "global_statement": self._global,
            "nonlocal_statement": self._nonlocal,
            "import_statement": _ignore,  # FileFacts.imports carries imports; bind_imports binds their names
            "import_from_statement": _ignore,
            "future_import_statement": _ignore,
            "pass_statement": _ignore,
            "break_statement": _ignore,
            "continue_statement": _ignore,
            "comment": _ignore,
        }
        self._expr = {
            "identifier": self._identifier,
            "attribute": self._attribute,
            "call": self._call,
            "subscript": self._subscript,
            "lambda": self._lambda,
            "dictionary": self._dictionary,
            "conditional_expression": self._alternatives,
            "boolean_operator": self._alternatives,
            "parenthesized_expression": self._inner,
            "await": self._inner,
            "named_expression": self._walrus,
            "yield": self._yield,
            "list_splat": self._inner,
        }

    # -- results --------------------------------------------------------------------------

    def scope_table(self) -> dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
        """Per scope: (bound names, names declared global, names declared nonlocal)."""
        scopes = set(self.bound) | set(self.globals) | set(self.nonlocals)
        return {
            scope: (
                tuple(sorted(self.bound.get(scope, ()))),
                tuple(sorted(self.globals.get(scope, ()))),
                tuple(sorted(self.nonlocals.get(scope, ()))),
            )
            for scope in sorted(scopes)
        }

    # -- helpers --------------------------------------------------------------------------

    def text(self, node: tree_sitter.Node) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def temp(self) -> Ref:
        self.temps += 1
        return f"${self.temps}"

    def bind(self, scope: str, name: str) -> Ref:
        self.bound.setdefault(scope, set()).add(name)
        return f"{scope}:{name}"

    def bind_imports(self, imports: Iterable[Import]) -> None:
        """Record the names imports bind (a star import binds none that can be listed here)."""
        for imp in imports:
            if imp.name != "*" and imp.module != "__future__":
                self.bind(imp.scope, imp.bound_name)

    def walk_module(self, root: tree_sitter.Node) -> None:
        self.block(root, "")

    def block(self, node: tree_sitter.Node, scope: str) -> None:
        for child in node.named_children:
            self.stmt(child, scope)

    def stmt(self, node: tree_sitter.Node, scope: str) -> None:
        """Walk one statement; one nested past the interpreter's recursion limit is dropped alone."""
        try:
            self._statement(node, scope)
        except RecursionError:
            self.dropped += 1

    def _statement(self, node: tree_sitter.Node, scope: str) -> None:
        handler = self._stmt.get(node.type)
        if handler is not None:
            handler(node, scope)
            return
        # if/while/match/assert/raise/del/print and blocks: walk what they hold
        for child in node.named_children:
            kind = child.type
            if kind == "block" or kind.endswith(("_clause", "_statement", "_definition")):
                self.stmt(child, scope)
            else:
                self.expr(child, scope)

    def expr(self, node: tree_sitter.Node, scope: str) -> Ref | None:
        """The reference that holds the expression's value, or None when it holds nothing of interest."""
        kind = node.type
        handler = self._expr.get(kind)
        if handler is not None:
            return handler(node, scope)
        if kind in _NO_VALUE:
            if kind in ("string", "concatenated_string") and b"{" in self.source[node.start_byte : node.end_byte]:
                self._walk_children(node, scope)  # f-string interpolations may call
            return None
        if kind in _CONTAINERS:
            return self._container(node, scope)
        if kind in _COMPREHENSIONS:
            return self._comprehension(node, scope)
        if kind in ("assignment", "augmented_assignment"):
            self._assignment(node, scope)
            return None
        self._walk_children(node, scope)
        return None

    def _walk_children(self, node: tree_sitter.Node, scope: str) -> None:
        for child in node.named_children:
            self.expr(child, scope)

    # -- expressions ----------------------------------------------------------------------

    def _identifier(self, node: tree_sitter.Node, scope: str) -> Ref:
        return f"{scope}:{self.text(node)}"

    def _inner(self, node: tree_sitter.Node, scope: str) -> Ref | None:
        inner = None
        for child in node.named_children:
            inner = self.expr(child, scope)
        return inner

    def _attribute(self, node: tree_sitter.Node, scope: str) -> Ref | None:
        obj = node.child_by_field_name("object")
        attr = node.child_by_field_name("attribute")
        base = self.expr(obj, scope) if obj is not None else None
        if base is None or attr is None:
            return None
        dst = self.temp()
        line, col = attr.start_point
        self.ops.append(("load", dst, base, self.text(attr), line + 1, col, scope))
        return dst

    def _call(self, node: tree_sitter.Node, scope: str) -> Ref | None:
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        func = self.expr(function, scope) if function is not None else None
        args: list[tuple[str, Ref]] = []
        kwargs: list[tuple[str, Ref]] = []
        if arguments is not None:
            if arguments.type == "generator_expression":
                ref = self.expr(arguments, scope)
                if ref is not None:
                    args.append(("", ref))
            else:
                for arg in arguments.named_children:
                    kind = arg.type
                    if kind == "keyword_argument":
                        name = arg.child_by_field_name("name")
                        value = arg.child_by_field_name("value")
                        ref = self.expr(value, scope) if value is not None else None
                        if ref is not None and name is not None:
                            kwargs.append((self.text(name), ref))
                    elif kind == "list_splat":
                        ref = self._inner(arg, scope)
                        if ref is not None:
                            args.append(("*", ref))
                    elif kind == "dictionary_splat":
                        ref = self._inner(arg, scope)
                        if ref is not None:
                            kwargs.append(("**", ref))
                    else:
                        ref = self.expr(arg, scope)
                        args.append(("", ref or ""))
        if func is None or function is None:
            return None
        dst = self.temp()
        site = self.site_of.get((function.start_byte, function.end_byte), -1)
        line, col = function.start_point
        self.ops.append(("call", dst, func, tuple(args), tuple(kwargs), site, line + 1, col, scope, False))
        return dst

    def _subscript(self, node: tree_sitter.Node, scope: str) -> Ref | None:
        value = node.child_by_field_name("value")
        base = self.expr(value, scope) if value is not None else None
        subscripts = node.children_by_field_name("subscript")
        key = self._constant(subscripts[0]) if len(subscripts) == 1 else None
        for sub in subscripts:
            self.expr(sub, scope)
        if base is None:
            return None
        dst = self.temp()
        self.ops.append(("elem", dst, base, key))
        return dst

    def _constant(self, node: tree_sitter.Node) -> str | int | None:
        kind = node.type
        if kind == "integer":
            try:
                return int(self.text(node), 0)
            except ValueError:
                return None
        if kind == "unary_operator" and self.text(node).startswith("-"):
            inner = node.named_children[-1] if node.named_child_count else None
            value = self._constant(inner) if inner is not None else None
            return -value if isinstance(value, int) else None
        if kind == "string" and node.named_child_count <= 3:
            raw = self.text(node)
            for quote in ('"', "'"):
                if raw.startswith(quote) and raw.endswith(quote) and len(raw) >= 2 and "\\" not in raw:
                    return raw[1:-1]
        return None

    def _lambda(self, node: tree_sitter.Node, scope: str) -> Ref | None:
        index = self.def_index_of.get(node.start_byte)
        if index is None:
            return None
        qualname = self.qualnames[index]
        self.function_of[qualname] = qualname
        self._scope_index[qualname] = index
        parameters = node.child_by_field_name("parameters")
        self._parameters(index, qualname, parameters, scope)
        body = node.child_by_field_name("body")
        if body is not None:
            value = self.expr(body, qualname)
            if value is not None:
                self.ops.append(("copy", f"{qualname}:return", value))
        dst = self.temp()
        self.ops.append(("def", dst, index))
        return dst

    def _dictionary(self, node: tree_sitter.Node, scope: str) -> Ref:
        dst = self.temp()
        self.ops.append(("new", dst))
        for child in node.named_children:
            if child.type == "pair":
                key_node = child.child_by_field_name("key")
                value_node = child.child_by_field_name("value")
                key = self._constant(key_node) if key_node is not None else None
                if key_node is not None:
                    self.expr(key_node, scope)
                value = self.expr(value_node, scope) if value_node is not None else None
                if value is not None:
                    self.ops.append(("estore", dst, key, value))
            elif child.type == "dictionary_splat":
                inner = self._inner(child, scope)
                if inner is not None:
                    spread = self.temp()
                    self.ops.append(("elem", spread, inner, None))
                    self.ops.append(("estore", dst, None, spread))
            else:
                self.expr(child, scope)
        return dst

    def _container(self, node: tree_sitter.Node, scope: str) -> Ref:
        dst = self.temp()
        self.ops.append(("new", dst))
        position = 0
        for child in node.named_children:
            if child.type in ("list_splat", "list_splat_pattern"):
                inner = self._inner(child, scope)
                if inner is not None:
                    spread = self.temp()
                    self.ops.append(("iter", spread, inner))
                    self.ops.append(("estore", dst, None, spread))
                position = None
                continue
            value = self.expr(child, scope)
            if value is not None:
                self.ops.append(("estore", dst, position, value))
            if position is not None:
                position += 1
        return dst

    def _comprehension(self, node: tree_sitter.Node, scope: str) -> Ref:
        """Comprehension variables are read as the enclosing scope's (their own scope in Python)."""
        for clause in node.named_children:
            if clause.type == "for_in_clause":
                left = clause.child_by_field_name("left")
                right = clause.child_by_field_name("right")
                source = self.expr(right, scope) if right is not None else None
                self._assign_derived("iter", source, left, scope)
        dst = self.temp()
        self.ops.append(("new", dst))
        for clause in node.named_children:
            kind = clause.type
            if kind == "for_in_clause":
                continue
            if kind == "if_clause":
                self._walk_children(clause, scope)
                continue
            if kind == "pair":
                key = clause.child_by_field_name("key")
                value = clause.child_by_field_name("value")
                if key is not None:
                    self.expr(key, scope)
                ref = self.expr(value, scope) if value is not None else None
            else:
                ref = self.expr(clause, scope)
            if ref is not None:
                self.ops.append(("estore", dst, None, ref))
        return dst

    def _alternatives(self, node: tree_sitter.Node, scope: str) -> Ref | None:
        refs = [ref for child in node.named_children if (ref := self.expr(child, scope)) is not None]
        if not refs:
            return None
        dst = self.temp()
        self.ops.extend(("copy", dst, ref) for ref in refs)
        return dst

    def _walrus(self, node: tree_sitter.Node, scope: str) -> Ref | None:
        name = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        ref = self.expr(value, scope) if value is not None else None
        if name is not None:
            self.assign(name, ref, scope)
        return ref

    def _yield(self, node: tree_sitter.Node, scope: str) -> None:
        function = self.function_of.get(scope, "")
        children = node.children
        is_from = len(children) > 1 and children[1].type == "from"
        for child in node.named_children:
            ref = self.expr(child, scope)
            if ref is None or not function:
                continue
            if is_from:
                item = self.temp()
                self.ops.append(("iter", item, ref))
                ref = item
            self.ops.append(("copy", f"{function}:yield", ref))
        if function:
            index = self._index_of_scope(function)
            if index is not None:
                self.ops.append(("generator", index))
        return None

    def _index_of_scope(self, qualname: str) -> int | None:
        return self._scope_index.get(qualname)

    # -- statements -----------------------------------------------------------------------

    def _expression_statement(self, node: tree_sitter.Node, scope: str) -> None:
        for child in node.named_children:
            self.expr(child, scope)

    def _assignment(self, node: tree_sitter.Node, scope: str) -> None:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        value = self.expr(right, scope) if right is not None else None
        if node.type == "augmented_assignment":
            if left is not None:
                target = self.expr(left, scope)
                if target is not None and value is not None and left.type == "identifier":
                    self.ops.append(("copy", self.bind(scope, self.text(left)), value))
            return
        if right is not None and right.type == "assignment":  # a = b = value: walking b = value left it
            value = self._last_value
        if left is not None:
            self.assign(left, value, scope)
        self._last_value = value

    _last_value: Ref | None = None

    def assign(self, target: tree_sitter.Node, value: Ref | None, scope: str) -> None:
        kind = target.type
        if kind == "identifier":
            ref = self.bind(scope, self.text(target))
            if value is not None:
                self.ops.append(("copy", ref, value))
        elif kind == "attribute":
            obj = target.child_by_field_name("object")
            attr = target.child_by_field_name("attribute")
            base = self.expr(obj, scope) if obj is not None else None
            if base is not None and attr is not None and value is not None:
                line, col = attr.start_point
                self.ops.append(("store", base, self.text(attr), value, line + 1, col, scope))
        elif kind == "subscript":
            obj = target.child_by_field_name("value")
            base = self.expr(obj, scope) if obj is not None else None
            subscripts = target.children_by_field_name("subscript")
            for sub in subscripts:
                self.expr(sub, scope)
            key = self._constant(subscripts[0]) if len(subscripts) == 1 else None
            if base is not None and value is not None:
                self.ops.append(("estore", base, key, value))
        elif kind in _CONTAINERS:
            position: int | None = 0
            for child in target.named_children:
                if child.type in ("list_splat_pattern", "list_splat"):
                    inner = child.named_children[0] if child.named_child_count else None
                    if inner is not None:
                        self.assign(inner, value, scope)  # the rest: the same kind of elements
                    position = None
                    continue
                item = None
                if value is not None:
                    item = self.temp()
                    self.ops.append(("elem", item, value, position))
                self.assign(child, item, scope)
                if position is not None:
                    position += 1
        elif kind in ("parenthesized_expression", "as_pattern_target", "list_splat_pattern", "list_splat"):
            for child in target.named_children:
                self.assign(child, value, scope)
        else:
            self.expr(target, scope)

    def _assign_derived(self, operation: str, source: Ref | None, target: tree_sitter.Node | None, scope: str) -> None:
        """Bind a target to what `operation` derives from source (the items of `for`, the caught
        exception of `except ... as`); the target is bound even when nothing is known of it."""
        item = None
        if source is not None:
            item = self.temp()
            self.ops.append((operation, item, source))
        if target is not None:
            self.assign(target, item, scope)

    def _return(self, node: tree_sitter.Node, scope: str) -> None:
        function = self.function_of.get(scope, "")
        for child in node.named_children:
            ref = self.expr(child, scope)
            if ref is not None and function:
                self.ops.append(("copy", f"{function}:return", ref))

    def _for(self, node: tree_sitter.Node, scope: str) -> None:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        source = self.expr(right, scope) if right is not None else None
        self._assign_derived("iter", source, left, scope)
        for child in node.named_children:
            if child.type in ("block", "else_clause"):
                self.stmt(child, scope)

    def _with(self, node: tree_sitter.Node, scope: str) -> None:
        for child in node.named_children:
            if child.type == "with_clause":
                for item in child.named_children:
                    value = item.child_by_field_name("value")
                    if value is None:
                        continue
                    if value.type == "as_pattern":
                        expression = value.named_children[0] if value.named_child_count else None
                        alias = value.child_by_field_name("alias")
                        ref = self.expr(expression, scope) if expression is not None else None
                        if alias is not None:
                            self.assign(alias, ref, scope)
                    else:
                        self.expr(value, scope)
            else:
                self.stmt(child, scope)

    def _try(self, node: tree_sitter.Node, scope: str) -> None:
        for child in node.named_children:
            if child.type in ("except_clause", "except_group_clause"):
                for part in child.named_children:
                    if part.type == "block":
                        self.stmt(part, scope)
                    elif part.type == "as_pattern":
                        expression = part.named_children[0] if part.named_child_count else None
                        alias = part.child_by_field_name("alias")
                        classes = self.expr(expression, scope) if expression is not None else None
                        self._assign_derived("except", classes, alias, scope)
                    else:
                        self.expr(part, scope)
            else:
                self.stmt(child, scope)

    def _global(self, node: tree_sitter.Node, scope: str) -> None:
        names = self.globals.setdefault(scope, set())
        for child in node.named_children:
            if child.type == "identifier":
                names.add(self.text(child))
                self.bound.setdefault("", set()).add(self.text(child))

    def _nonlocal(self, node: tree_sitter.Node, scope: str) -> None:
        names = self.nonlocals.setdefault(scope, set())
        for child in node.named_children:
            if child.type == "identifier":
                names.add(self.text(child))

    def _decorated(self, node: tree_sitter.Node, scope: str) -> None:
        definition = node.child_by_field_name("definition")
        if definition is None:
            return
        decorators = []
        for child in node.named_children:
            if child.type == "decorator":
                expression = child.named_child(0) if child.named_child_count else None
                if expression is None:
                    continue
                ref = self.expr(expression, scope)
                line, col = expression.start_point
                site = self.site_of.get((expression.start_byte, expression.end_byte), -1)
                if expression.type == "call":  # @factory(x): the application is a call of its result
                    site = -1
                decorators.append((ref, site, line + 1, col))
        value = self._definition(definition, scope)
        if value is None:
            return
        name_ref, current = value
        for ref, site, line, col in reversed(decorators):  # the innermost decorator applies first
            if ref is None:
                continue
            result = self.temp()
            self.ops.append(("call", result, ref, (("", current),), (), site, line, col, scope, True))
            current = result
        self.ops.append(("copy", name_ref, current))

    def _function(self, node: tree_sitter.Node, scope: str) -> None:
        value = self._definition(node, scope)
        if value is not None:
            self.ops.append(("copy", value[0], value[1]))

    def _class(self, node: tree_sitter.Node, scope: str) -> None:
        self._function(node, scope)

    def _definition(self, node: tree_sitter.Node, scope: str) -> tuple[Ref, Ref] | None:
        """Walk a def or class statement; returns (the name it binds, a temp holding the definition)."""
        index = self.def_index_of.get(node.start_byte)
        name = node.child_by_field_name("name")
        if index is None or name is None:
            self.block(node, scope)
            return None
        qualname = self.qualnames[index]
        body = node.child_by_field_name("body")
        if node.type == "class_definition":
            self.function_of[qualname] = self.function_of.get(scope, "")
            superclasses = node.child_by_field_name("superclasses")
            bases = []
            if superclasses is not None:
                for child in superclasses.named_children:
                    if child.type == "keyword_argument":
                        value = child.child_by_field_name("value")
                        if value is not None:
                            self.expr(value, scope)
                        continue
                    ref = self.expr(child, scope)
                    if ref is not None:
                        bases.append(ref)
            self.ops.append(("bases", index, tuple(bases)))
        else:
            self.function_of[qualname] = qualname
            self._parameters(index, qualname, node.child_by_field_name("parameters"), scope)
        self._scope_index[qualname] = index
        if body is not None:
            self.block(body, qualname)
        definition = self.temp()
        self.ops.append(("def", definition, index))
        return self.bind(scope, self.text(name)), definition

    def _parameters(self, index: int, qualname: str, parameters: tree_sitter.Node | None, scope: str) -> None:
        positional: list[str] = []
        keyword_only: list[str] = []
        star = double_star = None
        after_star = False
        if parameters is not None:
            for param in parameters.named_children:
                kind = param.type
                if kind in _PARAM_SKIP:
                    if kind == "keyword_separator":
                        after_star = True
                    continue
                if kind == "identifier":
                    name = self.text(param)
                elif kind in ("default_parameter", "typed_default_parameter"):
                    name_node = param.child_by_field_name("name")
                    name = self.text(name_node) if name_node is not None else ""
                    value = param.child_by_field_name("value")
                    ref = self.expr(value, scope) if value is not None else None  # defaults: evaluated outside
                    if ref is not None and name:
                        self.ops.append(("copy", f"{qualname}:{name}", ref))
                    type_node = param.child_by_field_name("type")
                    if type_node is not None:
                        self.expr(type_node, scope)
                elif kind == "typed_parameter":
                    inner = param.named_children[0] if param.named_child_count else None
                    if inner is not None and inner.type in ("list_splat_pattern", "dictionary_splat_pattern"):
                        name = self.text(inner.named_children[0]) if inner.named_child_count else ""
                        kind = inner.type
                    else:
                        name = self.text(inner) if inner is not None else ""
                elif kind in ("list_splat_pattern", "dictionary_splat_pattern"):
                    name = self.text(param.named_children[0]) if param.named_child_count else ""
                else:
                    continue
                if not name:
                    continue
                self.bind(qualname, name)
                if kind == "list_splat_pattern":
                    star = name
                    after_star = True
                elif kind == "dictionary_splat_pattern":
                    double_star = name
                elif after_star:
                    keyword_only.append(name)
                else:
                    positional.append(name)
        self.bound.setdefault(qualname, set())
        self.ops.append(("params", index, tuple(positional), star, tuple(keyword_only), double_star))


def _ignore(node: tree_sitter.Node, scope: str) -> None:
    return None
