"""Java's resolution on the LanguageAnalysis port: packages, imports, calls and inheritance.

Names. A file's module is its package and its file stem (`package com.x;` in
`src/main/java/com/x/Foo.java` -> `com.x.Foo`), whatever the directory layout; a file without
a package clause is named by its path (`/` -> `.`, `.java` dropped). When two files would get
the same name (the same package and stem in two source trees), both are named by their path.
A type is `<module>.<qualname>` (`com.x.Foo.Foo`, `com.x.Foo.Inner`), a method
`<module>.<Type>.<name>`, a constructor `<module>.<Type>.<Type>`. Classes are found by their
fully qualified name (package + qualname: `com.x.Outer.Inner`), not by directory; a class
declared twice (the same fully qualified name in two files) is ambiguous and resolves to
nothing (an import of it targets every file declaring it).

Types in scope (Java's order): member types of the class and of its enclosing classes (and
of their superclasses in the repository), single-type imports, the package's classes, on-
demand imports (`import a.b.*;`: a repository class only; several matches -> none), then
`java.lang` (a fixed list of its public types: `String` -> External `java.lang.String`).
A type named by a single-type import the repository does not declare is External by its
import (`java.util.List`); other unknown names are not resolved (a wildcard-imported outside
type is not guessed). A type parameter (`T`) is its bound when it has exactly one
(`T extends Entity` -> `Entity`, the erasure javac binds calls with), else unknown; for
overload selection it accepts any reference type. Type arguments are dropped. Enums and
records have `java.lang.Enum` and `java.lang.Record` as implicit superclasses; their
compiler-written members (record accessors, `values()`, `valueOf(String)`) have no
definition and give no edge (an accessor's result type is its component's).

Imports: a single-type or static import targets the Module of the file declaring the class
(nested classes included), else External (`java.util.List`, `java.lang.Math.max` for a
static one, `java.lang.Math` for `import static java.lang.Math.*`); an on-demand import of a
repository package targets its files' Modules, else External (`java.util`).

Calls, resolved where Java's static semantics (the compile-time declaration javac binds)
give one target:
  - `foo()`: a method of the caller's class or inherited from its superclasses and
    interfaces in the repository; then of the enclosing classes (inner classes, lambdas and
    anonymous classes reach their enclosing class's methods); then static imports
    (single, then on-demand). Inside an anonymous class (or a local class) a method that the
    anonymous body declares itself gives nothing (it is not a definition); one inherited
    from its repository base is found there first. When that base lies outside the
    repository (`new Thread() {...}`), the call is looked up in the enclosing classes: the
    outside base is assumed not to declare it (right for `Runnable`, wrong when an
    enclosing class and the outside base declare the same name: see
    tests/java_suite/hard/anonymous_outside_base_shadowing). `this.m()` and `super.m()` in an
    anonymous class look in its base.
  - `this.foo()`, `super.foo()` (looked up from the superclass), `Outer.this.foo()`.
  - `obj.foo()`, `obj.f.g()`, `a.b().c()`: the static type of the receiver from the
    declarations of locals, parameters, fields (through superclasses and enclosing classes),
    `var x = new T()` / casts / calls, for-each variables, resources, catch parameters,
    `instanceof T t` patterns, the declared return type of the method a call resolves to
    (all candidates of that name must agree), array elements (`xs[i].m()`), `new T().m()`,
    `((T) x).m()`, and the result types of a few JDK methods (`toString()` is a `String`
    whatever the class; `StringBuilder.append`, `String.trim`, `Integer.valueOf`: a small
    table). Local declarations are per block (the innermost enclosing block's
    declaration wins; lambda parameters, whose type is not written, hide outer names).
  - `Type.staticMethod()`, `Outer.Inner.m()`, `pkg.Cls.m()` (fully qualified).
  - `new Foo(...)` -> Foo's constructor (chosen as below); a class that declares none ->
    the class itself; `this(...)`, `super(...)` -> the constructor of the class or its
    superclass. Implicit `super()` calls are not edges. `new I() {...}` of a repository
    interface gives nothing. Enum constants with arguments call their enum's constructor.
  - Method references `Foo::m`, `this::m`, `expr::m`, `Foo::new`: the one method (or
    constructor) of that name; several overloads -> nothing (the functional interface
    would choose, which is not read).
  - Overloads: of the methods of that name visible from the static type (overridden ones
    replaced by their overrides), those whose arity fits, fixed-arity ones before varargs
    ones (at least n-1 arguments). Then Java's selection, conservatively: argument types are
    known for literals (`#int`, a string concatenation), `new T()`, casts and any receiver-
    like expression the resolver types (`x`, `this.f`, `a.b()`); an overload some known
    argument cannot be passed to (subtyping, primitive widening, boxing and unboxing, over
    the repository's class hierarchy; outside hierarchies only where the JDK's are certain:
    `String`, `StringBuilder`, the boxes, arrays, `Object`) is dropped; one left -> it. Several: those that
    need no boxing first (Java's phase 1), and the one that surely applies and is more
    specific than every other (its parameters subtypes of theirs) wins; otherwise no edge.
  - Interface-typed receivers: an edge to the interface's declared (abstract or default)
    method, which is the static target in Java; the same holds for abstract methods.
  - Receivers of an outside type give External `<type>.<method>`: `java.util.List.add`,
    `java.lang.String.length` (also for `"literal".length()`), `java.io.PrintStream.println`
    (`System.out` and `System.err` are known), `java.lang.Math.max`. A method not found in
    the repository part of a hierarchy: External `<base>.<method>` when the hierarchy has
    exactly one outside supertype; `toString`, `equals`, `hashCode` ... of `java.lang.Object`
    otherwise. Calls on a value of unknown type give nothing.
Everything else is unresolved.

Scopes: a call's scope is its definition's qualname, or `qualname@index` when several
definitions share the qualname (overloads): the one whose span holds the call, so the
builder joins the edge to the right overload's node (`scope_index` maps both forms).

bases_of: `extends` then `implements` types: the repository's class (DEF), else External by
its qualified name (`java.io.Serializable`, `java.lang.Runnable`); unknown names give
nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from typing import NamedTuple

from codeintel.model import FileFacts, Import
from codeintel.resolve.port import DEF, EXTERNAL, MODULE, CallEdge, ImportStatus

JAVA_LANG = frozenset(
    [
        "AbstractMethodError",
        "Appendable",
        "ArithmeticException",
        "ArrayIndexOutOfBoundsException",
        "ArrayStoreException",
        "AssertionError",
        "AutoCloseable",
        "Boolean",
        "BootstrapMethodError",
        "Byte",
        "Character",
        "CharSequence",
        "Class",
        "ClassCastException",
        "ClassCircularityError",
        "ClassFormatError",
        "ClassLoader",
        "ClassNotFoundException",
        "ClassValue",
        "CloneNotSupportedException",
        "Cloneable",
        "Comparable",
        "Deprecated",
        "Double",
        "Enum",
        "EnumConstantNotPresentException",
        "Error",
        "Exception",
        "ExceptionInInitializerError",
        "Float",
        "FunctionalInterface",
        "IllegalAccessError",
        "IllegalAccessException",
        "IllegalArgumentException",
        "IllegalCallerException",
        "IllegalMonitorStateException",
        "IllegalStateException",
        "IllegalThreadStateException",
        "IncompatibleClassChangeError",
        "IndexOutOfBoundsException",
        "InheritableThreadLocal",
        "InstantiationError",
        "InstantiationException",
        "Integer",
        "InternalError",
        "InterruptedException",
        "Iterable",
        "LayerInstantiationException",
        "LinkageError",
        "Long",
        "Math",
        "Module",
        "ModuleLayer",
        "NegativeArraySizeException",
        "NoClassDefFoundError",
        "NoSuchFieldError",
        "NoSuchFieldException",
        "NoSuchMethodError",
        "NoSuchMethodException",
        "NullPointerException",
        "Number",
        "NumberFormatException",
        "Object",
        "OutOfMemoryError",
        "Override",
        "Package",
        "Process",
        "ProcessBuilder",
        "ProcessHandle",
        "Readable",
        "Record",
        "ReflectiveOperationException",
        "Runnable",
        "Runtime",
        "RuntimeException",
        "RuntimePermission",
        "SafeVarargs",
        "SecurityException",
        "SecurityManager",
        "Short",
        "StackOverflowError",
        "StackTraceElement",
        "StackWalker",
        "StrictMath",
        "String",
        "StringBuffer",
        "StringBuilder",
        "StringIndexOutOfBoundsException",
        "SuppressWarnings",
        "System",
        "Thread",
        "ThreadDeath",
        "ThreadGroup",
        "ThreadLocal",
        "Throwable",
        "TypeNotPresentException",
        "UnknownError",
        "UnsatisfiedLinkError",
        "UnsupportedClassVersionError",
        "UnsupportedOperationException",
        "VerifyError",
        "VirtualMachineError",
        "Void",
    ]
)
OBJECT_METHODS = frozenset(
    ["clone", "equals", "finalize", "getClass", "hashCode", "notify", "notifyAll", "toString", "wait"]
)
STDLIB_PREFIXES = ("java.", "javax.", "jdk.", "sun.", "com.sun.", "org.w3c.dom.", "org.xml.sax.", "org.ietf.jgss.")
ENUM_SYNTHESIZED = frozenset(["values", "valueOf"])
KNOWN_FIELDS = {
    "java.lang.System.out": "java.io.PrintStream",
    "java.lang.System.err": "java.io.PrintStream",
    "java.lang.System.in": "java.io.InputStream",
    **{
        f"java.lang.{box}.{name}": kind
        for box, kind in (
            ("Integer", "int"),
            ("Long", "long"),
            ("Short", "short"),
            ("Byte", "byte"),
            ("Character", "char"),
            ("Double", "double"),
            ("Float", "float"),
        )
        for name in ("MAX_VALUE", "MIN_VALUE")
    },
}
"""Types of a few much-used fields of outside classes (`System.out`, `Integer.MAX_VALUE`)."""
FINAL_OBJECT_METHODS = frozenset(["getClass", "notify", "notifyAll", "wait"])
PRIMITIVES = frozenset(["boolean", "byte", "char", "double", "float", "int", "long", "short"])
NUMERIC = frozenset(["byte", "double", "float", "int", "long", "short"])
WIDENING = {
    "byte": ("short", "int", "long", "float", "double"),
    "short": ("int", "long", "float", "double"),
    "char": ("int", "long", "float", "double"),
    "int": ("long", "float", "double"),
    "long": ("float", "double"),
    "float": ("double",),
}
BOXES = {
    "boolean": "java.lang.Boolean",
    "byte": "java.lang.Byte",
    "char": "java.lang.Character",
    "double": "java.lang.Double",
    "float": "java.lang.Float",
    "int": "java.lang.Integer",
    "long": "java.lang.Long",
    "short": "java.lang.Short",
}
UNBOXES = {boxed: primitive for primitive, boxed in BOXES.items()}
BOXED_SUPERTYPES = frozenset(["java.lang.Object", "java.io.Serializable", "java.lang.Comparable"])
STRING_SUPERTYPES = frozenset(["java.lang.CharSequence", "java.lang.Comparable", "java.io.Serializable"])
BUILDERS = frozenset(["java.lang.StringBuilder", "java.lang.StringBuffer"])
BUILDER_SUPERTYPES = STRING_SUPERTYPES | {"java.lang.Appendable"}
ARRAY_SUPERTYPES = frozenset(["java.lang.Object", "java.lang.Cloneable", "java.io.Serializable"])
FIXED_RESULTS = {"toString": "java.lang.String", "hashCode": "int", "equals": "boolean", "getClass": "java.lang.Class"}
"""Methods whose result type every class shares (`Object`'s contract: overrides keep it)."""
_STRING = "java.lang.String"
_STRING_RESULTS = {
    **dict.fromkeys(
        [
            "concat",
            "formatted",
            "indent",
            "intern",
            "repeat",
            "replace",
            "replaceAll",
            "replaceFirst",
            "strip",
            "stripIndent",
            "stripLeading",
            "stripTrailing",
            "substring",
            "toLowerCase",
            "toUpperCase",
            "trim",
            "valueOf",
            "format",
            "join",
            "copyValueOf",
        ],
        _STRING,
    ),
    **dict.fromkeys(["length", "indexOf", "lastIndexOf", "compareTo", "compareToIgnoreCase", "codePointAt"], "int"),
    **dict.fromkeys(
        ["isEmpty", "isBlank", "startsWith", "endsWith", "contains", "equalsIgnoreCase", "matches"], "boolean"
    ),
    "charAt": "char",
}
_BUILDER_RESULTS = {
    **dict.fromkeys(["append", "insert", "reverse", "delete", "deleteCharAt", "replace", "appendCodePoint"], ""),
    "length": "int",
    "charAt": "char",
    "substring": _STRING,
    "indexOf": "int",
}
OUTSIDE_RESULTS = {
    _STRING: _STRING_RESULTS,
    **{
        builder: {name: result or builder for name, result in _BUILDER_RESULTS.items()}
        for builder in ("java.lang.StringBuilder", "java.lang.StringBuffer")
    },
    **{boxed: {"valueOf": boxed} for boxed in BOXES.values()},
}
"""Result types of the much-used methods of a few final JDK classes (`sb.append(a).append(b)`)."""
ANY = object()
"""The type of a parameter whose type is a type variable: any reference type."""
NULL = object()
"""The type of the `null` literal."""
LAMBDA = object()
"""The type of a lambda or method reference argument: some functional interface."""
NOT_FUNCTIONAL = frozenset(
    ["java.lang.Object", "java.lang.String", "java.lang.CharSequence", "java.lang.Number", *BOXES.values()]
)
_GENERICS = re.compile(r"<[^<>]*>")
_HEAD = re.compile(r'new ([\w$.]+(?:\[\])*)\(\)|\(([\w$.]+(?:\[\])*)\)|("")|([A-Za-z_$][\w$]*)')
_LINK = re.compile(r"\.([A-Za-z_$][\w$]*)(\(\))?|(\[\])")
_MAX_DEPTH = 24


class Type(NamedTuple):
    """A static type: a repository class (`repo`), or an outside one by qualified name."""

    name: str  # fully qualified
    repo: bool
    dims: int = 0  # array dimensions


IMPLICIT_SUPERCLASS = {"enum": Type("java.lang.Enum", False), "record": Type("java.lang.Record", False)}
"""The superclass of every enum and record (not written in its bases)."""


class Static(NamedTuple):
    """A type named in an expression (`Math` in `Math.max()`): its static members."""

    type: Type


class Package(NamedTuple):
    """A package prefix named in an expression (`java.util` in `java.util.List.of()`)."""

    name: str


class Method(NamedTuple):
    path: str
    index: int
    arity: int
    varargs: bool
    returns: str
    params: tuple[str, ...]


class ClassInfo(NamedTuple):
    path: str
    index: int
    qualname: str
    kind: str
    outer: str  # fqn of the enclosing class, "" for a top-level one


def module_name_for(path: str) -> str:
    return path.removesuffix(".java").replace("/", ".")


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".java")


