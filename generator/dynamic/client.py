"""`Client` and `AsyncClient`: call any operation of any OpenAPI 3.0 spec, no code generation.

They subclass the runtime's `SyncApiClient`/`AsyncApiClient`, the very classes generated clients
subclass, so requests are built, sent, validated and decoded by the same code. What a generated
client writes out (servers, credentials, resource attributes, methods) is read here from the
spec's `DynamicApi` instead.

    client = Client.from_spec("openapi.yml", api_key="...", api_token="...")
    client = Client.from_spec("soracom-soracam-api-openapi.yml", vendor="soracom", profile="p")
    client.sora_cam.list_sora_cam_devices()
    client.call("listSoraCamDevices")
    client.with_raw_response.sora_cam.list_sora_cam_devices().status_code
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any, Self

import httpx

from generator.dynamic.api import DynamicApi, OperationInfo, load_api
from generator.dynamic.models import ModelNamespace
from generator.runtime.auth import LoginFlow
from generator.runtime.checks import ResponseValidation
from generator.runtime.client import AsyncApiClient, SyncApiClient
from generator.runtime.operation import Credential
from generator.runtime.retries import RetryPolicy
from generator.runtime.types import DEFAULT_TIMEOUT, TimeoutTypes

__all__ = ["AsyncClient", "Client"]

Source = str | os.PathLike[str] | Mapping[str, Any]

_log = logging.getLogger("specgen")


def _loaded(source: Source, **options: Any) -> DynamicApi:
    """`load_api`, with lenient mode's repairs logged as warnings on the `specgen` logger."""
    api = load_api(source, **options)
    for repair in api.repairs:
        _log.warning("%s", repair)
    return api


class _Namespace:
    """`client.with_raw_response`: the resources again, returning `ApiResponse`s."""

    def __init__(self, resources: Mapping[str, Any]) -> None:
        self.__dict__.update(resources)

    def __dir__(self) -> list[str]:
        return sorted(k for k in self.__dict__ if not k.startswith("_"))


class _DynamicMixin:
    """What both clients add to the runtime client: resources, models, lookup by name."""

    api: DynamicApi
    models: ModelNamespace
    servers: Mapping[str, str]
    default_server: str

    def _setup(
        self,
        api: DynamicApi,
        credentials: Mapping[str, Any],
        vendor: str | None,
        base_url: str | None,
        server: str | None,
        headers: Mapping[str, str] | None,
    ) -> dict[str, Any]:
        """The runtime client's keyword arguments: base URL, credentials, login, headers.

        With `vendor` (e.g. "soracom"), the layer the generated client gets from its pin
        resolves them, with the same code (`generator.vendors.<name>.configure`).
        """
        options: dict[str, Any] = {}
        if vendor is not None:
            from generator.vendors import vendor_layer, vendor_module

            layer = vendor_layer(vendor)
            names = {o.name for o in layer.options}
            options = {k: credentials[k] for k in credentials if k in names}
            credentials = {k: v for k, v in credentials.items() if k not in names}
        unknown = set(credentials) - api.credentials.keys()
        if unknown:
            known = ", ".join(api.credentials) or "none (pass auth= for other schemes)"
            other = "".join(
                f"; scheme {scheme!r} is not applied by the client ({why})"
                for scheme, why in api.unsupported_security.items()
            )
            raise TypeError(
                f"unknown credential argument(s) {', '.join(sorted(unknown))}; "
                f"this spec's credentials: {known}{other}"
            )
        login: LoginFlow | None = None
        if vendor is not None:
            setup = vendor_module(vendor).configure(
                base_url=base_url,
                **{layer.server_param: server},
                credentials={
                    scheme: credentials.get(arg) for arg, (scheme, _) in api.credentials.items()
                },
                **options,
            )
            base_url, login = setup.base_url, setup.login
            headers = {**setup.headers, **(headers or {})}
            credentials = {
                arg: setup.credentials.get(scheme) for arg, (scheme, _) in api.credentials.items()
            }
        self.api = api
        self.servers = api.servers  # per spec; BaseApiClient reads them as class attributes
        self.default_server = api.default_server
        self.models = api.models
        pairs: dict[str, tuple[Credential, str | None]] = {
            scheme: (credential, credentials.get(arg))
            for arg, (scheme, credential) in api.credentials.items()
        }
        return {
            "base_url": base_url,
            "server": server,
            "credentials": pairs,
            "headers": headers,
            "login": login,
        }

    def _attach(self, *, is_async: bool) -> None:
        api = self.api
        for attribute, cls in api.resource_classes(is_async=is_async, raw=False).items():
            setattr(self, attribute, cls(self))
        raw = api.resource_classes(is_async=is_async, raw=True)
        self.with_raw_response = _Namespace({a: cls(self) for a, cls in raw.items()})

    def operations(self) -> list[OperationInfo]:
        """Every operation: operationId, HTTP method, path, resource, Python method, summary."""
        return self.api.operations()

    def _bound(self, root: Any, name: str) -> Any:
        info = self.api.find(name)
        return getattr(root.__dict__[info.resource], info.method)

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self.api.resources))


