"""Which declaration a JavaScript or TypeScript identifier refers to, lexically.

Enough of ECMAScript's scoping for renames: a name is bound by the innermost function (its
parameters and its own name for function expressions), block, `for` head, `catch` clause or
class expression that declares it, else by the module (imports and top-level declarations).
`var` is treated like `let` (bound by its block), which is right for every module that does
not rely on hoisting a `var` out of a block.
"""

from __future__ import annotations

from collections.abc import Iterator

import tree_sitter

from codeintel.planning.treesitter.spans import text_of, walk

Node = tree_sitter.Node

FUNCTIONS = {
    "function_declaration",
    "generator_function_declaration",
    "function_expression",
    "function",
    "generator_function",
    "arrow_function",
    "method_definition",
}
BLOCKS = {"program", "statement_block", "for_statement", "for_in_statement", "switch_body", "class_body"}
SCOPES = FUNCTIONS | BLOCKS | {"catch_clause", "class", "class_declaration", "abstract_class_declaration"}
DECLARATIONS = {"lexical_declaration", "variable_declaration"}
CLASS_DECLS = {"class_declaration", "abstract_class_declaration"}
FUNCTION_DECLS = {"function_declaration", "generator_function_declaration"}
TYPE_DECLS = {"interface_declaration", "type_alias_declaration", "enum_declaration"}
REFERENCES = {"identifier", "type_identifier", "shorthand_property_identifier"}
RESERVED = frozenset(
    [
        "break",
        "case",
        "catch",
        "class",
        "const",
        "continue",
        "debugger",
        "default",
        "delete",
        "do",
        "else",
        "enum",
        "export",
        "extends",
        "false",
        "finally",
        "for",
        "function",
        "if",
        "import",
        "in",
        "instanceof",
        "new",
        "null",
        "return",
        "super",
        "switch",
        "this",
        "throw",
        "true",
        "try",
        "typeof",
        "var",
        "void",
        "while",
        "with",
        "yield",
        "let",
        "static",
        "implements",
        "interface",
        "package",
        "private",
        "protected",
        "public",
        "await",
        "arguments",
        "eval",
        "undefined",
    ]
)


def pattern_names(node: Node | None) -> Iterator[Node]:
    """The identifiers a binding pattern declares (`{a, b: c, ...d}`, `[x = 1]`, `p: T`)."""
    if node is None:
        return
    kind = node.type
    if kind in ("identifier", "shorthand_property_identifier_pattern", "this"):
        if kind != "this":
            yield node
    elif kind == "pair_pattern":
        yield from pattern_names(node.child_by_field_name("value"))
    elif kind in ("assignment_pattern", "object_assignment_pattern"):
        yield from pattern_names(node.child_by_field_name("left"))
    elif kind in ("required_parameter", "optional_parameter"):
        yield from pattern_names(node.child_by_field_name("pattern"))
    elif kind in ("object_pattern", "array_pattern", "rest_pattern", "formal_parameters"):
        for child in node.named_children:
            yield from pattern_names(child)


def declared_here(scope: Node) -> Iterator[Node]:
    """The name nodes `scope` itself binds (not those of nested scopes)."""
    kind = scope.type
    if kind in FUNCTIONS:
        yield from pattern_names(scope.child_by_field_name("parameters"))
        single = scope.child_by_field_name("parameter")
        if single is not None:
            yield single
        if kind in ("function_expression", "function", "generator_function"):
            name = scope.child_by_field_name("name")
            if name is not None:
                yield name
        return
    if kind == "catch_clause":
        yield from pattern_names(scope.child_by_field_name("parameter"))
        return
    if kind == "class":
        name = scope.child_by_field_name("name")
        if name is not None:
            yield name
        return
    if kind in CLASS_DECLS:
        return
    if kind == "for_in_statement":
        left = scope.child_by_field_name("left")
        yield from pattern_names(left)
    statements = list(scope.named_children)
    if kind == "for_statement":
        statements = [c for c in (scope.child_by_field_name("initializer"),) if c is not None]
    for statement in statements:
        yield from statement_names(statement)


def statement_names(statement: Node) -> Iterator[Node]:
    """The names a statement of a block declares at that block's level."""
    kind = statement.type
    if kind == "export_statement":
        declaration = statement.child_by_field_name("declaration")
        if declaration is not None:
            yield from statement_names(declaration)
        return
    if kind in DECLARATIONS:
        for declarator in statement.named_children:
            if declarator.type == "variable_declarator":
                yield from pattern_names(declarator.child_by_field_name("name"))
    elif kind in FUNCTION_DECLS | CLASS_DECLS | TYPE_DECLS:
        name = statement.child_by_field_name("name")
        if name is not None:
            yield name
    elif kind == "import_statement":
        for node in walk(statement):
            if node.type == "import_specifier":
                yield node.child_by_field_name("alias") or node.child_by_field_name("name")
            elif node.type == "namespace_import":
                yield node.named_children[-1]
            elif node.type == "import_clause":
                for child in node.named_children:
                    if child.type == "identifier":
                        yield child


def binding_scope(node: Node, name: str) -> Node | None:
    """The innermost scope enclosing `node` that declares `name` (the program when only it does)."""
    current = node.parent
    while current is not None:
        if current.type in SCOPES and any(text_of(n) == name for n in declared_here(current)):
            return current
        current = current.parent
    return None


def is_reference(node: Node) -> bool:
    """Whether an identifier node names a binding (not a property, label or object key)."""
    if node.type not in REFERENCES:
        return False
    parent = node.parent
    if parent is None:
        return False
    if parent.type in ("labeled_statement", "break_statement", "continue_statement"):
        return False
    if parent.type == "export_specifier":
        statement = parent.parent.parent if parent.parent is not None else None
        if node == parent.child_by_field_name("alias"):
            return False
        if statement is not None and statement.child_by_field_name("source") is not None:
            return False  # `export {f} from "./m"` names m's f, not a binding of this module
    if parent.type == "import_specifier" and parent.child_by_field_name("alias") is not None:
        return node == parent.child_by_field_name("alias")
    return True


def module_references(root: Node, name: str) -> list[Node]:
    """Every identifier in the file that refers to the module-level binding of `name`."""
    found = []
    for node in walk(root):
        if (
            node.type in REFERENCES
            and text_of(node) == name
            and is_reference(node)
            and binding_scope(node, name) == root
        ):
            found.append(node)
    return found


def captured(node: Node, root: Node, new_name: str) -> bool:
    """Whether `new_name` at `node`'s place would refer to something other than the module level."""
    scope = binding_scope(node, new_name)
    return scope is not None and scope != root


def top_level_names(root: Node) -> set[str]:
    return {text_of(n) for n in declared_here(root)}
