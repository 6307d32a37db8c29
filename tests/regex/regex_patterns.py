"""Every regular expression of newsfuse, found without a list to keep up to date.

Two sources, so a new pattern is found wherever it is written:

- the compiled patterns every module holds at module level, in a class, or inside a tuple,
  list, set or dict there (found by importing every module of the package);
- every call ``re.compile/search/match/fullmatch/findall/finditer/sub/subn/split(...)`` in the
  source (found with :mod:`ast`), its pattern and flags evaluated in the module's namespace;
  a call whose pattern is built from local values cannot be evaluated and is reported as such.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType

import newsfuse

_CALLS = {"compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split"}
# where the flags argument is, by position, for each function of ``re``
_FLAGS_AT = {"compile": 1, "sub": 4, "subn": 4, "split": 3}


@dataclass(frozen=True)
class Found:
    """A pattern and where it is: ``module.NAME`` (or ``module.NAME[key]``), or ``file:line``."""

    where: str
    pattern: re.Pattern[str] | re.Pattern[bytes]

    @property
    def key(self) -> str | tuple[str, str | bytes]:
        """A name that survives edits: ``module.NAME``, or ``(file, pattern)`` for a call."""
        if ":" in self.where:
            return (self.where.split(":")[0], self.pattern.pattern)
        return self.where


@dataclass(frozen=True)
class Dynamic:
    """A call whose pattern is built from local values: ``file:line`` and the argument's source."""

    where: str
    module: str
    source: str


def modules() -> list[ModuleType]:
    """Every module of the newsfuse package, imported."""
    out = [newsfuse]
    for info in pkgutil.walk_packages(newsfuse.__path__, "newsfuse."):
        out.append(importlib.import_module(info.name))
    return out


def _walk(value: object, where: str, depth: int, seen: set[int]) -> list[Found]:
    if id(value) in seen or depth > 3:
        return []
    if isinstance(value, re.Pattern):
        seen.add(id(value))
        return [Found(where, value)]
    if isinstance(value, (str, bytes, int, float)) or value is None:
        return []
    seen.add(id(value))
    out: list[Found] = []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _walk(k, f"{where}[{k!r}]", depth + 1, seen)
            out += _walk(v, f"{where}[{k!r}]", depth + 1, seen)
    elif isinstance(value, (tuple, list, set, frozenset)):
        for i, v in enumerate(
            sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        ):
            out += _walk(v, f"{where}[{i}]", depth + 1, seen)
    return out


def module_patterns(mods: list[ModuleType]) -> list[Found]:
    """The compiled patterns held at module or class level (each once, under its first name)."""
    out: list[Found] = []
    seen: set[int] = set()
    for mod in mods:
        for name, value in sorted(vars(mod).items()):
            if isinstance(value, ModuleType):
                continue
            if isinstance(value, type):
                if value.__module__ != mod.__name__:
                    continue
                for attr, member in sorted(vars(value).items()):
                    out += _walk(member, f"{mod.__name__}.{name}.{attr}", 1, seen)
                continue
            if isinstance(value, re.Pattern) and not _own(mod, name):
                continue  # imported from another module: found there under its own name
            out += _walk(value, f"{mod.__name__}.{name}", 0, seen)
    return out


_OWN: dict[str, set[str]] = {}


@cache
def _source(mod: ModuleType) -> tuple[str, ast.Module]:
    """The text of a module's file and its syntax tree (parsed once)."""
    text = Path(mod.__file__ or "").read_text(encoding="utf-8")
    return text, ast.parse(text)


def _own(mod: ModuleType, name: str) -> bool:
    """True when ``name`` is assigned at the top level of ``mod``'s source (not imported)."""
    if mod.__name__ not in _OWN:
        tree = _source(mod)[1]
        names: set[str] = set()
        for node in tree.body:
            targets = (
                node.targets
                if isinstance(node, ast.Assign)
                else [node.target]
                if isinstance(node, ast.AnnAssign)
                else []
            )
            for t in targets:
                names |= {n.id for n in ast.walk(t) if isinstance(n, ast.Name)}
        _OWN[mod.__name__] = names
    return name in _OWN[mod.__name__]


