"""Semantic rules: what the OpenAPI JSON Schema cannot express, one module per kind.

`registry` holds every rule (`RULES`, filled by the `@rule` decorator) and `context` the indexed
document the rules read; each other module is one kind of rule: `refs`, `parameters`,
`operations`, `schemas`, `patterns`, `examples` (examples and defaults against their schema),
`urls`, `security`, and `oas31` (3.1 documents only). Importing this package registers them all.
"""

from __future__ import annotations

from generator.validate.rules import (  # noqa: F401  (each module registers its rules)
    examples,
    oas31,
    operations,
    parameters,
    patterns,
    refs,
    schemas,
    security,
    urls,
)
from generator.validate.rules.context import Context
from generator.validate.rules.registry import RULES, Finding, Rule, rule

__all__ = ["RULES", "Context", "Finding", "Rule", "rule"]
