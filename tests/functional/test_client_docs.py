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
