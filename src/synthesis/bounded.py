"""Reading untrusted files within bounds: no hang, no exhausted memory, and an error that names the file.

Every input file (responses, question maps, question sets, codebooks, tool lists) is read through
:func:`read_bytes`, which refuses anything that is not a regular file (a FIFO would block for ever,
``/dev/zero`` never ends) before opening it. YAML goes through :func:`load_yaml`, which counts the
nodes an alias expansion would produce before building anything, so a few hundred bytes of nested
aliases cannot turn into gigabytes. JSON nested too deeply is refused by :func:`loads_json`.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import yaml

from synthesis.errors import InputError

#: Nodes a YAML document may hold once its aliases are expanded (a question map has a few hundred).
MAX_YAML_NODES = 1_000_000
#: Nesting depth of JSON or YAML data beyond which a file is refused (responses are two levels deep).
MAX_DEPTH = 200


def regular_file(path: str | os.PathLike[str]) -> Path:
    """``path`` if it is a regular file; an :class:`InputError` at once for a folder, FIFO, socket or device."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except OSError as exc:
        raise InputError(path, f"cannot read file ({exc.strerror or exc})") from None
    if stat.S_ISDIR(mode):
        raise InputError(path, "is a directory, not a file")
    if not stat.S_ISREG(mode):
        kind = "a FIFO (named pipe)" if stat.S_ISFIFO(mode) else (
            "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
        raise InputError(path, f"is {kind}: give a regular file")
    return path


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file (see :func:`regular_file`)."""
    path = regular_file(path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read file ({exc.strerror or exc})") from None
    except MemoryError:
        raise InputError(path, "file is too large to read into memory") from None


def read_text(path: str | os.PathLike[str], encoding: str = "utf-8-sig") -> str:
    """The text of a regular file; bytes that are not ``encoding`` give a one-line error."""
    data = read_bytes(path)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(path, f"byte 0x{data[exc.start]:02x} is not {encoding.split('-sig')[0].upper()}",
                         row=line) from None


def expanded_size(root: yaml.Node, limit: int = MAX_YAML_NODES) -> int:
    """How many nodes ``root`` holds with every alias expanded, counting up to just past ``limit``.

    Each distinct node is sized once (aliases share nodes), so this is linear in the document. A node
    that contains itself, or nesting deeper than :data:`MAX_DEPTH`, counts as over the limit.
    """
    sizes: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            active.discard(key)
            sizes[key] = min(limit + 1, 1 + sum(sizes[id(c)] for c in children))
            continue
        if key in sizes:
            continue
        if key in active or len(active) > MAX_DEPTH:
            return limit + 1
        active.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def load_yaml(path: str | os.PathLike[str], text: str | None = None, loader: type = yaml.SafeLoader) -> Any:
    """Parse one YAML document safely, with the expansion of aliases capped at :data:`MAX_YAML_NODES`.

    ``text`` is read from ``path`` when not given; ``loader`` is a safe loader class (or subclass).
    Errors are one-line :class:`InputError` naming the file and, where known, the line.
    """
    path = Path(path)
    if text is None:
        text = read_text(path)
    parser = loader(text)
    try:
        node = parser.get_single_node()
        if node is None:
            return None
        size = expanded_size(node)
        if size > MAX_YAML_NODES:
            raise InputError(path, f"YAML is nested too deeply or its aliases expand to more than "
                                   f"{MAX_YAML_NODES:,} values: refused")
        return parser.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(path, f"invalid YAML: {problem}", row=line) from None
    except RecursionError:
        raise InputError(path, "YAML is nested too deeply: refused") from None
    finally:
        parser.dispose()


def loads_json(path: str | os.PathLike[str], text: str, row: int | None = None) -> Any:
    """Parse JSON text from ``path`` (``row``: its line in a JSON Lines file); deep nesting is refused."""
    try:
        value = json.loads(text, object_pairs_hook=_unique_keys)
    except _DuplicateKey as exc:
        raise InputError(path, f"key {exc.args[0]!r} appears twice in one JSON object (one would be lost)",
                         row=row) from None
    except json.JSONDecodeError as exc:
        if row is not None:
            raise InputError(path, f"malformed JSON: {exc.msg}", row=row, column=str(exc.colno)) from None
        raise InputError(path, f"malformed JSON: {exc.msg}", row=exc.lineno, column=str(exc.colno)) from None
    except RecursionError:
        raise InputError(path, "JSON is nested too deeply: refused", row=row) from None
    if depth(value) > MAX_DEPTH:
        raise InputError(path, f"JSON is nested more than {MAX_DEPTH} levels deep: refused", row=row)
    return value


class _DuplicateKey(Exception):
    """A JSON object names one key twice."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        raise _DuplicateKey(next(k for k, _ in pairs if k in seen or seen.add(k)))
    return value


def depth(value: Any) -> int:
    """How deeply lists and objects nest in ``value`` (a scalar is 0), found without recursion."""
    deepest = 0
    stack = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level + 1)
            if deepest > MAX_DEPTH:
                return deepest
            stack.extend((child, level + 1) for child in item if isinstance(child, (list, dict)))
    return deepest
