"""specgen: turn an OpenAPI 3.0 or 3.1 document into a typed Python client and keep it right.

The pipeline, one module per stage: load -> validate -> resolve -> ir -> naming -> plan ->
render -> write (and check, which runs everything but the write in memory).
"""

__version__ = "0.1.0"
