"""C's resolution on the LanguageAnalysis port: includes and calls.

Names. A source and its header often share a stem (`util.c`, `util.h`), so a C (or C++)
file's module is its path with `/` -> `.` and the extension's dot replaced by `_`:
`src/util.c` -> `src.util_c`, `include/util.h` -> `include.util_h` (`module_name_for`, which
the C++ analysis uses too). Functions and types are `<module>.<name>`.

Includes. Each `#include` (an Import with `level` 1 for `"quoted"`, 0 for `<angle>`) is
looked up with `IncludeResolver` over every C/C++ file of the repository: a repository
header gives IMPORTS to its Module (status internal); one the repository does not hold is
External `stdio.h` / `openssl/ssl.h` (status external); one that names several repository
files equally well (`<asm/io.h>` of a generic driver, one per architecture) gives nothing
(status unresolved).

Calls, resolved only where C's rules (with the includes read as a reader reads them) give
a target; only calls of a plain name `f()` are resolved:
  - An alias macro (`#define my_alloc xmalloc`) that the file or a header in its include
    closure defines is expanded first: `my_alloc(n)` is a call of `xmalloc` (several
    different definitions visible: no edge, not counted).
  - A local variable or parameter named `f` (a function pointer) shadows functions: no edge
    (in the whole function; a function pointer declared in a nested block, from its line to
    the block's end).
    A macro named `f` defined in the calling file (`("macro", f)` flow) expands: no edge.
  - A GCC nested function `f` of the calling function (or of a function it is nested in).
  - A function (static or not) of the calling file; definitions of `f` in several `#if`
    branches of one file give an edge to each (any of them may be the one compiled).
  - A global variable of the calling file named `f` (`static void (*f)(void);`): no edge.
  - A `static` (usually `static inline`) function of a header (or of a `.c` file included
    as one) that the calling file includes, directly or transitively (the include closure);
    several files -> no edge.
  - A non-static function defined in the repository: when one file defines it, an edge (to
    each `#if` variant in that file). When several files do, those "preferred by the
    includes" are kept: files in the caller's include closure (a definition in an included
    file); failing those, the implementations of a header in the closure that declares `f`
    (a prototype at file scope of that header): a file that includes that header (directly
    or not), or shares its directory and stem (`x.c` for `x.h`). One preferred file -> an
    edge; none or several (`arch/x86/` and `arch/arm/` both implementing `linux/foo.h`) ->
    no edge.
  - A name that no file of the repository defines as a function, that is no macro and no
    global variable of the repository: a function of a system or outside library, External
    `printf` (the name as written). A macro of the repository (no function of that name)
    gives nothing and is not counted as a call site at all (it is an expansion, not a call).
  - Calls through expressions (`s->op(x)`, `(*fp)(x)`, `table[i](x)`, `get()()`): no edge.
    Nor are `typeof(x)`, `_Generic(...)` and GCC's `__builtin_*` functions edges.
Counts: internal (an edge into the repository), external, unresolved (calls through
expressions, names shadowed by locals, ambiguous or unknown names); calls of macros are
expansions, not call sites, and are not counted.

bases_of: C has no inheritance: always [].
external_kind: C standard library and POSIX functions and headers -> "stdlib", anything
else "third_party".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping

from codeintel.model import FileFacts, Import
from codeintel.resolve.includes import IncludeResolver
from codeintel.resolve.port import DEF, EXTERNAL, CallEdge, ImportStatus

C_FAMILY_SUFFIXES = (".c", ".h", ".cc", ".cpp", ".cxx", ".c++", ".hh", ".hpp", ".hxx", ".h++", ".inc", ".ipp", ".tcc")
_SOURCE_SUFFIXES = (".c", ".cc", ".cpp", ".cxx", ".c++")

_STDLIB_FUNCTION_NAMES = """
    printf fprintf sprintf snprintf vprintf vfprintf vsprintf vsnprintf dprintf vdprintf asprintf vasprintf
    scanf fscanf sscanf vscanf vfscanf vsscanf puts fputs gets fgets putchar fputc putc getchar fgetc getc
    ungetc fopen fclose fflush fread fwrite fseek ftell rewind fgetpos fsetpos feof ferror clearerr perror
    freopen setvbuf setbuf tmpfile tmpnam remove rename fileno fdopen popen pclose getline getdelim
    malloc calloc realloc free aligned_alloc posix_memalign reallocarray
    abort exit _Exit atexit quick_exit at_quick_exit getenv setenv unsetenv putenv system
    atoi atol atoll atof strtol strtoll strtoul strtoull strtod strtof strtold
    abs labs llabs div ldiv lldiv rand srand random srandom qsort bsearch mblen mbtowc wctomb mbstowcs wcstombs
    strlen strnlen strcpy strncpy strcat strncat strcmp strncmp strcoll strxfrm strchr strrchr strstr strspn
    strcspn strpbrk strtok strtok_r strerror strdup strndup strcasecmp strncasecmp strlcpy strlcat strsep
    strsignal stpcpy stpncpy memcpy memmove memset memcmp memchr memrchr memmem bzero bcmp bcopy
    isalnum isalpha isblank iscntrl isdigit isgraph islower isprint ispunct isspace isupper isxdigit
    tolower toupper isascii
    sin cos tan asin acos atan atan2 sinh cosh tanh exp exp2 log log2 log10 pow sqrt cbrt ceil floor fabs
    fmod round lround trunc fmin fmax hypot frexp ldexp modf
    time clock difftime mktime strftime gmtime localtime gmtime_r localtime_r asctime ctime nanosleep
    clock_gettime gettimeofday sleep usleep
    setjmp longjmp signal raise sigaction sigemptyset sigaddset sigprocmask kill
    assert va_start va_end va_arg va_copy offsetof
    open close read write lseek pipe dup dup2 fork execv execvp execve waitpid wait getpid getppid
    unlink access stat fstat lstat mkdir rmdir chdir getcwd ioctl fcntl mmap munmap select poll
    socket bind listen accept connect send recv sendto recvfrom setsockopt getsockopt shutdown
    pthread_create pthread_join pthread_mutex_lock pthread_mutex_unlock pthread_mutex_init
    pthread_mutex_destroy pthread_cond_wait pthread_cond_signal pthread_cond_broadcast pthread_self
    errno opendir readdir closedir dlopen dlsym dlclose
