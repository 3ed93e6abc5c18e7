"""The generated client documents every `__init__` argument, in signature order (the text is
decided by `generator.plan.client.client_context`)."""

from __future__ import annotations

import inspect
import re

import pytest
import soracam


@pytest.mark.parametrize("is_async", [False, True])
def test_the_client_documents_every_init_argument_in_signature_order(is_async: bool) -> None:
    cls = soracam.AsyncClient if is_async else soracam.Client
    params = [p for p in inspect.signature(cls.__init__).parameters if p != "self"]
    doc = inspect.getdoc(cls.__init__) or ""
    documented = re.findall(r"^    (\w+): ", doc.split("Args:", 1)[1], re.MULTILINE)
    assert documented == params


def _section(doc: str, title: str) -> dict[str, str]:
    body = doc.split(f"\n{title}:\n", 1)[1].split("\n\n", 1)[0]
    return dict(re.findall(r"^    (\S[^:]*): (.*)$", body, re.MULTILINE))


def test_every_method_says_what_it_returns_and_raises() -> None:
    """Returns names the method's return annotation; Raises names the error class of each
    documented error status (as `errors.status_error` maps it) and what every call may raise."""
    from soracam._runtime import errors

    client = soracam.Client(base_url="http://localhost")
    checked = 0
    for attribute in ("sora_cam", "gadget"):
        resource = getattr(client, attribute)
        for name, method in inspect.getmembers(resource, inspect.ismethod):
            doc = inspect.getdoc(method) or ""
            if name.startswith("_") or "(operationId" not in doc:
                continue
            returns = inspect.signature(method).return_annotation
            [(annotation, _)] = _section(doc, "Returns").items()
            assert annotation == returns.replace("soracam.", ""), name
            raised = _section(doc, "Raises")
            for cls in raised:
                assert issubclass(getattr(errors, cls), errors.ApiError), (name, cls)
            assert {"ApiStatusError", "ApiError"} <= set(raised)
            checked += 1
    assert checked >= 40
    doc = inspect.getdoc(client.sora_cam.get_sora_cam_device) or ""
    assert _section(doc, "Raises")["NotFoundError"] == "The server answered 404."
