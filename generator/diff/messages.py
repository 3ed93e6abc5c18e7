"""Human sentences for schema findings.

Kept apart from the walkers so wording can change without touching the comparison logic, and so
every kind has exactly one sentence (a test checks that each kind renders).
"""

from __future__ import annotations

from generator.diff.schema_diff import Finding, render_value

_TEMPLATES: dict[str, str] = {
    "type-changed": "type of {subject} changed from {old} to {new}",
    "type-generalized": "type of {subject} widened from {old} to {new}",
    "type-specialized": "type of {subject} narrowed from {old} to {new}",
    "format-changed": "format of {subject} changed from {old} to {new}",
    "became-nullable": "{subject} became nullable",
    "became-not-nullable": "{subject} is no longer nullable",
    "enum-value-added": "enum value {new} added to {subject}",
    "enum-value-removed": "enum value {old} removed from {subject}",
    "became-enum": "{subject} became an enum of {new}",
    "enum-removed": "{subject} is no longer restricted to the enum {old}",
    "pattern-added": "pattern {new} added to {subject}",
    "pattern-removed": "pattern {old} removed from {subject}",
    "pattern-changed": "pattern of {subject} changed from {old} to {new}",
    "default-value-added": "default {new} added to {subject}",
    "default-value-removed": "default {old} removed from {subject}",
    "default-value-changed": "default of {subject} changed from {old} to {new}",
    "unique-items-set": "{subject} now requires unique items",
    "unique-items-unset": "{subject} no longer requires unique items",
    "added": "{subject} added",
    "required-added": "required {subject} added",
    "removed": "{subject} removed",
    "required-removed": "required {subject} removed",
    "optional-removed": "optional {subject} removed",
    "became-required": "{subject} became required",
    "became-optional": "{subject} became optional",
    "deprecated": "{subject} deprecated",
    "became-read-only": "{subject} became readOnly: requests no longer carry it",
    "became-write-only": "{subject} became writeOnly: responses no longer carry it",
    "additional-properties-restricted": "{subject} now restricts additional properties",
    "additional-properties-allowed": "{subject} now accepts additional properties",
    "all-of-added": "{new} added to the allOf list of {subject}",
    "all-of-removed": "{old} removed from the allOf list of {subject}",
    "one-of-added": "{new} added to the oneOf list of {subject}",
    "one-of-removed": "{old} removed from the oneOf list of {subject}",
    "any-of-added": "{new} added to the anyOf list of {subject}",
    "any-of-removed": "{old} removed from the anyOf list of {subject}",
    "discriminator-added": "discriminator {new} added to {subject}",
    "discriminator-removed": "discriminator {old} removed from {subject}",
    "discriminator-property-name-changed": "discriminator of {subject} changed from {old} to {new}",
    "discriminator-mapping-added": "discriminator mapping {new} added to {subject}",
    "discriminator-mapping-deleted": "discriminator mapping {old} deleted from {subject}",
    "discriminator-mapping-changed": (
        "discriminator mapping of {subject} changed from {old} to {new}"
    ),
    "ref-changed": "reference of {subject} changed from {old} to {new}",
}

_BOUND_TEMPLATES = {
    "increased": "{kw} of {subject} increased from {old} to {new}",
    "decreased": "{kw} of {subject} decreased from {old} to {new}",
    "set": "{kw} {new} set on {subject}",
    "unset": "{kw} {old} removed from {subject}",
}


def property_path(finding: Finding) -> str:
    return "/".join(finding.path)


def describe(finding: Finding) -> str:
    path = property_path(finding)
    subject = f"property `{path}`" if path else "the schema"
    old, new = render_value(finding.old), render_value(finding.new)
    template = _TEMPLATES.get(finding.kind)
    if template is not None:
        return template.format(subject=subject, old=old, new=new)
    stem, _, action = finding.kind.rpartition("-")
    if action in _BOUND_TEMPLATES:
        return _BOUND_TEMPLATES[action].format(kw=stem, subject=subject, old=old, new=new)
    return f"{finding.kind} on {subject}"
