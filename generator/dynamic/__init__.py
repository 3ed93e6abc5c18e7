"""The dynamic client: call any operation of any OpenAPI 3.0 spec at once, with no generation.

    from generator.dynamic import Client, AsyncClient

    client = Client.from_spec("soracom-soracam-api-openapi.yml", api_key="...", api_token="...")
    client.sora_cam.list_sora_cam_devices()           # as in the generated client
    client.call("listSoraCamDevices")                 # by operationId (or method name)
    client.with_raw_response.sora_cam.list_sora_cam_devices().status_code
    client.operations()                               # every operation, for exploring
    help(client.sora_cam)                             # signatures and docstrings

It uses the generated client's runtime (`generator.runtime`) and the same operation tables
(`plan.describe_operations`) and compiled validators, so both clients send the same requests and
return equal results and errors; `tests/functional/test_parity.py` checks it operation by
operation. Modules: `source` (path/URL/mapping), `blueprint` (the cold build), `cache` (start-up
cache), `api` (runtime objects), `methods`, `models`, `codec_tree`, `docs`, `client`.
"""

from generator.dynamic.api import DynamicApi, OperationInfo, load_api
from generator.dynamic.client import AsyncClient, Client
from generator.runtime.errors import (
    ApiConnectionError,
    ApiError,
    ApiStatusError,
    ApiTimeoutError,
    AuthenticationError,
    BadRequestError,
    CharsetError,
    ConflictError,
    DecompressionError,
    EmptyBodyError,
    InternalServerError,
    InvalidJsonError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestValidationError,
    ResponseDecodeError,
    ResponseValidationError,
    UnexpectedMediaTypeError,
    UnexpectedTypeError,
    UnprocessableEntityError,
)
from generator.runtime.response import ApiResponse
from generator.runtime.types import NOT_GIVEN, UNSET

__all__ = [
    "NOT_GIVEN",
    "UNSET",
    "ApiConnectionError",
    "ApiError",
    "ApiResponse",
    "ApiStatusError",
    "ApiTimeoutError",
    "AsyncClient",
    "AuthenticationError",
    "BadRequestError",
    "CharsetError",
    "Client",
    "ConflictError",
    "DecompressionError",
    "EmptyBodyError",
    "DynamicApi",
    "InternalServerError",
    "InvalidJsonError",
    "NotFoundError",
    "OperationInfo",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestValidationError",
    "ResponseDecodeError",
    "ResponseValidationError",
    "UnexpectedMediaTypeError",
    "UnexpectedTypeError",
    "UnprocessableEntityError",
    "load_api",
]

# Classes made in this package's modules report `generator.dynamic` (its documented home) in
# reprs and tracebacks, as httpx does for its private modules; runtime classes keep theirs.
for _name in __all__:
    _member = globals()[_name]
    if isinstance(_member, type) and _member.__module__.startswith(__name__ + "."):
        _member.__module__ = __name__
del _name, _member
