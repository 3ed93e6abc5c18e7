"""The replayed bug reports of ../shared/cases/wire/ (issue 9): exact bytes on the wire.

Each case is generated into a package with the real pipeline and loaded by the dynamic client;
every test drives the four variants (generated/dynamic x sync/async) and asserts the method, the
URL with its exact query string, the headers and the body; multipart bodies are parsed back
with the standard `email` parser into parts (name, filename, content type, content).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from tests.conftest import SHARED
from tests.functional.wire_clients import BASE_URL, Part, WireApi, parse_multipart, raw_query

CASES = SHARED / "cases" / "wire"
MINE = (
    "query-array-form-no-explode",
    "form-urlencoded-arrays",
    "multipart-file-array",
    "multipart-whole-binary",
)

if not CASES.is_dir():
    pytest.skip(f"wire cases not found at {CASES}", allow_module_level=True)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
"""Binary content with CR LF and NUL bytes, which a text round trip would damage."""


@pytest.fixture(scope="module")
def apis(tmp_path_factory: pytest.TempPathFactory) -> dict[str, WireApi]:
    folder = tmp_path_factory.mktemp("wire-cases")
    return {case: WireApi.generate(CASES / f"{case}.yaml", folder) for case in MINE}


def _no_body_headers(request: Any) -> None:
    assert "content-type" not in request.headers
    assert request.content == b""


# --- query-array-form-no-explode ------------------------------------------------------------


def test_query_array_form_no_explode_keeps_the_delimiting_comma(apis: dict[str, WireApi]) -> None:
    api = apis["query-array-form-no-explode"]
    for variant, sent in api.call_all(
        "default",
        "list_widgets",
        {"colours": ["red", "sky blue"], "sizes": [1, 2]},
        lambda r: httpx.Response(200, json=["w"]),
    ):
        request = sent.request
        assert request.method == "GET", variant
        assert str(request.url).split("?")[0] == BASE_URL + "/widgets"
        assert raw_query(request) == "colours=red,sky%20blue&sizes=1&sizes=2", variant
        _no_body_headers(request)
        assert sent.result == ["w"]


def test_query_one_element_list_with_a_comma_differs_from_two_elements(
    apis: dict[str, WireApi],
) -> None:
    api = apis["query-array-form-no-explode"]
    queries = set()
    for colours in (["red,sky blue"], ["red", "sky blue"]):
        for variant, sent in api.call_all(
            "default",
            "list_widgets",
            {"colours": colours},
            lambda r: httpx.Response(200, json=[]),
        ):
            query = raw_query(sent.request)
            queries.add(query)
            # an independent reader splits on the literal commas only
            value = dict(parse_qsl(query.replace(",", "%1F")))["colours"]
            assert value.split("\x1f") == colours, variant
    assert queries == {"colours=red%2Csky%20blue", "colours=red,sky%20blue"}


# --- form-urlencoded-arrays -----------------------------------------------------------------


def test_form_body_repeats_array_fields(apis: dict[str, WireApi]) -> None:
    api = apis["form-urlencoded-arrays"]

    def args(models: Any) -> dict[str, Any]:
        return {
            "body": {"term": "tea pot", "shades": ["red", "blue"], "pages": [1, 2], "active": True}
        }

    for variant, sent in api.call_all("default", "submit_search", args):
        request = sent.request
        assert request.method == "POST"
        assert str(request.url) == BASE_URL + "/search", variant
        assert request.headers["content-type"] == "application/x-www-form-urlencoded"
        assert (
            request.content == b"term=tea%20pot&shades=red&shades=blue&pages=1&pages=2&active=true"
        )
        assert request.headers["content-length"] == str(len(request.content))
        assert parse_qsl(request.content.decode("ascii")) == [
            ("term", "tea pot"),
            ("shades", "red"),
            ("shades", "blue"),
            ("pages", "1"),
            ("pages", "2"),
            ("active", "true"),
        ]


def test_form_body_from_a_model_is_the_same(apis: dict[str, WireApi]) -> None:
    api = apis["form-urlencoded-arrays"]

    def args(models: Any) -> dict[str, Any]:
        body = models.SubmitSearchBody(
            term="tea pot", shades=["red", "blue"], pages=[1, 2], active=True
        )
        return {"body": body}

    for variant, sent in api.call_all("default", "submit_search", args):
        assert sent.request.content == (
            b"term=tea%20pot&shades=red&shades=blue&pages=1&pages=2&active=true"
        ), variant


# --- multipart-file-array -------------------------------------------------------------------


def test_multipart_file_array_sends_one_part_per_file(apis: dict[str, WireApi]) -> None:
    api = apis["multipart-file-array"]

    def args(models: Any) -> dict[str, Any]:
        photo = io.BytesIO(b"second file")
        photo.name = "/tmp/holiday/beach.jpg"
        return {
            "album_id": "summer 2024",
            "body": models.UploadPhotosBody(
                photos=[PNG, photo, ("third.png", b"third", "image/png")],
                caption="At the beach",
                tags=["sea", "sand"],
                meta=models.UploadPhotosBodyMeta(rating=5),
            ),
        }

    expected = [
        Part("photos", "photos", "application/octet-stream", PNG),
        Part("photos", "beach.jpg", "application/octet-stream", b"second file"),
        Part("photos", "third.png", "image/png", b"third"),
        Part("caption", None, "", b"At the beach"),
        Part("tags", None, "", b"sea"),
        Part("tags", None, "", b"sand"),
        Part("meta", None, "application/json", b'{"rating":5}'),
    ]
    bodies = set()
    for variant, sent in api.call_all(
        "default", "upload_photos", args, lambda r: httpx.Response(201)
    ):
        request = sent.request
        assert request.method == "POST"
        assert str(request.url) == BASE_URL + "/albums/summer%202024/photos", variant
        media, _, boundary = request.headers["content-type"].partition("; boundary=")
        assert media == "multipart/form-data" and boundary
        assert request.content.startswith(b"--" + boundary.encode() + b"\r\n")
        assert request.content.endswith(b"--" + boundary.encode() + b"--\r\n")
        assert request.headers["content-length"] == str(len(request.content))
        assert parse_multipart(request) == expected, variant
        assert json.loads(expected[-1].content) == {"rating": 5}
        bodies.add(request.content)
    assert (
        len(bodies) == 1
    )  # the boundary is derived from the content: all four send the same bytes


def test_multipart_single_file_from_a_plain_mapping(apis: dict[str, WireApi]) -> None:
    api = apis["multipart-file-array"]
    for variant, sent in api.call_all(
        "default",
        "set_avatar",
        lambda models: {"body": {"image": ("me.png", io.BytesIO(PNG)), "note": "new"}},
    ):
        request = sent.request
        assert request.method == "PUT" and str(request.url) == BASE_URL + "/avatar", variant
        assert parse_multipart(request) == [
            Part("image", "me.png", "application/octet-stream", PNG),
            Part("note", None, "", b"new"),
        ]


def test_multipart_file_fields_are_typed_as_files(apis: dict[str, WireApi]) -> None:
    models = apis["multipart-file-array"].package.models
    hints = models.UploadPhotosBody.__init__.__annotations__
    assert hints["photos"] == "list[FileInput]"
    assert models.SetAvatarBody.__init__.__annotations__["image"] == "FileInput"


def test_multipart_refuses_a_missing_required_file(apis: dict[str, WireApi]) -> None:
    api = apis["multipart-file-array"]
    for variant, sent in api.call_all("default", "set_avatar", {"body": {"note": "x"}}):
        assert type(sent.error).__name__ == "RequestValidationError", variant
        assert "image" in str(sent.error)
        assert sent.requests == []


# --- multipart-whole-binary -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "filename", "content_type"),
    [
        (PNG, "file", "application/octet-stream"),
        (("scan.pdf", b"%PDF-1.7", "application/pdf"), "scan.pdf", "application/pdf"),
    ],
    ids=["bytes", "tuple"],
)
def test_multipart_whole_binary_body_is_one_file_part(
    apis: dict[str, WireApi], value: Any, filename: str, content_type: str
) -> None:
    api = apis["multipart-whole-binary"]
    content = value if isinstance(value, bytes) else value[1]
    for variant, sent in api.call_all("default", "upload", {"body": value}):
        request = sent.request
        assert request.method == "POST" and str(request.url) == BASE_URL + "/upload", variant
        assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
        assert parse_multipart(request) == [Part("file", filename, content_type, content)]
        assert sent.result is None


def test_multipart_whole_binary_from_a_file_object(apis: dict[str, WireApi]) -> None:
    api = apis["multipart-whole-binary"]

    def args(models: Any) -> dict[str, Any]:
        return {"body": io.BytesIO(PNG)}

    for variant, sent in api.call_all("default", "upload", args):
        assert parse_multipart(sent.request) == [
            Part("file", "file", "application/octet-stream", PNG)
        ], variant


# --- generated code quality -----------------------------------------------------------------


@pytest.mark.slow  # runs mypy --strict
@pytest.mark.parametrize("case", MINE)
def test_generated_package_is_mypy_strict_and_ruff_clean(case: str, tmp_path: Path) -> None:
    package = case.replace("-", "_")
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            str(CASES / f"{case}.yaml"),
            "-o",
            str(out),
            "--package",
            package,
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    for command in (
        ["ruff", "check", "--no-cache", "."],
        ["ruff", "format", "--check", "--no-cache", "--line-length", "100", "."],
        ["mypy", "--strict", "--cache-dir", str(tmp_path / "mc"), package],
    ):
        checked = subprocess.run(
            [sys.executable, "-m", *command], cwd=out, capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
