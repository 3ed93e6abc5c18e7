"""Synthesizing data from a schema: the mock's responses when the spec gives no example.

Deterministic for a `random.Random` seeded by the caller (same seed, same operation: same
bytes), so tests can rely on the mock's answers. Every keyword a response validator checks is
honoured (type, enum, format, bounds, lengths, pattern, required, allOf/oneOf/anyOf, nullable,
readOnly/writeOnly per direction); the mock still validates what this module makes with the
compiled validators before sending it, so a schema this module cannot satisfy is reported, not
sent. Patterns are generated from Python's own regex parser (`re._parser`), which reads the
ECMA-262 subset OpenAPI specs use.
"""

from __future__ import annotations

import base64
import random
import re
import uuid
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["synthesize"]

MAX_DEPTH = 6
"""Below this depth only required properties are made and arrays stay at their minimum."""

_WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel")
_INT_BOUNDS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


def synthesize(
    schema: Any,
    rng: random.Random,
    deref: Callable[[Any], Any],
    *,
    direction: str = "response",
    use_examples: bool = True,
) -> Any:
    """A value valid for `schema`; `direction` leaves out writeOnly (response) or readOnly."""
    return _Maker(rng, deref, direction, use_examples).make(schema, 0)


class _Maker:
    def __init__(
        self, rng: random.Random, deref: Callable[[Any], Any], direction: str, examples: bool
    ) -> None:
        self.rng = rng
        self.deref = deref
        self.skip = "writeOnly" if direction == "response" else "readOnly"
        self.examples = examples

    def make(self, schema: Any, depth: int) -> Any:
        schema = self.deref(schema)
        if not isinstance(schema, Mapping) or depth > 40:
            return None if depth > 40 else {}
        if "allOf" in schema:
            return self.make(self._merge(schema), depth)
        if self.examples and "example" in schema:
            return schema["example"]
        if "enum" in schema and schema["enum"]:
            return self.rng.choice(list(schema["enum"]))
        for key in ("oneOf", "anyOf"):
            if schema.get(key):
                # The first variant: oneOf data must not match a second one, and the first is
                # the spec author's main case.
                variant = schema[key][0]
                data = self.make(variant, depth + 1)
                return self._discriminated(schema, variant, data)
        if self.examples and "default" in schema:
            return schema["default"]
        kind = schema.get("type")
        if kind is None:
            kind = "object" if "properties" in schema else "array" if "items" in schema else ""
        maker = getattr(self, f"_{kind}", None)
        if maker is None:
            return "value"  # no type: any JSON value is valid
        return maker(schema, depth)

    def _discriminated(self, schema: Mapping[str, Any], variant: Any, data: Any) -> Any:
        """Set the discriminator property to the value that selects `variant` (OAS 3.0.3 4.7.25)."""
        found = schema.get("discriminator")
        if not isinstance(found, Mapping) or not isinstance(data, dict):
            return data
        ref = variant.get("$ref") if isinstance(variant, Mapping) else None
        if not isinstance(ref, str) or "propertyName" not in found:
            return data
        mapping = found.get("mapping") or {}
        value = next((k for k, v in mapping.items() if v == ref), ref.rsplit("/", 1)[-1])
        return {**data, found["propertyName"]: value}

    def _merge(self, schema: Mapping[str, Any]) -> dict[str, Any]:
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        for part in schema["allOf"]:
            part = self.deref(part)
            if not isinstance(part, Mapping):
                continue
            if "allOf" in part:
                part = self._merge(part)
            for key, value in part.items():
                if key == "properties":
                    merged["properties"] = {**merged.get("properties", {}), **value}
                elif key == "required":
                    merged["required"] = [*merged.get("required", []), *value]
                else:
                    merged.setdefault(key, value)
        return merged

    def _object(self, schema: Mapping[str, Any], depth: int) -> Any:
        props = schema.get("properties") or {}
        required = set(schema.get("required") or [])
        result: dict[str, Any] = {}
        for name, prop in props.items():
            resolved = self.deref(prop)
            if isinstance(resolved, Mapping) and resolved.get(self.skip) and name not in required:
                continue
            if name in required or depth < MAX_DEPTH:
                result[name] = self.make(prop, depth + 1)
        extra = schema.get("additionalProperties", True)
        for name in sorted(required - result.keys()):
            # required but not declared (DigiLocker's `eaadhaar` beside `eaadhar`): any value
            # `additionalProperties` allows; none when it is false (no data can be valid then)
            if isinstance(name, str) and extra is not False:
                result[name] = self.make(extra if isinstance(extra, Mapping) else {}, depth + 1)
        low = schema.get("minProperties", 0)
        index = 0
        while len(result) < low and extra is not False and index < 100:
            key = f"key{index}"
            if key not in result:
                result[key] = self.make(extra if isinstance(extra, Mapping) else {}, depth + 1)
            index += 1
        return result

    def _array(self, schema: Mapping[str, Any], depth: int) -> Any:
        low = int(schema.get("minItems", 0))
        high = int(schema.get("maxItems", low + 2))
        count = low if depth >= MAX_DEPTH else min(max(low, 1 + self.rng.randrange(2)), high)
        items: list[Any] = []
        seen: set[str] = set()
        for _ in range(count * 10 + 10):
            if len(items) >= count:
                break
            item = self.make(schema.get("items", {}), depth + 1)
            key = repr(item)
            if schema.get("uniqueItems") and key in seen:
                continue
            seen.add(key)
            items.append(item)
        return items

    def _integer(self, schema: Mapping[str, Any], depth: int) -> int:
        low, high = _INT_BOUNDS.get(schema.get("format", ""), (-(2**53), 2**53))
        low, high = max(low, 0), min(high, 10_000)
        if "minimum" in schema:
            low = int(schema["minimum"]) + (1 if schema.get("exclusiveMinimum") is True else 0)
            high = max(high, low)
        if "maximum" in schema:
            high = int(schema["maximum"]) - (1 if schema.get("exclusiveMaximum") is True else 0)
            low = min(low, high)
        step = schema.get("multipleOf")
        if isinstance(step, int) and step > 0:
            first = -(-low // step) * step
            return first + step * self.rng.randrange(max(1, (high - first) // step + 1))
        return self.rng.randint(low, high)

    def _number(self, schema: Mapping[str, Any], depth: int) -> float | int:
        if schema.get("multipleOf") is not None:
            step: float | int = schema["multipleOf"]
            return self._integer({**schema, "multipleOf": None}, depth) * step
        low = float(schema.get("minimum", 0))
        high = float(schema.get("maximum", max(low, 0) + 1000))
        value = round(self.rng.uniform(low, high), 2)
        if (schema.get("exclusiveMinimum") is True and value <= low) or value < low:
            value = (low + high) / 2
        if (schema.get("exclusiveMaximum") is True and value >= high) or value > high:
            value = (low + high) / 2
        return value

    def _boolean(self, schema: Mapping[str, Any], depth: int) -> bool:
        return self.rng.random() < 0.5

    def _string(self, schema: Mapping[str, Any], depth: int) -> str:
        fmt = schema.get("format", "")
        if "pattern" in schema:
            text = self._from_pattern(str(schema["pattern"]))
        else:
            text = self._formatted(fmt)
        low = int(schema.get("minLength", 0))
        high = int(schema.get("maxLength", max(low, len(text))))
        if "pattern" not in schema and fmt not in _FIXED_FORMATS:
            while len(text) < low:
                text += self.rng.choice("abcdefghij")
            text = text[:high]
        return text

    def _formatted(self, fmt: str) -> str:
        rng = self.rng
        if fmt == "date-time":
            return f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T12:34:56Z"
        if fmt == "date":
            return f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if fmt == "email":
            return f"{rng.choice(_WORDS)}@example.com"
        if fmt == "uuid":
            return str(uuid.UUID(int=rng.getrandbits(128), version=4))
        if fmt in ("uri", "url", "uri-reference"):
            return f"https://example.com/{rng.choice(_WORDS)}"
        if fmt == "ipv4":
            return f"192.0.2.{rng.randint(1, 254)}"
        if fmt == "ipv6":
            return f"2001:db8::{rng.randint(1, 0xFFFF):x}"
        if fmt == "hostname":
            return f"{rng.choice(_WORDS)}.example.com"
        if fmt == "byte":
            return base64.b64encode(rng.choice(_WORDS).encode()).decode()
        return f"{rng.choice(_WORDS)}-{rng.randint(0, 999)}"

    def _from_pattern(self, pattern: str) -> str:
        from re import _parser  # type: ignore[attr-defined]

        try:
            tree = _parser.parse(pattern)
        except (re.error, RecursionError):
            return ""
        return "".join(self._emit(tree))

    def _emit(self, tree: Any) -> list[str]:
        from re import _constants as c  # type: ignore[attr-defined]

        out: list[str] = []
        for op, arg in tree:
            if op is c.LITERAL:
                out.append(chr(arg))
            elif op is c.ANY:
                out.append(self.rng.choice("abcxyz"))
            elif op is c.IN:
                out.append(self._charset(arg))
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
                low, high, sub = arg
                high = min(high, low + 3) if high is not c.MAXREPEAT else low + 3
                for _ in range(self.rng.randint(low, max(low, high))):
                    out.extend(self._emit(sub))
            elif op is c.SUBPATTERN:
                out.extend(self._emit(arg[-1]))
            elif op is c.BRANCH:
                out.extend(self._emit(self.rng.choice(arg[1])))
            elif op is c.CATEGORY:
                out.append(self._category(arg))
            elif op in (c.ATOMIC_GROUP,):
                out.extend(self._emit(arg))
            # AT (anchors), ASSERT, GROUPREF and the rest produce no text
        return out

    def _charset(self, items: Any) -> str:
        from re import _constants as c  # type: ignore[attr-defined]

        choices: list[str] = []
        negate = False
        for op, arg in items:
            if op is c.NEGATE:
                negate = True
            elif op is c.LITERAL:
                choices.append(chr(arg))
            elif op is c.RANGE:
                choices.extend(chr(x) for x in range(arg[0], min(arg[1], arg[0] + 60) + 1))
            elif op is c.CATEGORY:
                choices.append(self._category(arg))
        if negate:
            allowed = [ch for ch in "abcxyzABC0123" if ch not in choices]
            return self.rng.choice(allowed or ["~"])
        return self.rng.choice(choices or ["a"])

    def _category(self, category: Any) -> str:
        name = str(category)
        if "NOT_DIGIT" in name or "NOT_SPACE" in name:
            return self.rng.choice("abc")
        if "DIGIT" in name:
            return self.rng.choice("0123456789")
        if "SPACE" in name:
            return " "
        if "NOT_WORD" in name:
            return "-"
        return self.rng.choice("abcdefXYZ0123_")


_FIXED_FORMATS = frozenset(
    {"date-time", "date", "email", "uuid", "uri", "ipv4", "ipv6", "hostname", "byte"}
)
