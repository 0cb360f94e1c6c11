"""Cognitive complexity, specified by hand-counted functions in every language.

The figures of G. Ann Campbell's white paper ("Cognitive Complexity", SonarSource, 2017) come
first: its Java examples as written (sumOfPrimes 7, getWords 1, the nesting example 9, the
lambda example 2, Appendix C's overriddenSymbolFrom 19, addVersion 35, toRegexp 20) and the
same functions translated where their meaning carries. Each expected figure has its working
beside it. Python is also checked against an independent reading of the same rules over
Python's own `ast`, function by function, on a sample of the interpreter's stdlib.
"""

from __future__ import annotations

import ast
import sysconfig
from collections import Counter
from pathlib import Path

import pytest
import tree_sitter

from benchmarks import ast_count
from codeintel.languages import extract
from codeintel.languages.c import extractor as c_extractor
from codeintel.languages.cognitive import CognitiveRules
from codeintel.languages.cpp import extractor as cpp_extractor
from codeintel.languages.go import extractor as go_extractor
from codeintel.languages.java import extractor as java_extractor
from codeintel.languages.javascript import extractor as js_extractor
from codeintel.languages.python import extractor as python_extractor
from codeintel.languages.rust import extractor as rust_extractor

EXTENSIONS = {
    "python": "py",
    "java": "java",
    "javascript": "js",
    "typescript": "ts",
    "go": "go",
    "rust": "rs",
    "c": "c",
    "cpp": "cpp",
}


def cognitive(language: str, source: str) -> dict[str, int]:
    """Cognitive complexity per function qualname (functions and methods only)."""
    facts = extract(language, source.encode(), f"m.{EXTENSIONS[language]}", "h")
    assert facts.error is None and facts.syntax_errors == 0, (facts.error, facts.syntax_errors)
    return {d.qualname: d.metrics.cognitive for d in facts.definitions if d.metrics is not None}


# -- the white paper's Java examples, as written -------------------------------------------

