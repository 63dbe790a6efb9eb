"""The response schema sent to the model, derived from afterclass's own Pydantic models.

OpenAI's strict structured outputs accept a subset of JSON Schema: every object closed
(``additionalProperties: false``) with every property required (an optional field is a required
nullable one), no ``default``, and no string-length keywords. Some OpenAI-compatible servers are
stricter still about numeric and array bounds. So the schema we send is the models' JSON schema
with those keywords (and titles and descriptions) removed. The answer is then validated against
the real models, with every bound, and re-asked once if it fails.

The schema is sent with every request and billed as input, so it is also made small without
changing what it accepts: a definition used once is written in place (a ``$ref`` and its
``$defs`` entry cost more than the definition itself), a nullable type is ``[T, "null"]`` rather
than ``anyOf``, and ``type`` leads each node (the cheapest key order in o200k tokens). The same
object is counted and sent, as compact JSON.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from pydantic import BaseModel

#: Keywords removed from the schema we send. Pydantic still enforces every bound on the answer;
#: what the model needs to know about them (scores 0..1, concept id form, turn numbers from 1)
#: is said once in the rules prompt, which is cheaper than repeating it on every field.
DROPPED = frozenset(
    {
        "default",
        "title",
        "description",
        "minLength",
        "maxLength",
        "pattern",
        "minItems",
        "maxItems",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
    }
)
_DEFS = "#/$defs/"
#: Key order of every node: ``type`` first, then the rest as Pydantic wrote them.
_LEADING = ("type",)


def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """``model``'s JSON schema in the strict structured-output subset, in its smallest form."""
    schema = _strict(copy.deepcopy(model.model_json_schema()))
    return dict(_ordered(_inline_single_use(schema)))


def _strict(node: Any) -> Any:
    if isinstance(node, list):
        return [_strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    result: dict[str, Any] = {}
    for key, value in node.items():
        if key in {"properties", "$defs"}:
            result[key] = {name: _strict(child) for name, child in value.items()}
        elif key not in DROPPED:
            result[key] = _strict(value)
    result = _nullable_as_type_list(result)
    if result.get("type") == "object" and "properties" in result:
        result["additionalProperties"] = False
        result["required"] = list(result["properties"])
    return result


def _nullable_as_type_list(node: dict[str, Any]) -> dict[str, Any]:
    """``anyOf: [{type: T}, {type: null}]`` -> ``type: [T, "null"]``: the same, in fewer tokens."""
    variants = node.get("anyOf")
    if not isinstance(variants, list) or len(variants) != 2 or {"type": "null"} not in variants:
        return node
    other = next(v for v in variants if v != {"type": "null"})
    if set(other) != {"type"} or not isinstance(other["type"], str):
        return node
    rest = {k: v for k, v in node.items() if k != "anyOf"}
    return {**rest, "type": [other["type"], "null"]}


def _inline_single_use(schema: dict[str, Any]) -> dict[str, Any]:
    """Each ``$defs`` entry referenced once written in place; the shared ones kept."""
    defs: dict[str, Any] = schema.pop("$defs", {})
    uses = {name: json.dumps([schema, defs]).count(f'"{_DEFS}{name}"') for name in defs}
    kept = {name for name, count in uses.items() if count > 1}

    def inline(node: Any) -> Any:
        if isinstance(node, list):
            return [inline(item) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_DEFS) and ref[len(_DEFS) :] not in kept:
            return inline(defs[ref[len(_DEFS) :]])
        return {key: inline(value) for key, value in node.items()}

    body = inline(schema)
    if kept:
        body = {"$defs": {name: inline(defs[name]) for name in sorted(kept)}, **body}
    return dict(body)


def _ordered(node: Any) -> Any:
    if isinstance(node, list):
        return [_ordered(item) for item in node]
    if not isinstance(node, dict):
        return node
    keys = [k for k in _LEADING if k in node] + [k for k in node if k not in _LEADING]
    result: dict[str, Any] = {}
    for key in keys:
        value = node[key]
        if key in {"properties", "$defs"}:
            result[key] = {name: _ordered(child) for name, child in value.items()}
        else:
            result[key] = _ordered(value)
    return result


def response_format(model: type[BaseModel], *, name: str) -> dict[str, Any]:
    """The ``response_format`` for strict structured output with ``model``'s schema."""
    return {
        "type": "json_schema",
        "json_schema": {"name": name, "strict": True, "schema": strict_schema(model)},
    }


def json_mode_instructions(model: type[BaseModel]) -> str:
    """For servers without json_schema support: the schema in the instructions, JSON mode on."""
    schema = json.dumps(strict_schema(model), separators=(",", ":"), ensure_ascii=False)
    return (
        "Answer with one JSON object only, no prose around it, matching this JSON Schema "
        f"(every property present; null where the schema allows it):\n{schema}"
    )
