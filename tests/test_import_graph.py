"""The shape of the package: no import cycle among narrate's modules, no stage importing a
later one (readers → speech → engines/synth → assemble → master → writers → publish),
nothing below the callers (pipeline → api → cli) importing one of them, and a command line
whose group names its commands without importing them."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "narrate"

# Each stage's modules (a name ending in "." is a package); a module not listed is a helper
# any stage may use (model, errors, fs, timefmt, ffmpeg, _compat, ...) or a caller on top.
STAGES = (
    ("readers", ("narrate.readers.",)),
    ("speech", ("narrate.speech.",)),
    ("synthesis", ("narrate.engines.", "narrate.synth", "narrate.cache", "narrate.engine_pool")),
    ("assembly", ("narrate.assemble",)),
    ("mastering", ("narrate.master", "narrate.master_memo", "narrate.loudness",
                   "narrate.levelling")),
    ("writers", ("narrate.writers.",)),
    ("publish", ("narrate.staging", "narrate.feed")),
    ("check", ("narrate.check.",)),  # hears a published edition: nothing before it imports it
)


# The layers on top of the stages, lowest first: the pipeline runs the stages, the API calls
# the pipeline, `follow` (a package: sources into editions) calls the API, the cluster (a
# package: its client and its workers) calls the API, the CLI (and __main__, and the package's
# lazy exports) call the API, follow or the cluster.
CALLERS = ("narrate.pipeline", "narrate.api", "narrate.follow", "narrate.cluster", "narrate.cli")
TOP = ("narrate", "narrate.__main__")  # the package's lazy exports and `python -m narrate`
SERVE = "narrate.serve"  # the web app: a caller on top of the API, as the CLI is


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, name: str, modules: set[str]) -> set[str]:
    """narrate modules that `path` imports, at any depth of the file (lazy imports count)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))  # fmt: skip
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def _graph() -> dict[str, set[str]]:
    """Each narrate module and the narrate modules it imports (a module importing names from
    its own package's __init__ is not counted: Python runs that __init__ first anyway)."""
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        graph[name] = {
            target
            for target in _imports(path, name, set(paths))
            if not (name.startswith(f"{target}.") and paths[target].name == "__init__.py")
        }
    return graph


def _stage(module: str) -> int | None:
    for index, (_, prefixes) in enumerate(STAGES):
        for prefix in prefixes:
            if module == prefix.rstrip(".") or (
                module.startswith(prefix) if prefix.endswith(".") else module == prefix
            ):
                return index
    return None


def test_the_import_graph_has_no_cycle() -> None:
    try:
        tuple(graphlib.TopologicalSorter(_graph()).static_order())
    except graphlib.CycleError as error:
        raise AssertionError(f"import cycle: {' -> '.join(error.args[1])}") from None


def test_no_stage_imports_a_later_stage() -> None:
    backwards = []
    for module, targets in _graph().items():
        for target in targets:
            here, there = _stage(module), _stage(target)
            if here is not None and there is not None and there > here:
                backwards.append(f"{module} ({STAGES[here][0]}) imports {target} "
                                 f"({STAGES[there][0]})")  # fmt: skip
    assert backwards == []


def _caller(module: str) -> int:
    """The caller layer `module` belongs to (a cluster module is the cluster's), else -1."""
    for index, caller in enumerate(CALLERS):
        if module == caller or module.startswith(f"{caller}."):
            return index
    return -1


def test_no_stage_or_helper_imports_the_pipeline_api_or_cli() -> None:
    upward = []
    for module, targets in _graph().items():
        if module in TOP or module == SERVE or module.startswith(f"{SERVE}."):
            continue
        level = _caller(module)
        upward += [f"{module} imports {target}" for target in targets
                   if _caller(target) > level]  # fmt: skip
    assert upward == []


def test_the_graph_sees_imports() -> None:
    """A guard for the two tests above: the parser finds edges we know exist."""
    graph = _graph()
    assert "narrate.assemble" in graph["narrate.writers.outline"]
    assert "narrate.speech.symbols" in graph["narrate.speech.sentences"]
    assert "narrate._compat" in graph["narrate.writers.mp3"]
    assert "narrate._compat" in graph["narrate.engines.gtts"]
    assert "narrate.pipeline" in graph["narrate.api"]
    assert "narrate.api" in graph["narrate.cli.build"]
    assert "narrate.cli.guard" in graph["narrate.cli"]
    assert "narrate.api" in graph["narrate.cluster.worker"]


def _commands() -> set[str]:
    """The command modules of narrate/cli/, as its COMMANDS table names them."""
    from narrate.cli import COMMANDS

    return {module for module, _ in COMMANDS.values()}


def _reached(graph: dict[str, set[str]], start: str) -> set[str]:
    """Every module `start` imports, directly or through others."""
    seen, todo = set(), [start]
    while todo:
        for target in graph[todo.pop()] - seen:
            seen.add(target)
            todo.append(target)
    return seen


def test_the_cli_group_reaches_no_command_stage_or_api():
    """narrate/cli/__init__.py knows its commands by module name only: what it imports, at
    any depth, is no command, no stage, not the pipeline or the API (so `narrate --help` is
    quick; tests/test_cli_lazy.py checks the same at run time)."""
    graph = _graph()
    reached = _reached(graph, "narrate.cli")
    assert reached, "the group imports its guard and warnings"
    assert sorted(reached & _commands()) == []
    assert sorted(m for m in reached if _stage(m) is not None or _caller(m) in (0, 1, 2)) == []


def test_a_command_imports_no_other_command_and_reaches_the_pipeline_through_the_api():
    """Each command module stands alone on the shared ones (options, types, progress...), and
    calls narrate.api (or the cluster's client), never narrate.pipeline itself."""
    graph = _graph()
    commands = _commands()
    crossing = [f"{module} imports {target}" for module in commands
                for target in graph[module] & (commands - {module})]  # fmt: skip
    assert crossing == []
    cli = [module for module in graph if module.startswith("narrate.cli")]
    assert [module for module in cli if "narrate.pipeline" in graph[module]] == []
