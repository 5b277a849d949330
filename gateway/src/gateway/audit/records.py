"""What an audit event was about, read from its request: which record, and what was done to it.

A write request's path names its record (`/api/v1/projects/{id}/approval` → project `{id}`,
action `project.approval`); a creation names it only in its 201 response. The record's id is
stored with the event (indexed, for the record filter); the action and the record type are
derived again on reading, so a rule added here applies to old rows too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

API_PREFIX = "/api/v1/"
WRITE_REQUEST = "request.write"

# Path prefix (segments after /api/v1/) → record type. Longest prefixes are tried first.
RECORD_TYPES: dict[tuple[str, ...], str] = {
    ("users",): "user",
    ("integration-clients",): "integration_client",
    ("enterprises",): "enterprise",
    ("craft-villages",): "craft_village",
    ("typical-products",): "typical_product",
    ("projects",): "project",
    ("plans",): "plan",
    ("documents",): "document",
    ("budget", "programs"): "program",
    ("budget", "years"): "budget_year",
    ("budget", "commitments"): "commitment",
    ("budget", "disbursements"): "disbursement",
    ("reports", "issued"): "report",
}
RECORD_TYPE_PATHS: dict[str, str] = {
    kind: API_PREFIX + "/".join(prefix) for prefix, kind in RECORD_TYPES.items()
}
_PREFIXES = sorted(RECORD_TYPES, key=len, reverse=True)
_UUID = re.compile(
    r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"
)
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Described:
    action: str
    record_type: str | None = None
    record_id: str | None = None


def _is_id(segment: str, record_type: str) -> bool:
    return bool(_UUID.match(segment) or (record_type == "budget_year" and _YEAR.match(segment)))


def _word(segment: str) -> str:
    return segment.replace("-", "_").lower()


def describe(
    kind: str, method: str | None, path: str | None, created_id: str | None = None
) -> Described:
    """`("request.write", "POST", "/api/v1/projects/{id}/approval")` → project.approval on
    project {id}; an authentication event's action is its kind (`auth.login_failed`)."""
    if kind != WRITE_REQUEST or not path or not path.startswith(API_PREFIX):
        return Described(action=kind)
    segments = [s for s in path[len(API_PREFIX) :].split("/") if s]
    for prefix in _PREFIXES:
        if tuple(segments[: len(prefix)]) == prefix:
            record_type, rest = RECORD_TYPES[prefix], segments[len(prefix) :]
            break
    else:
        return Described(action=kind)
    verb = (method or "").upper()
    if not rest:  # the collection itself: a creation names its record in the response
        return Described(f"{record_type}.create", record_type, created_id)
    if not _is_id(rest[0], record_type):  # /enterprises/import, /budget/commitments/batch
        return Described(f"{record_type}.{_word(rest[0])}", record_type, created_id)
    record_id, words = rest[0], [_word(s) for s in rest[1:] if not _is_id(s, record_type)]
    if verb == "DELETE":
        words.append("delete")
    elif not words:
        words.append("update")
    return Described(f"{record_type}.{'.'.join(words)}", record_type, record_id)
