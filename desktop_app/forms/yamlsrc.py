"""Read YAML into plain data while remembering where every key and item came from.

PyYAML's composer keeps line numbers on nodes; we walk the node tree ourselves so that
duplicate keys (which PyYAML silently accepts) are reported and every later error can name
the line of the key path it concerns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]


@dataclass
class Problem:
    """One located problem in a definition file; `line` is 1-based, 0 when unknown."""

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


@dataclass
class Source:
    """Parsed YAML data plus a map from key path to line number."""

    file: str
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    budget: int = 0  # values left to expand (limits.MAX_YAML_NODES)

    def line_of(self, path: Path) -> int:
        """Line of the deepest known prefix of `path` (an error inside a value points at its key)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line:
                return line
        return 0


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _scalar(node: yaml.ScalarNode) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


class _TooBig(Exception):
    """The expanded document passed MAX_YAML_NODES (aliases reused over and over)."""


def _walk(node: yaml.Node, path: Path, src: Source, problems: list[Problem]) -> Any:
    src.budget -= 1
    if src.budget < 0:
        raise _TooBig()
    src.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str | int | bool | float) or key is None:
                problems.append(
                    Problem(src.file, key_node.start_mark.line + 1, format_path(path),
                            "mapping keys must be plain scalars")
                )
                continue
            key = str(key) if not isinstance(key, str) else key
            child = (*path, key)
            if key in result:
                problems.append(
                    Problem(src.file, key_node.start_mark.line + 1, format_path(child),
                            f"duplicate key (first on line {src.lines.get(child, 0)})")
                )
                continue
            src.lines[child] = key_node.start_mark.line + 1
            result[key] = _walk(value_node, child, src, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, (*path, i), src, problems) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    return _scalar(node)


def read_yaml(text: str, file: str) -> tuple[Source, list[Problem]]:
    """Parse `text`; never raises for bad YAML, returns the problems instead."""
    src = Source(file=file, data=None)
    problems: list[Problem] = []
    from desktop_app import limits

    size = len(text.encode("utf-8"))
    if size > limits.MAX_YAML_BYTES:
        problems.append(Problem(file, 0, "", f"too large ({size:,} bytes; a form definition may "
                                f"have at most {limits.MAX_YAML_BYTES:,})"))
        return src, problems
    try:  # aliases first, streaming: a "billion laughs" file is refused before it expands
        aliases = 0
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > limits.MAX_YAML_ALIASES:
                    line = event.start_mark.line + 1 if event.start_mark else 0
                    problems.append(Problem(file, line, "",
                                            f"too many aliases (*name): more than "
                                            f"{limits.MAX_YAML_ALIASES}"))
                    return src, problems
    except yaml.YAMLError:
        pass  # compose below reports it, located
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problems.append(Problem(file, line, "", f"broken YAML: {exc.problem or exc}"))
        return src, problems
    except yaml.YAMLError as exc:
        problems.append(Problem(file, 0, "", f"broken YAML: {exc}"))
        return src, problems
    if root is None:
        problems.append(Problem(file, 1, "", "the file is empty"))
        return src, problems
    src.budget = limits.MAX_YAML_NODES
    try:
        src.data = _walk(root, (), src, problems)
    except _TooBig:
        problems.append(Problem(file, 0, "", f"expands to more than {limits.MAX_YAML_NODES:,} values "
                                "(aliases reused over and over)"))
        src.data = None
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        problems.append(Problem(file, mark.line + 1 if mark else 0, "", f"broken YAML: {exc.problem}"))
    return src, problems