JAVA_PAPER = """
class Paper {
  int sumOfPrimes(int max) {
    int total = 0;
    OUT: for (int i = 1; i <= max; ++i) {   // +1
      for (int j = 2; j < i; ++j) {         // +2 (nesting = 1)
        if (i % j == 0) {                   // +3 (nesting = 2)
          continue OUT;                     // +1
        }
      }
      total += i;
    }
    return total;
  }                                         // 7

  String getWords(int number) {
    switch (number) {                       // +1
      case 1:
        return "one";
      case 2:
        return "a couple";
      case 3:
        return "a few";
      default:
        return "lots";
    }
  }                                         // 1

  void myMethod() {
    try {
      if (condition1) {                     // +1
        for (int i = 0; i < 10; i++) {      // +2 (nesting = 1)
          while (condition2) { }            // +3 (nesting = 2)
        }
      }
    } catch (ExcepType1 | ExcepType2 e) {   // +1
      if (condition2) { }                   // +2 (nesting = 1)
    }
  }                                         // 9

  void myMethod2() {
    Runnable r = () -> {                    // +0 (but nesting level is now 1)
      if (condition1) { }                   // +2 (nesting = 1)
    };
  }                                         // 2

  void operators() {
    if (a                                   // +1 for `if`
        && b && c                           // +1
        || d || e                           // +1
        && f) { }                           // +1
    if (a && !(b && c)) { }                 // +1 for `if`, +1, +1 (the negation starts a new sequence)
  }                                         // 7

  private MethodJavaSymbol overriddenSymbolFrom(ClassJavaType classType) {
    if (classType.isUnknown()) {                           // +1
      return Symbols.unknownMethodSymbol;
    }
    boolean unknownFound = false;
    List<JavaSymbol> symbols = classType.getSymbol().members().lookup(name);
    for (JavaSymbol overrideSymbol : symbols) {            // +1
      if (overrideSymbol.isKind(JavaSymbol.MTH)            // +2 (nesting = 1)
          && !overrideSymbol.isStatic()) {                 // +1
        MethodJavaSymbol methodJavaSymbol = (MethodJavaSymbol) overrideSymbol;
        if (canOverride(methodJavaSymbol)) {               // +3 (nesting = 2)
          Boolean overriding = checkOverridingParameters(methodJavaSymbol, classType);
          if (overriding == null) {                        // +4 (nesting = 3)
            if (!unknownFound) {                           // +5 (nesting = 4)
              unknownFound = true;
            }
          } else if (overriding) {                         // +1
            return methodJavaSymbol;
          }
        }
      }
    }
    if (unknownFound) {                                    // +1
      return Symbols.unknownMethodSymbol;
    }
    return null;
  }                                                        // 19

  private void addVersion(final Entry entry, final Transaction txn)
      throws PersistitInterruptedException, RollbackException {
    final TransactionIndex ti = _persistit.getTransactionIndex();
    while (true) {                                         // +1
      try {
        synchronized (this) {
          if (frst != null) {                              // +2 (nesting = 1)
            if (frst.getVersion() > entry.getVersion()) {  // +3 (nesting = 2)
              throw new RollbackException();
            }
            if (txn.isActive()) {                          // +3 (nesting = 2)
              for (Entry e = frst; e != null; e = e.getPrevious()) {   // +4 (nesting = 3)
                final long version = e.getVersion();
                final long depends = ti.wwDependency(version, txn.getTransactionStatus(), 0);
                if (depends == TIMED_OUT) {                // +5 (nesting = 4)
                  throw new WWRetryException(version);
                }
                if (depends != 0                           // +5 (nesting = 4)
                    && depends != ABORTED) {               // +1
                  throw new RollbackException();
                }
              }
            }
          }
          entry.setPrevious(frst);
          frst = entry;
          break;
        }
      } catch (final WWRetryException re) {                // +2 (nesting = 1)
        try {
          final long depends = _persistit.getTransactionIndex()
              .wwDependency(re.getVersionHandle(), txn.getTransactionStatus(),
                  SharedResourceLock.DEFAULT_MAX_WAIT_TIME);
          if (depends != 0                                 // +3 (nesting = 2)
              && depends != ABORTED) {                     // +1
            throw new RollbackException();
          }
        } catch (final InterruptedException ie) {          // +3 (nesting = 2)
          throw new PersistitInterruptedException(ie);
        }
      } catch (final InterruptedException ie) {            // +2 (nesting = 1)
        throw new PersistitInterruptedException(ie);
      }
    }
  }                                                        // 35

  private static String toRegexp(String antPattern, String directorySeparator) {
    final String escapedDirectorySeparator = '\\\\' + directorySeparator;
    final StringBuilder sb = new StringBuilder(antPattern.length());
    sb.append('^');
    int i = antPattern.startsWith("/") ||                  // +1
        antPattern.startsWith("\\\\") ? 1 : 0;             // +1
    while (i < antPattern.length()) {                      // +1
      final char ch = antPattern.charAt(i);
      if (SPECIAL_CHARS.indexOf(ch) != -1) {               // +2 (nesting = 1)
        sb.append('\\\\').append(ch);
      } else if (ch == '*') {                              // +1
        if (i + 1 < antPattern.length()                    // +3 (nesting = 2)
            && antPattern.charAt(i + 1) == '*') {          // +1
          if (i + 2 < antPattern.length()                  // +4 (nesting = 3)
              && isSlash(antPattern.charAt(i + 2))) {      // +1
            sb.append("(?:.*").append(escapedDirectorySeparator).append("|)");
            i += 2;
          } else {                                         // +1
            sb.append(".*");
            i += 1;
          }
        } else {                                           // +1
          sb.append("[^").append(escapedDirectorySeparator).append("]*?");
        }
      } else if (ch == '?') {                              // +1
        sb.append("[^").append(escapedDirectorySeparator).append("]");
      } else if (isSlash(ch)) {                            // +1
        sb.append(escapedDirectorySeparator);
      } else {                                             // +1
        sb.append(ch);
      }
      i++;
    }
    sb.append('$');
    return sb.toString();
  }                                                        // 20
}
"""


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ("sumOfPrimes", 7),
        ("getWords", 1),
        ("myMethod", 9),
        ("myMethod2", 2),
        ("operators", 7),
        ("overriddenSymbolFrom", 19),
        ("addVersion", 35),
        ("toRegexp", 20),
    ],
)
def test_the_white_papers_java_examples_score_as_the_paper_says(method, expected):
    assert cognitive("java", JAVA_PAPER)[f"Paper.{method}"] == expected