def _relative(mod: ModuleType) -> str:
    path = Path(mod.__file__ or "")
    root = Path(newsfuse.__file__).resolve().parent.parent
    return path.resolve().relative_to(root).as_posix()


def _scopes(tree: ast.Module) -> dict[ast.Call, list[ast.Assign]]:
    """For every call in a function, the simple assignments of a name to a string expression
    (``wd_pre = rf"..."``) made before it in that function or the functions around it."""
    out: dict[ast.Call, list[ast.Assign]] = {}

    def walk(node: ast.AST, seen: list[ast.Assign] | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                walk(child, list(seen or []))
                continue
            if isinstance(child, ast.Call) and seen is not None:
                out[child] = list(seen)
            walk(child, seen)
            if (
                seen is not None
                and isinstance(child, ast.Assign)
                and len(child.targets) == 1
                and isinstance(child.targets[0], ast.Name)
                and _pure(child.value)
            ):
                seen.append(child)

    walk(tree, None)
    return out


def _pure(node: ast.expr) -> bool:
    """True for an expression that only puts strings together (literals, f-strings, names,
    ``+``): evaluating it runs nothing of the module."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (str, bytes))
    if isinstance(node, ast.JoinedStr):
        return all(_pure(v) for v in node.values)
    if isinstance(node, ast.FormattedValue):
        return _pure(node.value)
    if isinstance(node, ast.Name):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _pure(node.left) and _pure(node.right)
    return False


def call_patterns(
    mods: list[ModuleType], samples: dict[tuple[str, str], dict[str, object]] | None = None
) -> tuple[list[Found], list[Dynamic]]:
    """The patterns of every ``re.<function>(...)`` call in the source, evaluated in the module's
    namespace and the simple assignments before the call in its function; the calls whose pattern
    is built from other local values (arguments, loop variables) are returned as Dynamic, and
    evaluated with the values ``samples`` gives for them (keyed by file and source text)."""
    found: list[Found] = []
    dynamic: list[Dynamic] = []
    for mod in mods:
        text, tree = _source(mod)
        scopes = _scopes(tree)
        nodes = list(ast.walk(tree))
        matched_at_once = {  # re.compile(...).match(...)
            id(n.func.value)
            for n in nodes
            if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute)
            and n.func.attr in ANCHORED
            and isinstance(n.func.value, ast.Call)
        }
        for node in nodes:
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr in _CALLS
            ):
                continue
            how = node.func.attr
            if how == "compile" and id(node) in matched_at_once:
                up = next(
                    n.func.attr  # type: ignore[attr-defined]
                    for n in nodes
                    if isinstance(n, ast.Call) and getattr(n.func, "value", None) is node
                )
                how = f"compile().{up}"  # re.compile(...).match(...): used at once
            where = f"{_relative(mod)}:{node.lineno} re.{how}"
            kw = {k.arg: k.value for k in node.keywords}
            arg = node.args[0] if node.args else kw.get("pattern")
            at = _FLAGS_AT.get(node.func.attr, 2)
            flags_node = node.args[at] if len(node.args) > at else kw.get("flags")
            if arg is None:
                continue
            space = dict(vars(mod))
            for a in scopes.get(node, []):
                try:
                    space[a.targets[0].id] = _evaluate(a.value, space)  # type: ignore[attr-defined]
                except (NameError, AttributeError, TypeError):
                    continue  # built from a value known only at run time
            try:
                pattern = _evaluate(arg, space)
            except (NameError, AttributeError, KeyError, TypeError):
                # built from a value known only at run time: take the sample values for it
                source = ast.get_source_segment(text, arg) or ""
                dynamic.append(Dynamic(where, mod.__name__, source))
                extra = (samples or {}).get((_relative(mod), source))
                if extra is None:
                    continue
                pattern = _evaluate(arg, {**space, **extra})
            flags = _evaluate(flags_node, space) if flags_node is not None else 0
            found.append(Found(where, re.compile(pattern, flags)))  # type: ignore[call-overload]
    return found, dynamic


def _evaluate(node: ast.expr, space: dict[str, object]) -> object:
    code = compile(ast.Expression(body=node), "<pattern>", "eval")
    return eval(code, dict(space))


# ---------------------------------------------------------------------------------------------
# How each module-level pattern is used
# ---------------------------------------------------------------------------------------------

ANCHORED = frozenset({"match", "fullmatch"})


def _bindings(
    tree: ast.Module, mod: ModuleType
) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Names that stand for another module's object (``name -> (module, name)``) and names that
    stand for a module (``alias -> module``), from the imports of one module."""
    names: dict[str, tuple[str, str]] = {}
    mods: dict[str, str] = {}
    package = mod.__name__ if hasattr(mod, "__path__") else mod.__name__.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                if full.startswith("newsfuse.") and _is_module(full):
                    mods[alias.asname or alias.name] = full
                else:
                    names[alias.asname or alias.name] = (base, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    mods[alias.asname] = alias.name
    return names, mods


def _is_module(name: str) -> bool:
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True


def uses(mods: list[ModuleType]) -> dict[tuple[str, str], set[str]]:
    """For each module-level name ``(module, NAME)`` referred to anywhere in the package, how it
    is used: the methods called on it (``"search"``, ``"match"`` ...), or ``"other"`` when it is
    passed on, stored or iterated (then any use is possible)."""
    out: dict[tuple[str, str], set[str]] = {}
    for mod in mods:
        tree = _source(mod)[1]
        names, aliases = _bindings(tree, mod)
        stack: list[tuple[ast.AST, ast.AST | None, ast.AST | None]] = [(tree, None, None)]
        while stack:
            node, parent, grand = stack.pop()
            stack.extend((child, node, parent) for child in ast.iter_child_nodes(node))
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                if isinstance(parent, ast.Attribute) and node.id in aliases:
                    continue  # the module alias of ``alias.NAME``: counted on the attribute
                target = names.get(node.id, (mod.__name__, node.id))
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
            ):
                target = (aliases[node.value.id], node.attr)
            else:
                continue
            called = (
                isinstance(parent, ast.Attribute)
                and parent.value is node
                and isinstance(grand, ast.Call)
                and grand.func is parent
            )
            out.setdefault(target, set()).add(parent.attr if called else "other")  # type: ignore[union-attr]
    return out


def mode(found: Found, used: dict[tuple[str, str], set[str]]) -> str:
    """How a pattern is applied: ``"match"``, ``"fullmatch"`` or ``"fullmatch,match"`` for one
    only ever matched at a given position (the methods called on it, or ``re.match`` ...),
    ``"scan"`` for any other (searched, iterated, split, substituted, or passed on)."""
    if ":" in found.where:
        how = found.where.rpartition(" re.")[2].removeprefix("compile().")
        return how if how in ANCHORED else "scan"
    module, _, name = found.where.rpartition(".")
    if "[" in found.where or not module:
        return "scan"
    methods = used.get((module, name), set())
    if methods and methods <= ANCHORED:
        return ",".join(sorted(methods))  # "match", "fullmatch" or both
    return "scan"


def all_patterns(
    samples: dict[tuple[str, str], dict[str, object]] | None = None,
) -> tuple[list[tuple[Found, str]], list[Dynamic]]:
    """Every distinct pattern (by source and flags) of newsfuse with its :func:`mode`, and the
    calls whose pattern is built at run time (see :func:`call_patterns` for ``samples``)."""
    mods = modules()
    found = module_patterns(mods)
    calls, dynamic = call_patterns(mods, samples)
    used = uses(mods)
    out: dict[tuple[object, int], tuple[Found, str]] = {}
    for f in [*found, *calls]:
        key = (f.pattern.pattern, f.pattern.flags)
        if key in out and " re.compile" in f.where:
            continue  # compiled into a module-level pattern: used as that pattern is
        how = mode(f, used)
        if key in out:  # the same pattern written twice: tested for every use
            first, before = out[key]
            both = set(before.split(",")) | set(how.split(","))
            out[key] = (first, "scan" if "scan" in both else ",".join(sorted(both)))
        else:
            out[key] = (f, how)
    return list(out.values()), dynamic


__all__ = [
    "ANCHORED",
    "Dynamic",
    "Found",
    "all_patterns",
    "call_patterns",
    "mode",
    "module_patterns",
    "modules",
    "uses",
]
