"""Seeded mutations of an OpenAPI document, for the fuzz test (issue 12, point 4).

`mutate(data, rng)` returns a deep copy of `data` with 1-3 mutations drawn from: a type swap
at any node, a deletion, a duplicated id (operationId, parameter, path template), a dangling or
self `$ref`, an injection string, a very long or non-ASCII string, in values or in keys.
The same seed always gives the same document.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Iterator
from typing import Any

MARKER = "SPECGEN_FUZZ_PWNED"
"""Injected code tries to create a file with this name; the test asserts it never appears."""

INJECTIONS = (
    f'"""; import os; open("{MARKER}", "w"); """',
    f"'; __import__('os').system('touch {MARKER}'); '",
    f"\\\"); open('{MARKER}','w') #",
    "{{ 7 * 7 }}{% raw %}",
    "</script><script>alert(1)</script>",
    "${HOME}$(id)`id`",
    "\x00\x01\x7f",
    "line\nbreak\r\n\tand tab",
    "a\\",
    "__class__",
    "import",
    "None",
    "self",
    "_runtime",
    "#/components/schemas/",
    "~1~0%2F",
)
UNICODE = (
    "日本語のカメラ",
    "😀🎥",
    "\u202eRTL\u202c",
    "e\u0301",
    "zero\u200bwidth",
    "Ω≈ç√",
    "\ud7ff",
)
SWAPS: tuple[Any, ...] = ({}, [], "text", 0, -1, 1.5, True, False, None, [1, "x"], {"a": 1})


def _nodes(data: Any) -> list[tuple[Any, Any]]:
    """Every (container, key-or-index) in the document, in a stable order."""
    out: list[tuple[Any, Any]] = []
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key in node:
                out.append((node, key))
                stack.append(node[key])
        elif isinstance(node, list):
            for index, value in enumerate(node):
                out.append((node, index))
                stack.append(value)
    return out


def _strings(data: Any) -> list[tuple[Any, Any]]:
    return [(c, k) for c, k in _nodes(data) if isinstance(c[k], str)]


def _long(rng: random.Random) -> str:
    return rng.choice(("x", "é", "長", "a_b")) * rng.choice((300, 5_000, 70_000))


def swap_type(data: Any, rng: random.Random) -> None:
    container, key = rng.choice(_nodes(data))
    current = container[key]
    choices = [v for v in SWAPS if type(v) is not type(current)]
    container[key] = copy.deepcopy(rng.choice(choices))


def _subtree(data: Any, rng: random.Random) -> Any:
    """Somewhere stages read closely: a schema, an operation or the parameters of one."""
    paths = data.get("paths") or {}
    schemas = (data.get("components") or {}).get("schemas") or {}
    roots = [v for v in schemas.values() if isinstance(v, (dict, list))]
    roots += [
        op
        for item in paths.values()
        if isinstance(item, dict)
        for op in item.values()
        if isinstance(op, (dict, list))
    ]
    return rng.choice(roots)


def swap_type_in_schema_or_operation(data: Any, rng: random.Random) -> None:
    swap_type(_subtree(data, rng), rng)


def rename_in_schema_or_operation(data: Any, rng: random.Random) -> None:
    inject_key(_subtree(data, rng), rng)


def weird_data(data: Any, rng: random.Random) -> None:
    """Data values the validator must accept as any JSON: enum items, defaults, examples."""
    schemas = [
        node
        for container, key in _nodes(_subtree(data, rng))
        for node in [container[key]]
        if isinstance(node, dict) and ("type" in node or "properties" in node or "enum" in node)
    ]
    target = rng.choice(schemas)
    value = rng.choice(
        ({}, [], [1, {"a": [None]}], None, 1.5, -0.0, 10**30, "", True, {"$ref": "#/x"})
        + INJECTIONS[:3]
        + UNICODE[:2]
    )
    field = rng.choice(("enum", "default", "example", "enum"))
    target[field] = [copy.deepcopy(value), "x"] if field == "enum" else copy.deepcopy(value)


def delete(data: Any, rng: random.Random) -> None:
    container, key = rng.choice(_nodes(data))
    del container[key]


def inject_value(data: Any, rng: random.Random) -> None:
    container, key = rng.choice(_strings(data) or _nodes(data))
    container[key] = rng.choice(INJECTIONS + UNICODE + (_long(rng),))


def inject_key(data: Any, rng: random.Random) -> None:
    """Rename a mapping key (a property, path, schema or response name) to a hostile one."""
    keyed = [(c, k) for c, k in _nodes(data) if isinstance(c, dict)]
    container, key = rng.choice(keyed)
    new = rng.choice(INJECTIONS + UNICODE + (_long(rng), key + "{x}", "", "200", "x-"))
    if new not in container:
        container[new] = container.pop(key)


def duplicate_id(data: Any, rng: random.Random) -> None:
    ops = [
        op
        for item in (data.get("paths") or {}).values()
        if isinstance(item, dict)
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    ]
    kind = rng.randrange(3)
    if kind == 0 and len(ops) > 1:
        a, b = rng.sample(ops, 2)
        b["operationId"] = a["operationId"]
    elif kind == 1 and ops:
        op = rng.choice(ops)
        params = op.get("parameters")
        if isinstance(params, list) and params:
            params.append(copy.deepcopy(rng.choice(params)))
    else:
        paths = data.get("paths")
        if isinstance(paths, dict) and paths:
            path = rng.choice(sorted(paths))
            renamed = path.replace("{", "{other_") if "{" in path else path + "/{extra}"
            paths[renamed] = copy.deepcopy(paths[path])


def bad_ref(data: Any, rng: random.Random) -> None:
    refs = [(c, k) for c, k in _nodes(data) if k == "$ref"]
    schemas = (data.get("components") or {}).get("schemas") or {}
    kind = rng.randrange(4)
    if kind == 0 and refs:  # dangling
        container, key = rng.choice(refs)
        container[key] = rng.choice(
            (
                "#/components/schemas/Nope",
                "#/nope/x",
                "other.yaml#/x",
                "http://127.0.0.1:9/x",
                "#",
                "",
                "#/paths",
                "../../etc/passwd",
                "#/components/schemas/" + "a" * 300,
            )
        )
    elif kind == 1 and isinstance(schemas, dict) and schemas:  # self
        name = rng.choice(sorted(schemas))
        schemas[name] = {"$ref": f"#/components/schemas/{name}"}
    elif kind == 2 and isinstance(schemas, dict) and len(schemas) > 1:  # a cycle of two
        a, b = rng.sample(sorted(schemas), 2)
        schemas[a] = {"$ref": f"#/components/schemas/{b}"}
        schemas[b] = {"$ref": f"#/components/schemas/{a}"}
    else:  # a ref in a random place
        container, key = rng.choice(_nodes(data))
        container[key] = {"$ref": rng.choice(("#/components", "#/info", "#/paths/~1a", "#"))}


MUTATIONS: tuple[Callable[[Any, random.Random], None], ...] = (
    swap_type,
    swap_type_in_schema_or_operation,
    swap_type_in_schema_or_operation,
    rename_in_schema_or_operation,
    weird_data,
    weird_data,
    delete,
    inject_value,
    inject_key,
    duplicate_id,
    bad_ref,
)


def mutate(data: dict[str, Any], rng: random.Random) -> tuple[dict[str, Any], list[str]]:
    """A mutated deep copy of `data` and the names of the mutations applied."""
    out = copy.deepcopy(data)
    applied = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        mutation = rng.choice(MUTATIONS)
        try:
            mutation(out, rng)
        except (IndexError, ValueError, KeyError, TypeError, AttributeError):
            continue  # nothing of that kind left in this document (the mutator's own limit)
        applied.append(mutation.__name__)
    return out, applied


def cases(
    data: dict[str, Any], seed: int, count: int
) -> Iterator[tuple[int, dict[str, Any], list[str]]]:
    for index in range(count):
        rng = random.Random(f"{seed}:{index}")
        mutated, applied = mutate(data, rng)
        yield index, mutated, applied