def _strip(written: str) -> tuple[str, int]:
    """`Map<K, List<V>>[]` -> (`Map`, 1)."""
    for _ in range(8):
        if "<" not in written:
            break
        written = _GENERICS.sub("", written)
    written = "".join(written.split())
    dims = written.count("[]")
    return written.replace("[]", "").replace("...", ""), dims + (1 if "..." in written else 0)


class JavaAnalysis:
    """Resolves the calls, imports and inheritance of a repository's Java files."""

    def __init__(self, facts_by_path: Mapping[str, FileFacts], paths: Iterable[str]) -> None:
        self.facts_by_path = facts_by_path
        self.paths = sorted(paths)
        self.calls: dict[str, list[CallEdge]] = {}
        self.scopes: dict[str, dict[str, int]] = {}
        self.counts: Counter = Counter()
        self.names: dict[str, str] = {}
        self._solved = False

    # ---- index ------------------------------------------------------------------------

    def _names(self) -> None:
        """Module names and packages of every file, read on first need (facts may load lazily)."""
        if self.names:
            return
        self.package: dict[str, str] = {}
        by_name: dict[str, list[str]] = {}
        for path in self.paths:
            facts = self.facts_by_path[path]
            package = next((f[1] for f in facts.flows if f[0] == "package"), "")
            self.package[path] = package
            name = f"{package}.{_stem(path)}" if package else module_name_for(path)
            by_name.setdefault(name, []).append(path)
        for name, files in by_name.items():
            for path in files:
                self.names[path] = name if len(files) == 1 else module_name_for(path)

    def _index(self) -> None:
        self._names()
        self.classes: dict[str, ClassInfo] = {}
        ambiguous: set[str] = set()
        self.class_of_def: dict[tuple[str, int], str] = {}
        self.methods: dict[str, dict[str, list[Method]]] = {}  # class fqn -> name -> methods
        self.ctors: dict[str, list[Method]] = {}
        self.fields: dict[str, dict[str, str]] = {}
        self.package_files: dict[str, list[str]] = {}
        self.tparams: dict[str, set[str]] = {}
        self.bounds: dict[str, dict[str, str]] = {}  # per file: type parameter -> its one bound
        self.vars: dict[tuple[str, str, str], list[tuple]] = {}
        self.args: dict[tuple[str, int, int], tuple] = {}
        self.anons: dict[tuple[str, str], list[tuple]] = {}
        self.imports: dict[str, tuple[dict[str, str], list[str], dict[str, list[str]], list[str]]] = {}
        for path in self.paths:
            facts = self.facts_by_path[path]
            package = self.package[path]
            self.package_files.setdefault(package, []).append(path)
            prefix = f"{package}." if package else ""
            for index, definition in enumerate(facts.definitions):
                if definition.kind != "class":
                    continue
                fqn = prefix + definition.qualname
                if fqn in self.classes:
                    ambiguous.add(fqn)
                outer = prefix + definition.parent if definition.parent else ""
                self.classes.setdefault(fqn, ClassInfo(path, index, definition.qualname, definition.type_kind, outer))
                self.class_of_def[(path, index)] = fqn
            static_lines = set()
            params: set[str] = set()
            bounds: dict[str, set[str]] = {}
            for flow in facts.flows:
                kind = flow[0]
                if kind == "sig":
                    definition = facts.definitions[flow[1]]
                    owner = prefix + definition.parent
                    method = Method(path, flow[1], flow[2], flow[3], flow[4], flow[5])
                    if definition.name == definition.parent.rpartition(".")[2] and not flow[4]:
                        self.ctors.setdefault(owner, []).append(method)
                    else:
                        self.methods.setdefault(owner, {}).setdefault(definition.name, []).append(method)
                elif kind == "field":
                    self.fields.setdefault(prefix + flow[1], {}).setdefault(flow[2], flow[3])
                elif kind in ("var", "var_expr"):
                    self.vars.setdefault((path, flow[1], flow[2]), []).append(flow)
                elif kind == "args":
                    self.args[(path, flow[1], flow[2])] = flow[3:]
                elif kind == "anon":
                    self.anons.setdefault((path, flow[1]), []).append(flow[2:])
                elif kind == "tparam":
                    params.add(flow[2])
                    bounds.setdefault(flow[2], set()).add(flow[3] if len(flow) > 3 else "")
                elif kind == "static_import":
                    static_lines.add(flow[1])
            self.tparams[path] = params
            self.bounds[path] = {name: found.pop() for name, found in bounds.items() if len(found) == 1}
            single: dict[str, str] = {}
            wildcards: list[str] = []
            static_single: dict[str, list[str]] = {}
            static_wild: list[str] = []
            for imp in facts.imports:
                if imp.line in static_lines:
                    if imp.name == "*":
                        static_wild.append(imp.module)
                    else:
                        static_single.setdefault(imp.name or "", []).append(imp.module)
                elif imp.name == "*":
                    wildcards.append(imp.module)
                elif imp.name:
                    single.setdefault(imp.name, f"{imp.module}.{imp.name}" if imp.module else imp.name)
            self.imports[path] = (single, wildcards, static_single, static_wild)
        self.ambiguous: dict[str, list[str]] = {}  # a class declared in several files -> those files
        for fqn in ambiguous:
            del self.classes[fqn]
        for path in self.paths:
            prefix = f"{self.package[path]}." if self.package[path] else ""
            for definition in self.facts_by_path[path].definitions:
                if definition.kind == "class" and prefix + definition.qualname in ambiguous:
                    self.ambiguous.setdefault(prefix + definition.qualname, []).append(path)
        self.supers: dict[str, list[Type | None]] = {}
        self._memo: dict[tuple, object] = {}
        self._ancestry: dict[str, tuple[list[str], list[Type | None]]] = {}
        self._members: dict[tuple[str, str], tuple[list[Method], list[Type | None]]] = {}

    # ---- types ------------------------------------------------------------------------

    def _class_context(self, path: str, scope: str) -> str:
        """The fqn of the class a scope (a class or method qualname) is in; "" at file level."""
        index = self._scope_def(path, scope)
        if index is None:
            return ""
        fqn = self.class_of_def.get((path, index))
        if fqn is not None:
            return fqn
        parent = self.facts_by_path[path].definitions[index].parent
        package = self.package[path]
        return f"{package}.{parent}" if package and parent else parent

    def _scope_def(self, path: str, scope: str) -> int | None:
        found = self.scopes.get(path)
        if found is None:
            found = self.scopes[path] = self._scope_map(path)
        return found.get(scope)

    def _scope_map(self, path: str) -> dict[str, int]:
        found: dict[str, int] = {}
        for index, definition in enumerate(self.facts_by_path[path].definitions):
            found.setdefault(definition.qualname, index)
        return found

    def _supertypes(self, fqn: str) -> list[Type | None]:
        """The direct supertypes of a repository class (None for an unknown one), in order."""
        found = self.supers.get(fqn)
        if found is not None:
            return found
        self.supers[fqn] = []  # breaks cycles
        info = self.classes.get(fqn)
        result: list[Type | None] = []
        if info is not None:
            definition = self.facts_by_path[info.path].definitions[info.index]
            for written in definition.bases:
                result.append(self._resolve_type(info.path, info.outer, written))
        self.supers[fqn] = result
        return result

    def _ancestors(self, fqn: str) -> tuple[list[str], list[Type | None]]:
        """Repository classes of the hierarchy, breadth first from `fqn` (itself first), and the
        outside or unknown supertypes met on the way."""
        found = self._ancestry.get(fqn)
        if found is None:
            found = self._ancestry[fqn] = self._walk_ancestors(fqn)
        return found

    def _walk_ancestors(self, fqn: str) -> tuple[list[str], list[Type | None]]:
        order = [fqn]
        outside: list[Type | None] = []
        seen = {fqn}
        position = 0
        while position < len(order) and position < 64:
            info = self.classes.get(order[position])
            implicit = IMPLICIT_SUPERCLASS.get(info.kind) if info is not None else None
            if implicit is not None and implicit not in outside:
                outside.append(implicit)
            for base in self._supertypes(order[position]):
                if base is None or not base.repo:
                    if base not in outside:
                        outside.append(base)
                elif base.name not in seen:
                    seen.add(base.name)
                    order.append(base.name)
            position += 1
        return order, outside

    def _member_type(self, fqn: str, name: str) -> str | None:
        for cls in self._ancestors(fqn)[0]:
            candidate = f"{cls}.{name}"
            if candidate in self.classes:
                return candidate
        return None

    def _resolve_type(self, path: str, context: str, written: str) -> Type | None:
        """A written type in a file and class context -> its Type, or None when unknown."""
        if not written:
            return None
        key = ("type", path, context, written)
        if key in self._memo:
            return self._memo[key]  # type: ignore[return-value]
        self._memo[key] = None
        name, dims = _strip(written)
        if name in PRIMITIVES:
            self._memo[key] = found = Type(name, False, dims)
            return found
        found = self._resolve_name(path, context, name)
        if found is not None and dims:
            found = found._replace(dims=dims)
        self._memo[key] = found
        return found

    def _resolve_name(self, path: str, context: str, name: str) -> Type | None:
        parts = name.split(".")
        if not parts[0]:
            return None
        if parts[0] in self.tparams.get(path, ()):
            bound = self.bounds.get(path, {}).get(parts[0])  # a type variable: its erasure
            if len(parts) > 1 or not bound or bound == name:
                return None
            return self._resolve_name(path, context, bound)
        head = self._simple_type(path, context, parts[0])
        if head is not None:
            for part in parts[1:]:
                if not head.repo:
                    return Type(f"{head.name}.{part}", False)
                nested = self._member_type(head.name, part)
                if nested is None:
                    return None
                head = Type(nested, True)
            return head
        if len(parts) == 1:
            return None
        for end in range(len(parts), 0, -1):  # a fully qualified name
            candidate = ".".join(parts[:end])
            if candidate in self.classes:
                if end == len(parts):
                    return Type(candidate, True)
                return None
        if parts[0][:1].islower() and parts[-1][:1].isupper() and name not in self.ambiguous:
            return Type(name, False)
        return None

    def _simple_type(self, path: str, context: str, name: str) -> Type | None:
        if name in ("int", "long", "short", "byte", "char", "boolean", "float", "double", "void", "var"):
            return None
        outer = context
        for _ in range(_MAX_DEPTH):
            if not outer:
                break
            if outer.rpartition(".")[2] == name and outer in self.classes:
                return Type(outer, True)
            found = self._member_type(outer, name)
            if found is not None:
                return Type(found, True)
            info = self.classes.get(outer)
            outer = info.outer if info is not None else ""
        package = self.package.get(path, "")
        single, wildcards, _, _ = self.imports.get(path, ({}, [], {}, []))
        if name in single:
            fqn = single[name]
            return Type(fqn, True) if fqn in self.classes else None if fqn in self.ambiguous else Type(fqn, False)
        own = f"{package}.{name}" if package else name
        if own in self.classes:
            return Type(own, True)
        if own in self.ambiguous:
            return None
        matches = {f"{w}.{name}" for w in wildcards if f"{w}.{name}" in self.classes}
        if len(matches) == 1:
            return Type(matches.pop(), True)
        if matches:
            return None
        if name in JAVA_LANG:
            return Type(f"java.lang.{name}", False)
        return None

    # ---- members ----------------------------------------------------------------------

    def _candidates(self, fqn: str, name: str) -> tuple[list[Method], list[Type | None]]:
        """Methods `name` visible in a repository class (overridden ones left out), and the
        outside supertypes of its hierarchy."""
        key = (fqn, name)
        found = self._members.get(key)
        if found is None:
            found = self._members[key] = self._collect_candidates(fqn, name)
        return found

    def _collect_candidates(self, fqn: str, name: str) -> tuple[list[Method], list[Type | None]]:
        order, outside = self._ancestors(fqn)
        found: list[Method] = []
        signatures = set()
        for cls in order:
            for method in self.methods.get(cls, {}).get(name, ()):
                if method.params in signatures:
                    continue
                signatures.add(method.params)
                found.append(method)
        if not found and self._accessor(order, name) is not None:
            return found, [None]  # a record's implicit accessor: no definition, not outside either
        return found, outside

    def _accessor(self, order: list[str], name: str) -> str | None:
        """The record among `order` whose component `name` has an implicit accessor `name()`."""
        for cls in order:
            info = self.classes.get(cls)
            if info is not None and info.kind == "record" and name in self.fields.get(cls, {}):
                return cls
        return None

    def _choose(self, path: str, scope: str, line: int, col: int, methods: list[Method]) -> Method | None:
        """The overload a call picks: by arity (fixed-arity ones before varargs ones), then by the
        argument types that are known, then the most specific; None when unsure."""
        if not methods:
            return None
        count, written = self.args.get((path, line, col), (0, ()))  # no flow: no arguments
        fixed = [m for m in methods if not m.varargs and m.arity == count]
        varargs = [m for m in methods if m.varargs and count >= m.arity - 1]
        known: list | None = None
        for group in (fixed, varargs):
            if not group:
                continue
            if known is None:
                context = self._class_context(path, scope)
                known = [self._argument_type(path, scope, context, line, each) for each in written]
            params = {m: self._parameter_types(m, count) for m in group}
            possible = [
                m
                for m in group
                if all(_convertible(a, p, True, self) is not False for a, p in zip(known, params[m], strict=True))
            ]
            if len(possible) == 1:
                return possible[0]
            if not possible:
                continue
            strict = [
                m
                for m in possible
                if all(_convertible(a, p, False, self) is not False for a, p in zip(known, params[m], strict=True))
            ]
            pool, boxing = (strict, False) if strict else (possible, True)
            for method in pool:
                if not all(_convertible(a, p, boxing, self) for a, p in zip(known, params[method], strict=True)):
                    continue
                if all(
                    other is method
                    or all(_convertible(a, b, False, self) for a, b in zip(params[method], params[other], strict=True))
                    for other in pool
                ):
                    return method
            return None
        return None

    def _parameter_types(self, method: Method, count: int) -> list:
        """The resolved parameter types of a method for a call with `count` arguments (a varargs
        parameter spread over the trailing arguments)."""
        key = ("params", method.path, method.index)
        types = self._memo.get(key)
        if types is None:
            definition = self.facts_by_path[method.path].definitions[method.index]
            package = self.package[method.path]
            context = f"{package}.{definition.parent}" if package and definition.parent else definition.parent
            types = [self._value_type(method.path, context, written) for written in method.params]
            self._memo[key] = types
        if not method.varargs or not types:
            return list(types)  # type: ignore[arg-type]
        last = types[-1]
        element = last._replace(dims=last.dims - 1) if isinstance(last, Type) and last.dims else None
        spread = list(types[:-1]) + [element] * (count - len(types) + 1)
        return spread if count != len(types) else list(types[:-1]) + [None]

    def _value_type(self, path: str, context: str, written: str):
        """A parameter's type: a Type (primitives too: `Type("int", False)`), ANY for a type
        parameter, None when unknown."""
        name, dims = _strip(written)
        if name in PRIMITIVES:
            return Type(name, False, dims)
        if name in self.tparams.get(path, ()):
            return ANY if not dims else None
        return self._resolve_type(path, context, written)

    def _argument_type(self, path: str, scope: str, context: str, line: int, written: str):
        if not written:
            return None
        if written.startswith("#"):
            literal = written[1:]
            if literal == "null":
                return NULL
            if literal == "lambda":
                return LAMBDA
            return Type("java.lang.String", False) if literal == "String" else Type(literal, False)
        found = self._expression_type(path, scope, context, written, line, 0)
        return found if isinstance(found, Type) else None

    def _field_type(self, fqn: str, name: str, depth: int) -> Type | None:
        for cls in self._ancestors(fqn)[0]:
            written = self.fields.get(cls, {}).get(name)
            if written is not None:
                info = self.classes.get(cls)
                return self._resolve_type(info.path, cls, written) if info is not None else None
        return None

    def _result_type(self, methods: list[Method]) -> Type | None:
        types = set()
        for method in methods:
            fqn = self.class_of_def.get((method.path, method.index))
            if fqn is None:
                definition = self.facts_by_path[method.path].definitions[method.index]
                package = self.package[method.path]
                fqn = f"{package}.{definition.parent}" if package else definition.parent
            types.add(self._resolve_type(method.path, fqn, method.returns))
        return types.pop() if len(types) == 1 else None

    # ---- variables and expressions ----------------------------------------------------

    def _var_entry(self, path: str, scope: str, name: str, line: int) -> tuple | None:
        entries = self.vars.get((path, scope, name))
        if not entries:
            return None
        visible = [e for e in entries if e[4] == 0 or e[4] <= line <= e[5]]
        if not visible:
            return None
        innermost = max(e[4] for e in visible)
        chosen = {e[:4] for e in visible if e[4] == innermost}
        return chosen.pop() if len(chosen) == 1 else ("var", scope, name, "")

    def _anon_at(self, path: str, scope: str, line: int) -> tuple | None:
        best = None
        for entry in self.anons.get((path, scope), ()):
            if entry[0] <= line <= entry[1] and (best is None or entry[0] >= best[0]):
                best = entry
        return best

    def _expression_type(self, path: str, scope: str, context: str, expression: str, line: int, depth: int):
        """The static Type of an expression in the callee notation; Static(Type) for a type
        name; Package(name) for a package prefix; None when unknown."""
        if depth > _MAX_DEPTH or not expression or "..." in expression:
            return None
        match = _HEAD.match(expression)
        if match is None:
            return None
        new, cast, string, ident = match.groups()
        state: object
        if new is not None or cast is not None:
            state = self._resolve_type(path, context, new or cast)
        elif string is not None:
            state = Type("java.lang.String", False)
        elif ident == "this":
            anon = self._anon_at(path, scope, line)
            state = Type(context, True) if anon is None and context in self.classes else None
        elif ident == "super":
            state = self._superclass(context) if self._anon_at(path, scope, line) is None else None
        elif expression.startswith("()", match.end()):  # `foo().bar`: what foo returns
            state = self._result_type(self._unqualified_methods(path, scope, context, ident, line))
            position = match.end() + 2
            match = None
        else:
            state = self._name_type(path, scope, context, ident, line, depth)
        position = match.end() if match is not None else position
        while position < len(expression):
            link = _LINK.match(expression, position)
            if link is None or state is None:
                return None
            position = link.end()
            name, called, element = link.groups()
            state = self._link(path, scope, context, state, name, called, element, line, depth)
        return state

    def _superclass(self, context: str) -> Type | None:
        info = self.classes.get(context)
        if info is None or info.kind == "interface":
            return None
        definition = self.facts_by_path[info.path].definitions[info.index]
        if not definition.bases or info.kind in ("enum", "record"):
            return None
        # `extends` comes first in bases; a class that only implements interfaces has no
        # written superclass: its signature says which.
        header = definition.signature
        for _ in range(8):
            if "<" not in header:
                break
            header = _GENERICS.sub("", header)
        if " extends " not in f" {header} ":
            return None
        return self._supertypes(context)[0] if self._supertypes(context) else None

    def _name_type(self, path: str, scope: str, context: str, name: str, line: int, depth: int):
        entry = self._var_entry(path, scope, name, line)
        if entry is not None:
            if entry[0] == "var_expr":
                found = self._expression_type(path, scope, context, entry[3], line, depth + 1)
                if isinstance(found, Static | Package):
                    return None
                if entry[3].endswith("[]") and isinstance(found, Type):  # `for (var x : xs)`
                    return found._replace(dims=found.dims - 1) if found.dims else None
                return found
            return self._resolve_type(path, context, entry[3]) if entry[3] else None
        outer = context
        for _ in range(_MAX_DEPTH):
            if not outer or outer not in self.classes:
                break
            if any(name in self.fields.get(cls, {}) for cls in self._ancestors(outer)[0]):
                return self._field_type(outer, name, depth + 1)
            outer = self.classes[outer].outer
        type_ = self._resolve_type(path, context, name)
        if type_ is not None:
            return Static(type_)
        if name[:1].islower():
            return Package(name)
        return None

    def _link(self, path, scope, context, state, name, called, element, line, depth):
        if element:
            if isinstance(state, Type) and state.dims:
                return state._replace(dims=state.dims - 1)
            return None
        if isinstance(state, Package):
            candidate = f"{state.name}.{name}"
            if candidate in self.classes:
                return Static(Type(candidate, True))
            if called:
                return None
            if name[:1].isupper():
                return Static(Type(candidate, False))
            return Package(candidate)
        static = isinstance(state, Static)
        type_ = state.type if static else state
        if not isinstance(type_, Type) or type_.dims:
            return None
        if called:
            fixed = FIXED_RESULTS.get(name)
            if fixed is not None and (name != "toString" or not static):
                return Type(fixed, False)
            if not type_.repo:
                known = OUTSIDE_RESULTS.get(type_.name, {}).get(name)
                return Type(known, False) if known is not None else None
            methods, _ = self._candidates(type_.name, name)
            if not methods:
                record = self._accessor(self._ancestors(type_.name)[0], name)
                return self._field_type(record, name, depth + 1) if record is not None else None
            return self._result_type(methods)
        if name == "this" and static:
            return type_
        if not type_.repo:
            known = KNOWN_FIELDS.get(f"{type_.name}.{name}")
            if known is not None:
                return Type(known, False)
            return Static(Type(f"{type_.name}.{name}", False)) if static and name[:1].isupper() else None
        if name in self.fields.get(type_.name, {}) or any(
            name in self.fields.get(c, {}) for c in self._ancestors(type_.name)[0]
        ):
            return self._field_type(type_.name, name, depth + 1)
        if static:
            nested = self._member_type(type_.name, name)
            return Static(Type(nested, True)) if nested else None
        return None

    # ---- calls ------------------------------------------------------------------------

    def _method_target(self, path, scope, line, col, type_: Type, name: str) -> tuple | None:
        if type_.dims or type_.name in PRIMITIVES:
            return None
        if not type_.repo:
            return (EXTERNAL, f"{type_.name}.{name}")
        methods, outside = self._candidates(type_.name, name)
        if methods:
            chosen = self._choose(path, scope, line, col, methods)
            return (DEF, chosen.path, chosen.index) if chosen else None
        return self._outside_method(outside, name)

    @staticmethod
    def _outside_method(outside: list[Type | None], name: str) -> tuple | None:
        if len(outside) == 1 and outside[0] is not None:
            if outside[0].name == "java.lang.Enum" and name in ENUM_SYNTHESIZED:
                return None  # `values()`, `valueOf(String)`: declared by the compiler in the enum
            return (EXTERNAL, f"{outside[0].name}.{name}")
        if (not outside and name in OBJECT_METHODS) or name in FINAL_OBJECT_METHODS:
            return (EXTERNAL, f"java.lang.Object.{name}")  # final ones: no type can redeclare them
        return None

    def _constructor(self, path, scope, line, col, type_: Type | None, anonymous: bool = False) -> tuple | None:
        if type_ is None or type_.dims:
            return None
        if not type_.repo:
            return (EXTERNAL, type_.name)
        info = self.classes[type_.name]
        ctors = self.ctors.get(type_.name, [])
        if not ctors:
            if info.kind in ("interface", "annotation") or (info.kind == "enum" and anonymous):
                return None
            return (DEF, info.path, info.index)
        chosen = self._choose(path, scope, line, col, ctors)
        return (DEF, chosen.path, chosen.index) if chosen else None

    def _call_target(self, path: str, scope: str, callee: str, line: int, col: int) -> tuple | None:
        context = self._class_context(path, scope)
        if "::" in callee:
            return self._reference(path, scope, context, callee, line)
        if callee.startswith("new ") and "(" not in callee:
            anon = any(a[0] == line for a in self.anons.get((path, scope), ()))
            written = callee[4:]
            type_ = self._resolve_type(path, context, written)
            if type_ is not None and type_.repo and anon and self.classes[type_.name].kind == "interface":
                return None
            return self._constructor(path, scope, line, col, type_)
        if callee in ("this", "super"):
            if callee == "this":
                type_ = Type(context, True) if context in self.classes else None
            else:
                type_ = self._superclass(context)
                if type_ is None:
                    return None
            return self._constructor(path, scope, line, col, type_)
        head, dot, name = callee.rpartition(".")
        if not dot:
            return self._unqualified(path, scope, context, name, line, col)
        if head in ("this", "super"):
            anon = self._anon_at(path, scope, line)
            if anon is not None:
                if name in anon[3] and head == "this":
                    return None
                base = self._resolve_type(path, context, anon[2])
                if base is None:
                    return None
                return self._method_target(path, scope, line, col, base, name)
        state = self._expression_type(path, scope, context, head, line, 0)
        if state is None:
            return None
        if isinstance(state, Package):
            return None
        type_ = state.type if isinstance(state, Static) else state
        if not isinstance(type_, Type):
            return None
        if head == "super" and type_.repo:
            methods, outside = self._candidates(type_.name, name)
            if not methods:
                return self._outside_method(outside, name) if outside else None
        return self._method_target(path, scope, line, col, type_, name)

    def _unqualified_methods(self, path: str, scope: str, context: str, name: str, line: int) -> list[Method]:
        """The methods an unqualified call `name()` may bind to (one class's overloads)."""
        anon = self._anon_at(path, scope, line)
        if anon is not None:
            if name in anon[3]:
                return []
            base = self._resolve_type(path, context, anon[2])
            if base is not None and base.repo:
                methods = self._candidates(base.name, name)[0]
                if methods:
                    return methods
        outer = context
        for _ in range(_MAX_DEPTH):
            if not outer or outer not in self.classes:
                break
            methods = self._candidates(outer, name)[0]
            if methods:
                return methods
            outer = self.classes[outer].outer
        for module in self.imports.get(path, ({}, [], {}, []))[2].get(name, ()):
            type_ = self._resolve_name(path, "", module)
            if type_ is not None and type_.repo:
                return self._candidates(type_.name, name)[0]
        return []

    def _unqualified(self, path, scope, context, name, line, col) -> tuple | None:
        anon = self._anon_at(path, scope, line)
        if anon is not None:
            if name in anon[3]:
                return None
            base = self._resolve_type(path, context, anon[2])
            if base is not None and base.repo:
                methods, _ = self._candidates(base.name, name)
                if methods:
                    chosen = self._choose(path, scope, line, col, methods)
                    return (DEF, chosen.path, chosen.index) if chosen else None
        outer = context
        first_outside: list[Type | None] | None = None
        for _ in range(_MAX_DEPTH):
            if not outer or outer not in self.classes:
                break
            methods, outside = self._candidates(outer, name)
            if first_outside is None:
                first_outside = outside
            if methods:
                chosen = self._choose(path, scope, line, col, methods)
                return (DEF, chosen.path, chosen.index) if chosen else None
            outer = self.classes[outer].outer
        _, _, static_single, static_wild = self.imports.get(path, ({}, [], {}, []))
        for module in static_single.get(name, ()):
            type_ = self._resolve_name(path, "", module)
            if type_ is not None:
                return self._method_target(path, scope, line, col, type_, name)
        found = []
        for module in static_wild:
            type_ = self._resolve_name(path, "", module)
            if type_ is not None and type_.repo and self._candidates(type_.name, name)[0]:
                found.append(type_)
        if len(found) == 1:
            return self._method_target(path, scope, line, col, found[0], name)
        if not found and len(static_wild) == 1:
            type_ = self._resolve_name(path, "", static_wild[0])
            if type_ is not None and not type_.repo:
                return (EXTERNAL, f"{type_.name}.{name}")
        if first_outside:
            return self._outside_method(first_outside, name)
        return None

    def _reference(self, path, scope, context, callee, line) -> tuple | None:
        head, _, name = callee.rpartition("::")
        if head in ("this", "super"):
            type_ = Type(context, True) if head == "this" and context in self.classes else None
            if head == "super":
                type_ = self._superclass(context)
        else:
            state = self._expression_type(path, scope, context, head, line, 0)
            type_ = state.type if isinstance(state, Static) else state
        if not isinstance(type_, Type) or type_.dims:
            return None
        if name == "new":
            if not type_.repo:
                return (EXTERNAL, type_.name)
            ctors = self.ctors.get(type_.name, [])
            if len(ctors) > 1:
                return None
            if ctors:
                return (DEF, ctors[0].path, ctors[0].index)
            info = self.classes[type_.name]
            return (DEF, info.path, info.index)
        if not type_.repo:
            return (EXTERNAL, f"{type_.name}.{name}")
        methods, outside = self._candidates(type_.name, name)
        if len(methods) == 1:
            return (DEF, methods[0].path, methods[0].index)
        return None if methods else self._outside_method(outside, name)

    def solve(self) -> None:
        if self._solved:
            return
        self._index()
        counts: Counter = Counter()
        for path in self.paths:
            facts = self.facts_by_path[path]
            scopes = self._scope_keys(path)
            edges = []
            for call in facts.calls:
                try:
                    target = self._call_target(path, call.scope, call.callee, call.line, call.col)
                except RecursionError:  # pragma: no cover - a pathological chain
                    target = None
                if target is None:
                    counts["unresolved"] += 1
                    continue
                counts["internal" if target[0] == DEF else "external"] += 1
                edges.append(CallEdge(scopes(call), call.line, call.col, target))
            self.calls[path] = edges
        self.counts = counts
        self._solved = True

    def _scope_keys(self, path: str):
        """The scope key of a call: the qualname, or `qualname@index` for a qualname several
        definitions share (overloads), the one whose span holds the call."""
        definitions = self.facts_by_path[path].definitions
        shared: dict[str, list[int]] = {}
        for index, definition in enumerate(definitions):
            shared.setdefault(definition.qualname, []).append(index)

        def key(call) -> str:
            indexes = shared.get(call.scope)
            if not indexes or len(indexes) == 1:
                return call.scope
            position = (call.line, call.col)
            for index in indexes:
                span = definitions[index].span
                if (span.start_line, span.start_col) <= position <= (span.end_line, span.end_col):
                    return f"{call.scope}@{index}"
            return call.scope

        return key

    def release(self) -> None:
        self.calls = {}
        for name in (
            "classes",
            "methods",
            "ctors",
            "fields",
            "vars",
            "args",
            "anons",
            "imports",
            "_memo",
            "supers",
            "_ancestry",
            "_members",
        ):
            if hasattr(self, name):
                delattr(self, name)

    # ---- the port ---------------------------------------------------------------------

    def module_name(self, path: str) -> str:
        self._names()
        return self.names.get(path) or module_name_for(path)

    def calls_of(self, path: str) -> Collection[CallEdge]:
        return self.calls.get(path, [])

    def _import_target(self, path: str, imp: Import) -> list[tuple]:
        static = imp.line in {f[1] for f in self.facts_by_path[path].flows if f[0] == "static_import"}
        module = imp.module
        if imp.name == "*" and not static:
            files = [f for f in self.package_files.get(module, ()) if f != path]
            if files:
                return [(MODULE, f) for f in files]
            info = self.classes.get(module)
            return [(MODULE, info.path)] if info is not None else [(EXTERNAL, module)]
        fqn = module if static else (f"{module}.{imp.name}" if module else imp.name or "")
        info = self.classes.get(fqn)
        if info is not None:
            return [(MODULE, info.path)]
        if fqn in self.ambiguous:
            return [(MODULE, file) for file in self.ambiguous[fqn]]
        if static and imp.name != "*":
            return [(EXTERNAL, f"{module}.{imp.name}")]
        return [(EXTERNAL, fqn)]

    def import_targets(self, path: str, imp: Import) -> list[tuple]:
        return self._import_target(path, imp)

    def import_status(self, path: str, imp: Import) -> ImportStatus | None:
        targets = self._import_target(path, imp)
        return "external" if all(t[0] == EXTERNAL for t in targets) else "internal"

    def bases_of(self, path: str, index: int) -> list[tuple]:
        fqn = self.class_of_def.get((path, index))
        if fqn is None or fqn not in self.classes or self.classes[fqn].path != path:
            definition = self.facts_by_path[path].definitions[index]
            package = self.package[path]
            outer = f"{package}.{definition.parent}" if package and definition.parent else definition.parent
            bases = [self._resolve_type(path, outer, b) for b in definition.bases]
        else:
            bases = self._supertypes(fqn)
        targets = []
        for base in bases:
            if base is None or base.dims:
                continue
            if base.repo:
                info = self.classes[base.name]
                targets.append((DEF, info.path, info.index))
            else:
                targets.append((EXTERNAL, base.name))
        return targets

    def scope_index(self, path: str) -> Mapping[str, int]:
        found: dict[str, int] = {}
        for index, definition in enumerate(self.facts_by_path[path].definitions):
            found.setdefault(definition.qualname, index)
            found[f"{definition.qualname}@{index}"] = index
        return found

    def call_site_counts(self) -> Counter:
        return Counter(self.counts)

    @staticmethod
    def external_kind(name: str) -> str:
        """ "stdlib" for the JDK (`java.util.List.add`, `javax.swing.JFrame`, `jdk.`, `sun.`),
        else "third_party" (`org.junit.Assert.assertEquals`)."""
        return "stdlib" if name.startswith(STDLIB_PREFIXES) else "third_party"