# -- the paper's examples in the other languages -------------------------------------------

PYTHON = """
def sum_of_primes(max):
    total = 0
    for i in range(1, max + 1):      # +1
        for j in range(2, i):        # +2 (nesting = 1)
            if i % j == 0:           # +3 (nesting = 2)
                break                # no label in Python: a plain break adds nothing
        else:                        # +1 (the for's else stands for `continue OUT`)
            total += i
    return total                     # 7


def get_words(number):
    match number:                    # +1 (a switch as a whole)
        case 1:
            return "one"
        case 2 if couple:            # a guard adds nothing
            return "a couple"
        case _:
            return "lots"            # 1


def my_method():
    try:
        if condition1:               # +1
            for i in range(10):      # +2 (nesting = 1)
                while condition2:    # +3 (nesting = 2)
                    pass
    except (ExcepType1, ExcepType2): # +1
        if condition2:               # +2 (nesting = 1)
            pass
    finally:
        pass                         # 9


def my_method2():
    r = lambda: a if condition1 else b   # +2: a lambda nests what it holds (nesting = 1)
    return r                         # 2


def operators():
    if a and b and c or d or e and f:    # +1 for `if`, +1 and, +1 or, +1 and
        pass
    if a and not (b and c):          # +1 for `if`, +1, +1 (`not` starts a new sequence)
        pass
    if a and (b and c):              # +1 for `if`, +1 (one sequence through the parentheses)
        pass                         # 9


def python_only(items):
    with open(items) as f:           # with: +0, no nesting
        values = [x for x in f if x and x.strip()]   # comprehension +0; `and` +1
    if values:                       # +1
        pass
    elif items:                      # +1 (no nesting)
        while items:                 # +2 (nesting = 1: elif's body)
            items.pop()
        else:                        # +1 (the while's else)
            pass
    else:                            # +1
        pass
    try:
        pass
    except* ValueError:              # +1
        pass
    else:                            # +1 (the try's else)
        pass
    x = 1 if a else 2 if b else 3    # +1, +2 (the inner conditional is nested in the outer)

    @decorate(a if b else c)         # +1: a nested function's decorators count here
    def inner(n=a if b else c):      # the nested function's defaults are skipped with it
        if n:                        # counts for inner alone
            return n

    class Local:                     # skipped: its methods count for themselves
        def m(self):
            return self if a else None

    return inner                     # 13
"""


def test_python_scores_the_papers_examples_and_its_own_constructs():
    assert cognitive("python", PYTHON) == {
        "sum_of_primes": 7,
        "get_words": 1,
        "my_method": 9,
        "my_method2": 2,
        "operators": 9,
        "python_only": 13,
        "python_only.inner": 1,
        "python_only.Local.m": 1,
    }


JAVASCRIPT = """
function sumOfPrimes(max) {
  let total = 0;
  OUT: for (let i = 1; i <= max; ++i) {   // +1
    for (let j = 2; j < i; ++j) {         // +2 (nesting = 1)
      if (i % j === 0) {                  // +3 (nesting = 2)
        continue OUT;                     // +1
      }
    }
    total += i;
  }
  return total;
}                                         // 7

function getWords(number) {
  switch (number) {                       // +1
    case 1: return "one";
    case 2: return "a couple";
    default: return "lots";
  }
}                                         // 1

function myMethod() {
  try {
    if (condition1) {                     // +1
      for (const i of items) {            // +2 (nesting = 1)
        while (condition2) {}             // +3 (nesting = 2)
      }
    }
  } catch (e) {                           // +1
    if (condition2) {}                    // +2 (nesting = 1)
  } finally {}
}                                         // 9

function myMethod2() {
  run(() => {                             // an anonymous function: +0, nesting = 1
    if (condition1) {}                    // +2
  });
}                                         // 2

function shorthand(a, b) {
  const x = a ?? b;                       // +0: null-coalescing is shorthand
  const y = a?.b?.c;                      // +0
  if (a && b || !a) {}                    // +1, +1 &&, +1 ||
  else if (b) {}                          // +1
  else {}                                 // +1
  const inner = () => (a ? 1 : 2);        // a definition of its own: not counted here
  return x ? y : inner;                   // +1
}                                         // 6
"""


