"""One OpenAPI document from the gateway's and the services' documents.

Every public operation appears once (a path+method defined twice is an error), operationIds are
unique (the services already prefix theirs with the service name), and the services' component
schemas are prefixed with the service name (`Registry…`, `Budget…`, `Projects…`) and their
`$ref`s rewritten, except schemas identical to the gateway's own of the same name (the shared
problem+json shapes), which are kept once. Only paths the gateway actually routes to a service
are published.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from gateway.proxy.upstreams import service_for_path

log = logging.getLogger("gateway.openapi")

SERVICE_ORDER = ("registry", "projects", "budget", "reports")
PREFIX = {"registry": "Registry", "projects": "Projects", "budget": "Budget", "reports": "Reports"}
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
REF = "#/components/schemas/"
BEARER = {
    "type": "http",
    "scheme": "bearer",
    "bearerFormat": "JWT",
    "description": "Access token from POST /api/v1/auth/token",
}
DESCRIPTION = (
    "The public API of the khuyến công program management system, served by the gateway. "
    "Authenticate with `POST /api/v1/auth/token` (OAuth2 password or client-credentials grant) "
    "and send `Authorization: Bearer <access_token>`. Errors are RFC 9457 problem+json with a "
    "stable `code`."
)


class MergeError(ValueError):
    pass


def _rewrite_refs(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(REF):
                name = value[len(REF) :]
                out[key] = REF + renames.get(name, name)
            else:
                out[key] = _rewrite_refs(value, renames)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(v, renames) for v in node]
    return node


def merge(gateway_doc: dict[str, Any], services: dict[str, dict[str, Any]]) -> dict[str, Any]:
    doc = copy.deepcopy(gateway_doc)
    doc["info"] = {
        "title": "Khuyến công API",
        "version": gateway_doc.get("info", {}).get("version", "1.0.0"),
        "description": DESCRIPTION,
    }
    components = doc.setdefault("components", {})
    schemas: dict[str, Any] = components.setdefault("schemas", {})
    paths: dict[str, Any] = doc.setdefault("paths", {})
    operation_ids = {
        op["operationId"]: (path, method)
        for path, item in paths.items()
        for method, op in item.items()
        if method in METHODS and "operationId" in op
    }
    tags = {t["name"]: t for t in doc.get("tags", [])}

    for name in SERVICE_ORDER:
        service_doc = services.get(name)
        if service_doc is None:
            continue
        own = service_doc.get("components", {}).get("schemas", {})
        renames: dict[str, str] = {}
        for schema_name, schema in own.items():
            if schemas.get(schema_name) == schema and schema_name not in renames.values():
                continue  # identical shared shape (Problem, FieldError, ...): keep one
            target = PREFIX[name] + schema_name
            if target in schemas:
                target = f"{PREFIX[name]}_{schema_name}"
            renames[schema_name] = target
        for schema_name, schema in own.items():
            target = renames.get(schema_name)
            if target is None:
                continue
            if target in schemas:
                raise MergeError(f"component {target} defined twice")
            schemas[target] = _rewrite_refs(schema, renames)
        for path, item in service_doc.get("paths", {}).items():
            if service_for_path(path) != name:
                log.warning("%s publishes %s, which the gateway does not route to it", name, path)
                continue
            target_item = paths.setdefault(path, {})
            for method, op in item.items():
                if method not in METHODS:
                    target_item.setdefault(method, _rewrite_refs(op, renames))
                    continue
                if method in target_item:
                    raise MergeError(f"{method.upper()} {path} is defined twice")
                op = _rewrite_refs(op, renames)
                op_id = op.get("operationId") or f"{name}-{method}-{path}"
                if op_id in operation_ids:
                    raise MergeError(f"operationId {op_id} is used twice")
                op["operationId"] = op_id
                operation_ids[op_id] = (path, method)
                target_item[method] = op
        for tag in service_doc.get("tags", []):
            tags.setdefault(tag["name"], tag)

    components["schemas"] = dict(sorted(schemas.items()))
    schemes = components.setdefault("securitySchemes", {})
    for service_doc in services.values():
        for scheme_name, scheme in (
            service_doc.get("components", {}).get("securitySchemes", {}).items()
        ):
            if scheme.get("type") == "http" and scheme.get("scheme", "").lower() == "bearer":
                schemes.setdefault(scheme_name, BEARER)
            else:
                schemes.setdefault(scheme_name, scheme)
    schemes["HTTPBearer"] = BEARER
    if tags:
        doc["tags"] = sorted(tags.values(), key=lambda t: t["name"])
    return doc