def _convertible(argument, parameter, boxing: bool, analysis: JavaAnalysis) -> bool | None:
    """Whether an argument of one type may be passed for a parameter of another: True, False, or
    None when it cannot be told (an unknown type, an outside class hierarchy). Without boxing it
    is subtyping (and primitive widening), which also orders overloads by specificity."""
    if parameter is ANY:
        if isinstance(argument, Type) and argument.name in PRIMITIVES and not argument.dims:
            return boxing
        return True
    if argument is LAMBDA:
        if parameter is None or parameter is ANY:
            return None
        if parameter.dims or parameter.name in PRIMITIVES or parameter.name in NOT_FUNCTIONAL:
            return False
        if parameter.repo and analysis.classes[parameter.name].kind != "interface":
            return False
        return None
    if argument is None or parameter is None or argument is ANY:
        return None
    if argument is NULL:
        return parameter.dims > 0 or parameter.name not in PRIMITIVES
    if argument.dims or parameter.dims:
        if argument.dims == parameter.dims:
            if argument.name == parameter.name:
                return True
            if argument.name in PRIMITIVES or parameter.name in PRIMITIVES:
                return False
            return _convertible(argument._replace(dims=0), parameter._replace(dims=0), False, analysis)
        if not parameter.dims:
            return parameter.name in ARRAY_SUPERTYPES
        return False
    a, p = argument.name, parameter.name
    if a in PRIMITIVES and p in PRIMITIVES:
        return a == p or p in WIDENING.get(a, ())
    if a in PRIMITIVES:
        if not boxing:
            return False
        return p == BOXES.get(a) or p in BOXED_SUPERTYPES or (p == "java.lang.Number" and a in NUMERIC)
    if p in PRIMITIVES:
        if not boxing:
            return False
        unboxed = UNBOXES.get(a)
        return unboxed is not None and (unboxed == p or p in WIDENING.get(unboxed, ()))
    if a == p or p == "java.lang.Object":
        return True
    if argument.repo:
        order, outside = analysis._ancestors(a)
        if p in order or any(o is not None and o.name == p for o in outside):
            return True
        if parameter.repo or not outside:
            return False
        return None
    if parameter.repo:
        return False
    if p == "java.lang.String" or p in UNBOXES:  # final classes: only themselves
        return False
    if a == "java.lang.String":
        return p in STRING_SUPERTYPES
    if a in BUILDERS:
        return p in BUILDER_SUPERTYPES
    if a in UNBOXES:
        return p in BOXED_SUPERTYPES or (p == "java.lang.Number" and UNBOXES[a] in NUMERIC)
    return None
