"""The schema compiler: OpenAPI 3.0 Schema Objects, or OpenAPI 3.1's JSON Schema 2020-12 dialect
(`keywords31`), -> Python validator source (issue 3).

Public surface: `compile_validators` returns a `CompiledValidators` (module source, validator name
-> function name, compile issues); `load_module` executes it in memory for the dynamic client.
Generated functions run through `generator.runtime.validation.validate`.
"""

from generator.schema_compiler.compile import (
    DEFAULT_FORMATS,
    CompiledValidators,
    compile_validators,
    load_module,
)
from generator.schema_compiler.module import CompileIssue

__all__ = [
    "DEFAULT_FORMATS",
    "CompileIssue",
    "CompiledValidators",
    "compile_validators",
    "load_module",
]
