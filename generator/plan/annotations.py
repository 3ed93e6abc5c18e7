"""Plan helpers that read annotation text: which names an annotation mentions."""

from __future__ import annotations


def mentions_any(annotation: str) -> bool:
    return mentions(annotation, "Any")


def mentions(annotation: str, name: str) -> bool:
    return any(
        word == name
        for word in annotation.replace("[", " ")
        .replace("]", " ")
        .replace(",", " ")
        .replace("|", " ")
        .split()
    )