def test_javascript_scores_the_papers_examples():
    assert cognitive("javascript", JAVASCRIPT) == {
        "sumOfPrimes": 7,
        "getWords": 1,
        "myMethod": 9,
        "myMethod2": 2,
        "shorthand": 6,
        "shorthand.inner": 1,
    }


def test_typescript_reads_the_same_constructs():
    source = JAVASCRIPT.replace("function sumOfPrimes(max)", "function sumOfPrimes(max: number): number")
    assert cognitive("typescript", source)["sumOfPrimes"] == 7
    assert cognitive("typescript", source)["myMethod2"] == 2


GO = """package paper

func SumOfPrimes(max int) int {
	total := 0
OUT:
	for i := 1; i <= max; i++ { // +1
		for j := 2; j < i; j++ { // +2 (nesting = 1)
			if i%j == 0 { // +3 (nesting = 2)
				continue OUT // +1
			}
		}
		total += i
	}
	return total
} // 7

func GetWords(number int) string {
	switch number { // +1
	case 1:
		return "one"
	case 2:
		return "a couple"
	default:
		return "lots"
	}
} // 1

func MyMethod2() {
	r := func() { // +0, nesting = 1
		if condition1 { // +2
		}
	}
	r()
} // 2

func GoOnly(v interface{}, ch chan int) {
	switch x := v.(type) { // +1 (a type switch is a switch)
	case int:
		if x > 0 && x < 9 || x == 20 { // +2 (nesting = 1), +2 (two sequences)
		} else if x < 0 { // +1
		} else { // +1
		}
	}
	select { // +1
	case <-ch:
	}
	goto done // +1
done:
} // 9
"""


def test_go_scores_the_papers_examples():
    assert cognitive("go", GO) == {"SumOfPrimes": 7, "GetWords": 1, "MyMethod2": 2, "GoOnly": 9}


RUST = """
fn sum_of_primes(max: u32) -> u32 {
    let mut total = 0;
    'outer: for i in 1..=max {          // +1
        for j in 2..i {                 // +2 (nesting = 1)
            if i % j == 0 {             // +3 (nesting = 2)
                continue 'outer;        // +1
            }
        }
        total += i;
    }
    total
}                                       // 7

fn get_words(number: u32) -> &'static str {
    match number {                      // +1 (a switch as a whole)
        1 => "one",
        2 => "a couple",
        _ => "lots",
    }
}                                       // 1

fn my_method2() {
    let r = || {                        // +0, nesting = 1
        if condition1 {}                // +2
    };
    r();
}                                       // 2

fn rust_only(a: Option<u32>) -> Result<u32, E> {
    if let Some(x) = a {                // +1
        while let Some(y) = next()? {}  // +2 (nesting = 1); `?` adds nothing
    } else if a.is_none() {             // +1
        loop { break; }                 // +2 (nesting = 1); a plain break adds nothing
    } else {                            // +1
    }
    fn inner() -> u32 { if c { 1 } else { 2 } }   // counts for itself: 2
    Ok(0)
}                                       // 7
"""


def test_rust_scores_the_papers_examples():
    assert cognitive("rust", RUST) == {
        "sum_of_primes": 7,
        "get_words": 1,
        "my_method2": 2,
        "rust_only": 7,
        "rust_only.inner": 2,
    }


C = """
int sum_of_primes(int max) {
    int total = 0;
    for (int i = 1; i <= max; ++i) {   /* +1 */
        for (int j = 2; j < i; ++j) {  /* +2 (nesting = 1) */
            if (i % j == 0) {          /* +3 (nesting = 2) */
                goto next;             /* +1 (C's `continue OUT`) */
            }
        }
        total += i;
    next:;
    }
    return total;
}                                      /* 7 */

const char *get_words(int number) {
    switch (number) {                  /* +1 */
    case 1: return "one";
    case 2: return "a couple";
    default: return "lots";
    }
}                                      /* 1 */

int c_only(int a, int b) {
#ifdef DEBUG
    if (a) return 1;                   /* +1 (the directive adds nothing) */
#endif
    do {                               /* +1 */
        a = b ? a : -a;                /* +2 (nesting = 1) */
    } while (a && b && (a || b));      /* +1 (nesting 1 adds nothing to operators), +1 */
    return a;
}                                      /* 6 */
"""


