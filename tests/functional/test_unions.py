"""Typed unions (issue 9, point 4): oneOf/anyOf decode to the right model in both clients, sync
and async, on a small spec with every union form (tests/data/unions/unions.yaml) and on the
Spotify (track/episode) and Kubernetes (IntOrString) specs of ../shared/corpus/real-world."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.dynamic.samples import sample
from generator.load import load_path
from generator.resolve import bundle
from tests.functional.wire_support import REPO, clients, generate, run

SPEC = REPO / "tests" / "data" / "unions" / "unions.yaml"
REAL = REPO.parent / "shared" / "corpus" / "real-world"
IDS = ["gen-sync", "gen-async", "dyn-sync", "dyn-async"]

ZOO = {
    "implicit": {"kind": "Dog", "barks": True},
    "shape": {"side": 2},
    "either": {"name": "n", "tag": "t"},
    "ambiguous": {"name": "n"},
    "idOrName": 3,
    "maybeShape": None,
    "shapes": [{"radius": 1}, {"side": 2}, {"colour": "red"}],
    "pets": [{"kind": "kitty", "meows": True}, {"kind": "doggo", "barks": False}],
    "shapeOrCount": 4,
}
EXPECTED_TYPES = {
    "implicit": "Dog",
    "shape": "Square",
    "either": "Named",  # anyOf: the first branch that accepts it
    "ambiguous": "dict",  # oneOf with two accepting branches: undecidable, kept as data
    "id_or_name": "int",
    "maybe_shape": "NoneType",
    "shape_or_count": "int",
}


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return generate(SPEC, tmp_path_factory.mktemp("unions") / "out", "wire_unions_pkg")


def _respond(body: Any) -> Any:
    return lambda request: httpx.Response(200, json=body)


@pytest.mark.parametrize("which", range(4), ids=IDS)
def test_every_union_form_decodes_to_its_branch(pkg: Any, which: int) -> None:
    client = clients(pkg, SPEC, _respond(ZOO))[which]
    zoo = run(client, "get_zoo")
    assert {k: type(getattr(zoo, k)).__name__ for k in EXPECTED_TYPES} == EXPECTED_TYPES
    assert [type(s).__name__ for s in zoo.shapes] == ["Circle", "Square", "dict"]
    assert [type(p).__name__ for p in zoo.pets] == ["Cat", "Dog"]  # mapped discriminator
    assert zoo.to_dict() == ZOO  # nothing lost, whichever branch was chosen


@pytest.mark.parametrize("which", range(4), ids=IDS)
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"kind": "kitty", "meows": True}, "Cat"),  # explicit mapping to a ref
        ({"kind": "doggo", "barks": True}, "Dog"),  # explicit mapping to a bare name
        ({"kind": "Cat", "meows": False}, "Cat"),  # implicit mapping: the component name
        ({"kind": "cow", "barks": True}, "Dog"),  # unknown tag: the unique accepting branch
        ({"kind": "cow"}, "dict"),  # undecidable: kept as data, never raised
    ],
)
def test_top_level_discriminated_response(pkg: Any, which: int, body: Any, expected: str) -> None:
    client = clients(pkg, SPEC, _respond(body))[which]
    pet = run(client, "get_pet", id_=1)
    assert type(pet).__name__ == expected
    assert (pet if isinstance(pet, dict) else pet.to_dict()) == body


def test_annotations_are_the_union_of_the_branches(pkg: Any) -> None:
    declared = pkg.models.Zoo.__annotations__
    assert declared["implicit"] == "Cat | Dog | Unset"
    assert declared["id_or_name"] == "int | str | Unset"
    assert declared["maybe_shape"] == "Circle | Square | None | Unset"
    assert declared["shapes"] == "list[Circle | Square] | Unset"
    assert declared["shape_or_count"] == "Circle | int | Unset"
    assert pkg.models.Pet == "Cat | Dog"
    getter = pkg.resources.DefaultResource.get_pet
    assert inspect.signature(getter).return_annotation == "models.Cat | models.Dog"
    assert inspect.signature(getter).parameters["id_"].annotation == "int | str"


def test_request_body_union_goes_out_as_json(pkg: Any) -> None:
    sent: list[bytes] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(request.content)
        return httpx.Response(200, json={"radius": 1.5})

    for index, client in enumerate(clients(pkg, SPEC, handle)):
        models = pkg.models if index < 2 else client.models  # the dynamic client's own classes
        result = run(client, "post_animal", body=models.Cat(kind="Cat", meows=True))
        assert type(result).__name__ == "Circle" and result.radius == 1.5
    assert len(set(sent)) == 1 and b'"meows":true' in sent[0].replace(b" ", b"")


# --- real-world specs ------------------------------------------------------------------------

SPOTIFY = REAL / "spotify" / "fixed-spotify-open-api.yml"
KUBERNETES = REAL / "kubernetes" / "v3_batch.v1.json"
needs_real = pytest.mark.skipif(not SPOTIFY.is_file(), reason=f"real-world corpus not at {REAL}")


def _components(spec: Any) -> dict[str, Any]:
    document = bundle(load_path(spec))
    return document


@needs_real
@pytest.mark.parametrize("which", range(4), ids=IDS)
def test_spotify_queue_decodes_tracks_and_episodes(
    tmp_path_factory: pytest.TempPathFactory, which: int
) -> None:
    document = _components(SPOTIFY)
    schemas = document["components"]["schemas"]
    track = sample(schemas["TrackObject"], document, direction="response")
    episode = sample(schemas["EpisodeObject"], document, direction="response")
    assert (track["type"], episode["type"]) == ("track", "episode")  # not the component names
    queue = {"currently_playing": episode, "queue": [track, episode, {"type": "ad"}]}
    pkg = _spotify(tmp_path_factory)
    client = clients(pkg, SPOTIFY, _respond(queue))[which]
    result = run(client, "get_queue")
    assert type(result.currently_playing).__name__ == "EpisodeObject"
    assert [type(x).__name__ for x in result.queue] == ["TrackObject", "EpisodeObject", "dict"]
    assert result.to_dict() == queue


_SPOTIFY_PKG: list[Any] = []


def _spotify(factory: pytest.TempPathFactory) -> Any:
    if not _SPOTIFY_PKG:
        _SPOTIFY_PKG.append(generate(SPOTIFY, factory.mktemp("spotify") / "out", "wire_spotify"))
    return _SPOTIFY_PKG[0]


@needs_real
def test_spotify_item_annotation_is_track_or_episode(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    declared = _spotify(tmp_path_factory).models.QueueObject.__annotations__
    assert declared["currently_playing"] == "TrackObject | EpisodeObject | Unset"
    assert declared["queue"] == "list[TrackObject | EpisodeObject] | Unset"


@needs_real
def test_kubernetes_int_or_string_is_typed_and_accepted_both_ways(tmp_path: Path) -> None:
    pkg = generate(KUBERNETES, tmp_path / "out", "wire_k8s")
    declared = pkg.models.IoK8sApiCoreV1HTTPGetAction.__annotations__
    assert declared["port"] == "int | str"
    for port in (8080, "http"):
        job = {
            "apiVersion": "batch/v1",
            "kind": "Job",
            "spec": {
                "template": {
                    "spec": {
                        "containers": [{"name": "c", "livenessProbe": {"httpGet": {"port": port}}}]
                    }
                }
            },
        }
        for client in clients(pkg, KUBERNETES, _respond(job), response_validation="strict"):
            result = run(client, "read_batch_v1_namespaced_job", name="j", namespace="n")
            probe = result.spec.template.spec.containers[0].liveness_probe
            assert probe.http_get.port == port
            assert result.to_dict() == job


def _shape(value: Any) -> Any:
    """Class names and wire data of a decoded value, comparable across the two clients."""
    if isinstance(value, list):
        return [_shape(v) for v in value]
    if hasattr(value, "to_dict"):
        fields = {f.name: _shape(getattr(value, f.name)) for f in value.__fields__}
        return [type(value).__name__, fields, value.to_dict()]
    return [type(value).__name__, value]


@pytest.mark.parametrize(
    ("operation", "arguments", "body"),
    [
        ("get_zoo", {}, ZOO),
        ("get_pet", {"id_": "x"}, {"kind": "doggo", "barks": True}),
        ("get_pet", {"id_": 3}, {"kind": "cow"}),
        ("post_animal", {"body": {"kind": "Dog", "barks": True}}, {"side": 1}),
    ],
)
def test_parity_generated_and_dynamic(pkg: Any, operation: str, arguments: Any, body: Any) -> None:
    """Both clients, sync and async: the same request bytes and the same decoded classes."""
    sent: list[tuple[str, str, bytes]] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append((request.method, str(request.url), request.content))
        return httpx.Response(200, json=body)

    results = [_shape(run(client, operation, **arguments)) for client in clients(pkg, SPEC, handle)]
    assert results[1:] == results[:1] * 3
    assert sent[1:] == sent[:1] * 3
