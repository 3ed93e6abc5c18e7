"""Models a user can read: class docstrings from the spec (lists kept as lists), each field
documented right under it, each class's wire-name bindings right after its body; and classes
that refer to each other in a cycle still import and round-trip."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from typing import Any

import pytest

from generator.plan.model_docs import tidy
from tests.functional.wire_support import generate

SPEC = """
openapi: 3.0.3
info: {title: docs, version: '1'}
paths:
  /nodes:
    post:
      operationId: addNode
      summary: Add a node to the tree.
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Node'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Node'}
  /plain:
    get:
      operationId: getPlain
      summary: Read the plain thing.
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Plain'}
components:
  schemas:
    Node:
      title: A tree node
      description: |
        One node of the tree.

        Kinds of nodes:

        - `leaf`: has no children

        - `branch`: has children, each a `Node`

        1. first numbered
        2. second numbered
      type: object
      required: [nodeId]
      properties:
        nodeId:
          description: The node's identifier.
          type: integer
          format: int64
          minimum: 1
        kind:
          description: What the node is.
          type: string
          enum: [leaf, branch]
          default: leaf
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        holder: {$ref: '#/components/schemas/Holder'}
        secret: {type: string, writeOnly: true}
    Holder:
      type: object
      properties:
        node: {$ref: '#/components/schemas/Node'}
    Plain:
      type: object
      properties:
        n: {type: integer}
"""


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("model_docs")
    spec = folder / "docs.yaml"
    spec.write_text(SPEC)
    return generate(spec, folder / "out", "model_docs_pkg")


def _source(pkg: Any) -> str:
    return Path(inspect.getfile(pkg)).parent.joinpath("models", "_tag_default.py").read_text()


def test_class_docstring_is_the_spec_description_with_its_lists(pkg: Any) -> None:
    doc = pkg.models.Node.__doc__
    assert doc.startswith("A tree node\n\n    One node of the tree.\n")
    assert "    - `leaf`: has no children\n    - `branch`: has children, each a `Node`\n" in doc
    assert "    1. first numbered\n    2. second numbered\n" in doc


def test_a_class_the_spec_does_not_describe_says_where_it_is_used(pkg: Any) -> None:
    plain = pkg.models.Plain.__doc__
    assert plain.startswith("The Plain object, used as the response of")
    assert "`client.default.get_plain()`: Read the plain thing." in " ".join(plain.split())
    assert pkg.models.Holder.__doc__.startswith("The Holder object, used as `Node.holder`")


def test_each_field_is_documented_right_under_it(pkg: Any) -> None:
    tree = ast.parse(_source(pkg))
    node = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Node")
    docs: dict[str, str] = {}
    body = node.body
    for statement, following in zip(body, body[1:], strict=False):
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            if isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant):
                docs[statement.target.id] = " ".join(str(following.value.value).split())
    assert docs["node_id"] == (
        "The node's identifier. Wire name `nodeId`. Format: `int64`. Bounds: at least 1."
    )
    assert docs["kind"] == ("What the node is. One of: `leaf`, `branch`. Server default: `leaf`.")
    assert docs["secret"] == "Write-only: sent in requests, UNSET in responses."
    assert "children" not in docs  # nothing in the spec to say: no invented text


def test_bindings_follow_their_class_and_a_cycle_still_loads(pkg: Any) -> None:
    tree = ast.parse(_source(pkg))
    order = []
    for statement in tree.body:
        if isinstance(statement, ast.ClassDef):
            order.append(statement.name)
        elif (
            isinstance(statement, ast.Expr)
            and isinstance(statement.value, ast.Call)
            and isinstance(statement.value.func, ast.Attribute)
            and statement.value.func.attr == "bind_fields"
        ):
            assert isinstance(statement.value.func.value, ast.Name)
            order.append(statement.value.func.value.id + ".bind_fields")
    # the enum a class decodes with comes first; a binding follows its class directly, except
    # in the Node <-> Holder cycle, where Holder's binding waits for Node to exist
    assert order.index("NodeKind") < order.index("Node")
    assert order[order.index("Node") + 1] == "Node.bind_fields"
    assert order.index("Holder") < order.index("Node") < order.index("Holder.bind_fields")
    assert order[order.index("Plain") + 1] == "Plain.bind_fields"
    data = {"nodeId": 1, "holder": {"node": {"nodeId": 2, "children": [{"nodeId": 3}]}}}
    node = pkg.models.Node.from_dict(data)
    assert isinstance(node.holder.node.children[0], pkg.models.Node)
    assert node.to_dict() == data


def test_tidy_joins_list_items_and_keeps_paragraphs() -> None:
    assert tidy("Settings.\n\n- `on`\n\n- `off`\n") == "Settings.\n\n- `on`\n- `off`"
    assert tidy("a\n\n1. x\n   more\n\n2. y\n\nAfter.") == "a\n\n1. x\n   more\n2. y\n\nAfter."
    assert tidy("One.\r\n\r\nTwo.  ") == "One.\n\nTwo."


def test_a_union_in_a_cycle_is_defined_after_its_classes(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """A = oneOf[A, B, list[A]] and B.next: A. The union codec runs at import, so class B must
    exist before `_U1`, and B's binding (which decodes with `_U1`) comes after both."""
    spec = Path(__file__).parent.parent / "data" / "unions" / "self-referencing.yaml"
    pkg = generate(spec, tmp_path_factory.mktemp("self_union") / "out", "self_union_pkg")
    source = Path(inspect.getfile(pkg)).parent.joinpath("models", "_tag_default.py").read_text()
    assert source.index("class B(Model)") < source.index("_U1 = codecs.union(")
    assert source.index("_U1 = codecs.union(") < source.index("B.bind_fields(")
    data = {"next": [{"next": {}}]}
    b = pkg.models.B.from_dict(data)  # the list branch: plain JSON (the union codec decides)
    assert b.next_ == [{"next": {}}]
    assert b.to_dict() == data