def test_c_scores_the_papers_examples():
    assert cognitive("c", C) == {"sum_of_primes": 7, "get_words": 1, "c_only": 6}


CPP = """
int sumOfPrimes(int max) {
    int total = 0;
    for (int i = 1; i <= max; ++i) {        // +1
        for (int j = 2; j < i; ++j) {       // +2 (nesting = 1)
            if (i % j == 0) {               // +3 (nesting = 2)
                goto next;                  // +1
            }
        }
        total += i;
    next:;
    }
    return total;
}                                           // 7

void myMethod() {
    try {
        if (condition1) {                   // +1
            for (auto i : items) {          // +2 (nesting = 1)
                while (condition2) {}       // +3 (nesting = 2)
            }
        }
    } catch (const std::exception& e) {     // +1
        if (condition2) {}                  // +2 (nesting = 1)
    }
}                                           // 9

void myMethod2() {
    auto r = [&]() {                        // +0, nesting = 1
        if (condition1) {}                  // +2
    };
    r();
}                                           // 2

bool cppOnly(int a, int b) {
    return a and b or not (a or b);        // +1 and, +1 or, +1 or (after `not`)
}                                           // 3
"""


def test_cpp_scores_the_papers_examples():
    assert cognitive("cpp", CPP) == {"sumOfPrimes": 7, "myMethod": 9, "myMethod2": 2, "cppOnly": 3}


# -- nested definitions and robustness -----------------------------------------------------


def test_a_lambda_nests_what_it_holds_and_a_nested_def_counts_for_itself():
    scores = cognitive(
        "python",
        """
def outer(xs):
    if xs:                                   # +1
        key = lambda x: x if x else -x       # +3 (if > lambda: nesting = 2)
        def helper(x):
            return x if x else 0             # helper's own: +1
    return key
""",
    )
    assert scores == {"outer": 4, "outer.helper": 1}


def test_deep_nesting_and_long_operator_chains_do_not_recurse():
    depth = 3000
    body = "if (a) {" * depth + "}" * depth
    # each `if` adds 1 + its nesting: 1 + 2 + ... + depth
    assert cognitive("c", f"void f(int a) {{ {body} }}")["f"] == depth * (depth + 1) // 2
    chain = " && ".join(["a || b"] * 1000)  # 1,999 operators, each unlike the one before it
    assert cognitive("c", f"int g(int a, int b) {{ return {chain}; }}")["g"] == 1999


# -- the rules name node types the grammars have -------------------------------------------

GRAMMARS = [
    (python_extractor.COGNITIVE, python_extractor.runtime().language),
    (go_extractor.COGNITIVE, go_extractor.runtime().language),
    (java_extractor.COGNITIVE, java_extractor.runtime().language),
    (c_extractor.COGNITIVE, c_extractor.runtime().language),
    (cpp_extractor.COGNITIVE, cpp_extractor.runtime().language),
    (rust_extractor.COGNITIVE, rust_extractor.runtime().language),
    *((js_extractor.COGNITIVE, language) for language in js_extractor.runtime().languages.values()),
]


@pytest.mark.parametrize(("rules", "language"), GRAMMARS)
def test_every_node_type_in_the_rules_exists_in_the_grammar(rules: CognitiveRules, language: tree_sitter.Language):
    named = {language.node_kind_for_id(i) for i in range(language.node_kind_count) if language.node_kind_is_named(i)}
    anonymous = {
        language.node_kind_for_id(i) for i in range(language.node_kind_count) if not language.node_kind_is_named(i)
    }
    assert rules.node_types - named == set()
    assert set(rules.operators) - anonymous == set()


# -- Python against an independent reading over `ast` --------------------------------------

STDLIB = Path(sysconfig.get_paths()["stdlib"])
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_LOOPS = (ast.For, ast.AsyncFor, ast.While)
_TRIES = (ast.Try, ast.TryStar)


