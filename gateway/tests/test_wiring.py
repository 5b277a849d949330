"""How the gateway is put together: names a newcomer reads (docs/architecture.md §Gateway)."""

import ast
import inspect
import subprocess
import sys

from fastapi import FastAPI


def test_settings_do_not_import_the_keys() -> None:
    """settings.py ↔ keys.py was an import circle (settings imported keys inside its methods,
    keys imported settings for types); keys depend on settings, never the reverse."""
    import gateway.settings

    tree = ast.parse(inspect.getsource(gateway.settings))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not {m for m in imported if m and m.startswith("gateway")}
    code = "import sys, gateway.keys; print('gateway.settings' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


async def test_app_state_names_what_it_holds(app: FastAPI) -> None:
    state = app.state
    assert set(state.upstreams_by_name) == {"registry", "projects", "budget", "reports"}
    assert state.proxy.client is state.proxy_http
    # The gateway verifies with its own key ring: kc_common's JWKS client is not created.
    assert not hasattr(state, "http")
    assert not hasattr(state, "upstream")
    assert state.token_verifier is not None
