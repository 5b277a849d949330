"""Write (or check) the merged OpenAPI document, built in-process from every app.

    python -m gateway.openapi_export gateway/openapi.json          # write
    python -m gateway.openapi_export --check gateway/openapi.json  # exit 1 if stale

A service whose package has no `create_app` yet is skipped with a warning.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import json
import logging
import sys
from pathlib import Path
from typing import Any

from gateway.openapi.merge import SERVICE_ORDER, merge

APPS = {
    "registry": "registry.app",
    "projects": "projects.app",
    "budget": "budget.app",
    "reports": "reports.app",
}


def service_documents() -> dict[str, dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {}
    for name in SERVICE_ORDER:
        try:
            module = importlib.import_module(APPS[name])
        except Exception as exc:  # a service still being written must not block the others
            print(f"warning: {name} skipped ({type(exc).__name__}: {exc})", file=sys.stderr)
            continue
        factory = getattr(module, "create_app", None)
        if factory is None:
            print(f"warning: {name} skipped ({APPS[name]} has no create_app)", file=sys.stderr)
            continue
        docs[name] = factory().openapi()
    return docs


def build() -> dict[str, Any]:
    from gateway.app import create_app
    from gateway.settings import GatewaySettings

    gateway = create_app(GatewaySettings(environment="development", log_json=False))
    return merge(gateway.openapi(), service_documents())


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--check", action="store_true", help="fail if the file is stale")
    args = parser.parse_args(argv)
    text = render(build())
    logging.disable(logging.CRITICAL)
    if args.check:
        current = args.path.read_text() if args.path.exists() else ""
        if current == text:
            print(f"{args.path} is up to date")
            return 0
        diff = difflib.unified_diff(
            current.splitlines(), text.splitlines(), "committed", "generated", lineterm="", n=1
        )
        print("\n".join(list(diff)[:60]), file=sys.stderr)
        print(f"{args.path} is stale: run `make openapi`", file=sys.stderr)
        return 1
    args.path.write_text(text)
    doc = json.loads(text)
    count = sum(len(v) for v in doc["paths"].values())
    print(f"wrote {args.path}: {len(doc['paths'])} paths, {count} operations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