def ast_cognitive(source: bytes) -> list[tuple[str, int]]:
    """(qualname, cognitive complexity) of every function and method, read over Python's `ast`
    with the rules the extractor's docstring states (ast has no parentheses and no `elif`
    node: an `if` whose source starts with `elif` is one)."""
    lines = source.splitlines()
    found: list[tuple[str, int]] = []

    def is_elif(node: ast.If) -> bool:
        return lines[node.lineno - 1][node.col_offset :].startswith(b"elif")

    def sequences(node: ast.BoolOp) -> int:
        operators: list[type] = []  # in source order: the operators of nested BoolOps between their values
        pending: list[tuple[ast.AST | type, bool]] = [(node, False)]
        while pending:
            item, is_operator = pending.pop()
            if is_operator:
                operators.append(item)
            elif isinstance(item, ast.BoolOp):
                parts: list[tuple[ast.AST | type, bool]] = []
                for index, value in enumerate(item.values):
                    if index:
                        parts.append((type(item.op), True))
                    parts.append((value, False))
                pending.extend(reversed(parts))
        return sum(1 for i, op in enumerate(operators) if i == 0 or op is not operators[i - 1])

    def score(body: list[ast.stmt]) -> int:
        total = 0
        counted: set[int] = set()  # BoolOps already inside a counted sequence
        stack: list[tuple[ast.AST, int]] = [(node, 0) for node in body]
        while stack:
            node, level = stack.pop()
            children = list(ast.iter_child_nodes(node))
            if isinstance(node, _DEFINITIONS):  # counted on their own; their decorators here
                stack.extend((decorator, level) for decorator in node.decorator_list)
                continue
            if isinstance(node, ast.If):
                elif_ = is_elif(node)
                total += 1 if elif_ else 1 + level
                inner = level if elif_ else level + 1
                orelse = node.orelse
                if orelse and not (len(orelse) == 1 and isinstance(orelse[0], ast.If) and is_elif(orelse[0])):
                    total += 1  # else
                stack.extend((child, inner) for child in children)
            elif isinstance(node, _LOOPS):
                total += 1 + level + (1 if node.orelse else 0)
                stack.extend((child, level + 1) for child in children)
            elif isinstance(node, _TRIES):
                total += 1 if node.orelse else 0
                stack.extend((child, level) for child in children)
            elif isinstance(node, ast.ExceptHandler | ast.IfExp | ast.Match):
                total += 1 + level
                stack.extend((child, level + 1) for child in children)
            elif isinstance(node, ast.Lambda):
                stack.extend((child, level + 1) for child in children)
            else:
                if isinstance(node, ast.BoolOp) and id(node) not in counted:
                    total += sequences(node)
                    inside = [node]
                    while inside:
                        item = inside.pop()
                        counted.add(id(item))
                        inside.extend(value for value in item.values if isinstance(value, ast.BoolOp))
                stack.extend((child, level) for child in children)
        return total

    pending: list[tuple[ast.AST, str]] = [(ast.parse(source), "")]
    while pending:
        node, prefix = pending.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, _DEFINITIONS):
                qualname = f"{prefix}.{child.name}" if prefix else child.name
                if not isinstance(child, ast.ClassDef):
                    found.append((qualname, score(child.body)))
                pending.append((child, qualname))
            elif not isinstance(child, ast.Lambda):
                pending.append((child, prefix))
    return found


def test_python_agrees_with_an_ast_reading_function_by_function_on_the_stdlib():
    """Every 10th stdlib file (sorted, as benchmarks/ast_count.py), those both parsers read
    cleanly: the multiset of (qualname, score) is the same for every file."""
    corpus = ast_count.load_corpus(STDLIB)
    compared = functions = 0
    differing = []
    for path, data in corpus.files[::10]:
        try:
            expected = Counter(ast_cognitive(data))
        except (SyntaxError, ValueError, RecursionError):
            continue
        facts = extract("python", data, str(path), "")
        if facts.syntax_errors:
            continue
        actual = Counter(
            (d.qualname, d.metrics.cognitive) for d in facts.definitions if d.kind in ("function", "method")
        )
        compared += 1
        functions += sum(actual.values())
        if actual != expected:
            differing.append(
                (str(path), sorted((expected - actual).items())[:3], sorted((actual - expected).items())[:3])
            )
    assert compared >= 150 and functions >= 5000
    assert differing == []