class Client(_DynamicMixin, SyncApiClient):
    """Synchronous client for any OpenAPI 3.0 spec; see `from_spec`."""

    def __init__(
        self,
        api: DynamicApi,
        *,
        base_url: str | None = None,
        server: str | None = None,
        auth: httpx.Auth | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        headers: Mapping[str, str] | None = None,
        validate_requests: bool = True,
        response_validation: ResponseValidation = "warn",
        max_retries: int | None = None,
        retry_post: bool | None = None,
        retry_policy: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
        vendor: str | None = None,
        **credentials: Any,
    ) -> None:
        resolved = self._setup(api, credentials, vendor, base_url, server, headers)
        super().__init__(
            **resolved,
            timeout=timeout,
            validate_requests=validate_requests,
            response_validation=response_validation,
            max_retries=max_retries,
            retry_post=retry_post,
            retry_policy=retry_policy,
            transport=transport,
            http_client=http_client,
            auth=auth,
        )
        self._attach(is_async=False)

    @classmethod
    def from_spec(
        cls,
        source: Source,
        *,
        cache: bool = True,
        allow_remote_refs: bool = False,
        allow_outside_refs: bool = False,
        lenient: bool = False,
        **options: Any,
    ) -> Self:
        """A client for `source`: a path, an http(s) URL or an already-loaded mapping.

        Options are those of the generated client (`base_url`, `server` for a named server of
        the spec: "default", "server2"..., `timeout`, `headers`, `validate_requests`,
        `response_validation`, `max_retries`, `retry_post`, `retry_policy`, `transport`,
        `http_client`, `auth`) plus one keyword per security
        scheme, named as the generated client names it (`api_key=...`). `vendor="soracom"` adds
        that layer's arguments (`profile`, `sandbox`, `auth_key_id`..., see
        `generator.vendors.soracom.setup`; `server` is the coverage). `cache=False` skips the
        start-up cache; `allow_remote_refs` / `allow_outside_refs` relax the `$ref` policy as
        the CLI flags of the same names do. `lenient=True` repairs common spec violations
        (`generator.validate.lenient`; each repair is logged as a warning on the `specgen`
        logger and listed in `client.api.repairs`). Raises `SpecError` for a spec with errors.
        """
        api = _loaded(
            source,
            use_cache=cache,
            allow_remote_refs=allow_remote_refs,
            allow_outside_refs=allow_outside_refs,
            lenient=lenient,
        )
        return cls(api, **options)

    def call(self, operation: str, /, **arguments: Any) -> Any:
        """Call an operation by operationId, method name or ``resource.method``."""
        return self._bound(self, operation)(**arguments)

    def call_raw(self, operation: str, /, **arguments: Any) -> Any:
        """`call`, returning the `ApiResponse` (status, headers, parsed value)."""
        return self._bound(self.with_raw_response, operation)(**arguments)

    def __repr__(self) -> str:
        return f"<dynamic Client for {self.api.title!r} at {self._redactor.url(self.base_url)}>"


class AsyncClient(_DynamicMixin, AsyncApiClient):
    """Asynchronous client for any OpenAPI 3.0 spec; see `from_spec`."""

    def __init__(
        self,
        api: DynamicApi,
        *,
        base_url: str | None = None,
        server: str | None = None,
        auth: httpx.Auth | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        headers: Mapping[str, str] | None = None,
        validate_requests: bool = True,
        response_validation: ResponseValidation = "warn",
        max_retries: int | None = None,
        retry_post: bool | None = None,
        retry_policy: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        vendor: str | None = None,
        **credentials: Any,
    ) -> None:
        resolved = self._setup(api, credentials, vendor, base_url, server, headers)
        super().__init__(
            **resolved,
            timeout=timeout,
            validate_requests=validate_requests,
            response_validation=response_validation,
            max_retries=max_retries,
            retry_post=retry_post,
            retry_policy=retry_policy,
            transport=transport,
            http_client=http_client,
            auth=auth,
        )
        self._attach(is_async=True)

    @classmethod
    def from_spec(
        cls,
        source: Source,
        *,
        cache: bool = True,
        allow_remote_refs: bool = False,
        allow_outside_refs: bool = False,
        lenient: bool = False,
        **options: Any,
    ) -> Self:
        """The async twin of `Client.from_spec` (loading is synchronous: files and cache)."""
        api = _loaded(
            source,
            use_cache=cache,
            allow_remote_refs=allow_remote_refs,
            allow_outside_refs=allow_outside_refs,
            lenient=lenient,
        )
        return cls(api, **options)

    def call(self, operation: str, /, **arguments: Any) -> Any:
        """Call an operation by name; returns the coroutine to await."""
        return self._bound(self, operation)(**arguments)

    def call_raw(self, operation: str, /, **arguments: Any) -> Any:
        """`call`, returning (a coroutine of) the `ApiResponse`."""
        return self._bound(self.with_raw_response, operation)(**arguments)

    def __repr__(self) -> str:
        return (
            f"<dynamic AsyncClient for {self.api.title!r} at {self._redactor.url(self.base_url)}>"
        )
