"""A small spec exercising what SoraCam does not: named examples, several media types, a
bearer scheme, a cookie and a header parameter, a form body, response headers."""

from __future__ import annotations

from typing import Any

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Pets", "version": "1"},
    "servers": [{"url": "https://pets.example.com/api"}],
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Pet": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "integer", "minimum": 1},
                    "name": {"type": "string", "minLength": 1},
                    "tag": {"type": "string", "enum": ["cat", "dog"]},
                },
            }
        },
    },
    "paths": {
        "/pets": {
            "get": {
                "operationId": "listPets",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 50}},
                    {
                        "name": "tags",
                        "in": "query",
                        "schema": {"type": "array", "items": {"type": "string"}},
                    },
                    {"name": "X-Trace", "in": "header", "schema": {"type": "integer"}},
                    {
                        "name": "session",
                        "in": "cookie",
                        "schema": {"type": "string", "maxLength": 5},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "pets",
                        "headers": {
                            "X-Total": {
                                "required": True,
                                "schema": {"type": "integer", "minimum": 0},
                            }
                        },
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/Pet"},
                                },
                                "examples": {
                                    "two": {
                                        "value": [
                                            {"id": 1, "name": "Tom"},
                                            {"id": 2, "name": "Rex"},
                                        ]
                                    },
                                    "none": {"value": []},
                                },
                            },
                            "text/csv": {"schema": {"type": "string"}},
                        },
                    },
                    "default": {"description": "error"},
                },
            },
            "post": {
                "operationId": "createPet",
                "security": [{"bearer": []}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}},
                        "application/x-www-form-urlencoded": {
                            "schema": {"$ref": "#/components/schemas/Pet"}
                        },
                    },
                },
                "responses": {
                    "201": {
                        "description": "created",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                        },
                    },
                    "409": {"description": "exists"},
                },
            },
        },
        "/pets/{petId}": {
            "parameters": [
                {"name": "petId", "in": "path", "required": True, "schema": {"type": "integer"}}
            ],
            "get": {
                "operationId": "getPet",
                "responses": {
                    "200": {
                        "description": "a pet",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                        },
                    },
                    "404": {"description": "missing"},
                },
            },
            "delete": {"operationId": "deletePet", "responses": {"204": {"description": "gone"}}},
        },
    },
}