"""
STDLIB_FUNCTIONS = frozenset(_STDLIB_FUNCTION_NAMES.split())
"""C standard library and common POSIX functions (and macros used like them): External `stdlib`."""

_STDLIB_HEADER_NAMES = """
    assert.h complex.h ctype.h errno.h fenv.h float.h inttypes.h iso646.h limits.h locale.h math.h
    setjmp.h signal.h stdalign.h stdarg.h stdatomic.h stdbool.h stddef.h stdint.h stdio.h stdlib.h
    stdnoreturn.h string.h tgmath.h threads.h time.h uchar.h wchar.h wctype.h
    unistd.h fcntl.h dirent.h dlfcn.h pthread.h semaphore.h poll.h termios.h strings.h syslog.h
    sched.h pwd.h grp.h glob.h fnmatch.h getopt.h libgen.h netdb.h regex.h spawn.h utime.h
    sys/types.h sys/stat.h sys/time.h sys/wait.h sys/socket.h sys/mman.h sys/ioctl.h sys/select.h
    sys/uio.h sys/un.h sys/resource.h sys/utsname.h sys/param.h sys/file.h sys/poll.h sys/epoll.h
    netinet/in.h netinet/tcp.h arpa/inet.h
"""
STDLIB_HEADERS = frozenset(_STDLIB_HEADER_NAMES.split())
"""C standard and common POSIX headers, as written in an include."""


C_BUILTINS = frozenset(("typeof", "__typeof__", "__typeof", "_Generic", "_Alignof", "alignof", "__alignof__", "asm"))
"""Operators of the language (and GCC's) that parse as calls: never edges (nor are GCC's
`__builtin_*` functions)."""


def module_name_for(path: str) -> str:
    """`src/util.c` -> `src.util_c`; `include/util.h` -> `include.util_h` (C and C++ alike)."""
    directory, slash, filename = path.rpartition("/")
    stem, dot, extension = filename.rpartition(".")
    if dot and stem:
        filename = f"{stem}_{extension}"
    return (directory + slash + filename).replace("/", ".")


def _stem(path: str) -> str:
    """`src/x.c` -> `src/x`."""
    head, dot, _ = path.rpartition(".")
    return head if dot and "/" not in path[len(head) :] else path


def _is_source(path: str) -> bool:
    return path.endswith(_SOURCE_SUFFIXES)


_CLOSURE_CACHE = 4096
"""Include closures of defining files kept at once (each a set of up to a few thousand paths)."""

Target = tuple  # (DEF, path, index) | (EXTERNAL, name)


class CAnalysis:
    """Resolves the includes and calls of a repository's C files."""

    def __init__(self, facts_by_path: Mapping[str, FileFacts], paths: Iterable[str]) -> None:
        self.facts_by_path = facts_by_path
        self.paths = sorted(paths)
        self.calls: dict[str, list[CallEdge]] = {}
        self.counts: Counter = Counter()
        self._solved = False

    # ---- index ------------------------------------------------------------------------

    def _index(self) -> None:
        family = [path for path in self.facts_by_path if path.lower().endswith(C_FAMILY_SUFFIXES)]
        self.resolver = IncludeResolver(family or self.paths)
        self.includes: dict[str, tuple[str, ...]] = {}  # path -> repository files it includes
        self.funcs: dict[str, list[tuple[str, int]]] = {}  # non-static functions by name
        self.header_statics: dict[str, list[tuple[str, int]]] = {}  # static functions of headers
        self.static_names: set[str] = set()
        self.protos: dict[str, list[str]] = {}  # name -> headers declaring it
        self.macros: set[str] = set()  # function-like macros and aliases: never External
        self.aliases: dict[str, list[tuple[str, str]]] = {}  # name -> (file, target) of `#define name target`
        self.globals: set[str] = set()
        self._targets: dict[tuple, tuple] = {}  # one shared key tuple per target
        self._closure_cache: dict[str, set[str]] = {}  # include closures of candidate files
        for path in self.paths:
            facts = self.facts_by_path[path]
            source = _is_source(path)
            resolve = self.resolver.resolve
            found = []
            for imp in facts.imports:
                target = resolve(path, imp.module, imp.level == 1)
                if target is not None and target != path:
                    found.append(target)
            self.includes[path] = tuple(dict.fromkeys(found))
            for index, definition in enumerate(facts.definitions):
                if definition.kind != "function" or definition.parent:
                    continue
                name = definition.name
                if "static" in definition.decorators:
                    self.static_names.add(name)
                    if not source:
                        self.header_statics.setdefault(name, []).append((path, index))
                else:
                    self.funcs.setdefault(name, []).append((path, index))
            for flow in facts.flows:
                kind = flow[0]
                if kind == "macro":
                    self.macros.add(flow[1])
                elif kind == "alias":
                    self.macros.add(flow[1])
                    self.aliases.setdefault(flow[1], []).append((path, flow[2]))
                elif kind == "global":
                    self.globals.add(flow[1])
                elif kind == "proto" and not source:
                    headers = self.protos.setdefault(flow[1], [])
                    if not headers or headers[-1] != path:
                        headers.append(path)
        # A source file that another file includes (`#include "impl.c"`) lends its static
        # functions to the includer, as a header does.
        included_sources = {file for files in self.includes.values() for file in files if _is_source(file)}
        for path in sorted(included_sources):
            facts = self.facts_by_path[path]
            for index, definition in enumerate(facts.definitions):
                if definition.kind == "function" and not definition.parent and "static" in definition.decorators:
                    self.header_statics.setdefault(definition.name, []).append((path, index))

    def _closure(self, path: str) -> set[str]:
        """Every repository file `path` includes, directly or transitively."""
        seen = {path}
        stack = [path]
        includes = self.includes
        while stack:
            for header in includes.get(stack.pop(), ()):
                if header not in seen:
                    seen.add(header)
                    stack.append(header)
        return seen

    def _target(self, key: tuple) -> tuple:
        return self._targets.setdefault(key, key)

    # ---- calls ------------------------------------------------------------------------

    def solve(self) -> None:
        if self._solved:
            return
        self._index()
        counts: Counter = Counter()
        for path in self.paths:
            self.calls[path] = self._solve_file(path, counts)
        self.counts = counts
        self._solved = True

    def _solve_file(self, path: str, counts: Counter) -> list[CallEdge]:
        facts = self.facts_by_path[path]
        own: dict[str, list[int]] = {}
        nested: dict[str, list[tuple[str, int]]] = {}  # GCC nested functions: name -> (parent, index)
        for index, definition in enumerate(facts.definitions):
            if definition.kind != "function":
                continue
            if definition.parent:
                nested.setdefault(definition.name, []).append((definition.parent, index))
            else:
                own.setdefault(definition.name, []).append(index)
        own_macros = set()
        own_globals = set()
        block_locals: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for flow in facts.flows:
            if flow[0] == "macro":
                own_macros.add(flow[1])
            elif flow[0] == "global":
                own_globals.add(flow[1])
            elif flow[0] == "block_local":
                block_locals.setdefault((flow[1], flow[2]), []).append((flow[3], flow[4]))
        scopes = facts.scopes
        closure: set[str] | None = None
        edges: list[CallEdge] = []
        for call in facts.calls:
            name = call.callee
            if not name.isidentifier() or name in C_BUILTINS or name.startswith("__builtin_"):
                counts["unresolved"] += 1
                continue
            if name in self.aliases:  # `#define my_alloc xmalloc`: expanded before anything else
                if closure is None:
                    closure = self._closure(path)
                name = self._expand(name, closure)
                if name is None:
                    continue  # an alias the file sees with several meanings
            if call.scope:
                bound = scopes.get(call.scope)
                if (bound is not None and name in bound[0]) or any(
                    first <= call.line <= last for first, last in block_locals.get((call.scope, name), ())
                ):
                    counts["unresolved"] += 1
                    continue
            if name in own_macros:
                continue
            targets: list[tuple] | None = None
            if name in nested:  # visible inside its parent (and the parent's other nested functions)
                scope = call.scope
                targets = [
                    self._target((DEF, path, index))
                    for parent, index in nested[name]
                    if scope == parent or scope.startswith(parent + ".")
                ]
            if not targets:
                if name in own:
                    targets = [self._target((DEF, path, index)) for index in own[name]]
                elif name not in own_globals:
                    if closure is None and (name in self.header_statics or len(self.funcs.get(name, ())) > 1):
                        closure = self._closure(path)
                    targets = self._lookup(path, name, closure)
                    if targets is None and name in self.macros:
                        continue  # a macro expansion, not a call
            if not targets:
                counts["unresolved"] += 1
                continue
            counts["internal" if targets[0][0] == DEF else "external"] += 1
            edges.extend(CallEdge(call.scope, call.line, call.col, target) for target in targets)
        return edges

    def _expand(self, name: str, closure: set[str]) -> str | None:
        """The name an alias macro stands for, through aliases of aliases, when the file (or
        a header it includes) defines it one way; None when it sees none or several."""
        for _ in range(8):
            entries = self.aliases.get(name)
            if entries is None:
                return name
            targets = {target for file, target in entries if file in closure}
            if not targets:
                return name  # an alias of other files: here the name is itself
            if len(targets) > 1:
                return None
            name = targets.pop()
        return None

    def _lookup(self, path: str, name: str, closure: set[str] | None) -> list[tuple] | None:
        statics = self.header_statics.get(name)
        if statics and closure is not None:
            visible = [entry for entry in statics if entry[0] in closure]
            if visible:
                return self._one_file(visible)
        candidates = self.funcs.get(name)
        if candidates:
            if len(candidates) > 1 and any(entry[0] != candidates[0][0] for entry in candidates):
                if closure is None:
                    closure = self._closure(path)
                candidates = self._preferred(name, candidates, closure)
            return self._one_file(candidates) if candidates else None
        if name in self.static_names or name in self.globals or name in self.macros:
            return None
        return [self._target((EXTERNAL, name))]

    def _one_file(self, entries: list[tuple[str, int]]) -> list[tuple] | None:
        """Edges to each entry when they are all in one file (its `#if` variants), else None."""
        first = entries[0][0]
        if any(entry[0] != first for entry in entries):
            return None
        return [self._target((DEF, file, index)) for file, index in entries]

    def _preferred(self, name: str, candidates: list[tuple[str, int]], closure: set[str]) -> list[tuple[str, int]]:
        """Definitions in files of the caller's include closure; failing those, the
        implementations of a header of the closure that declares the name."""
        included = [entry for entry in candidates if entry[0] in closure]
        if included:
            return included
        declaring = [header for header in self.protos.get(name, ()) if header in closure]
        if not declaring:
            return []
        preferred = []
        for file, index in candidates:
            stem = _stem(file)
            if any(_stem(header) == stem for header in declaring):
                preferred.append((file, index))
                continue
            reached = self._closure_cache.get(file)
            if reached is None:
                if len(self._closure_cache) >= _CLOSURE_CACHE:
                    self._closure_cache.clear()
                reached = self._closure_cache[file] = self._closure(file)
            if any(header in reached for header in declaring):
                preferred.append((file, index))
        return preferred

    def release(self) -> None:
        self.calls = {}
        names = ("resolver", "includes", "funcs", "header_statics", "protos", "macros", "aliases", "globals")
        for name in (*names, "_targets", "_closure_cache"):
            if hasattr(self, name):
                delattr(self, name)

    # ---- the port ---------------------------------------------------------------------

    def module_name(self, path: str) -> str:
        return module_name_for(path)

    def calls_of(self, path: str) -> Collection[CallEdge]:
        return self.calls.get(path, [])

    def import_targets(self, path: str, imp: Import) -> list[tuple]:
        return self.resolver.import_targets(path, imp)

    def import_status(self, path: str, imp: Import) -> ImportStatus | None:
        return self.resolver.import_status(path, imp)

    def bases_of(self, path: str, index: int) -> list[tuple]:
        return []

    def scope_index(self, path: str) -> Mapping[str, int]:
        return {d.qualname: i for i, d in enumerate(self.facts_by_path[path].definitions) if d.kind != "class"}

    def call_site_counts(self) -> Counter:
        return Counter(self.counts)

    @staticmethod
    def external_kind(name: str) -> str:
        """ "stdlib" for C standard library and POSIX functions (`printf`, `malloc`) and headers
        (`stdio.h`, `sys/types.h`), else "third_party" (`SSL_new`, `openssl/ssl.h`)."""
        return "stdlib" if name in STDLIB_FUNCTIONS or name in STDLIB_HEADERS else "third_party"
