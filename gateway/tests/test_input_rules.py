"""kc_common's text rule on the gateway's own JSON bodies (users, clients, auth)."""

import pytest
from conftest import create_user

PASSWORD = "dai-va-kho-doan-9x7-Q"


@pytest.mark.parametrize("full_name", ["Minh\u200bLong", "Minh\u202eLong", "Minh\x01", "A\nB"])
async def test_user_full_name_with_hidden_characters_is_422(client, user_token, full_name):
    admin = await user_token("admin", "root")
    body = {"username": "minhlong", "full_name": full_name, "role": "viewer", "password": PASSWORD}
    r = await client.post("/api/v1/users", headers=admin, json=body)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "full_name"


async def test_patches_clients_and_refresh_tokens_follow_the_rule(app, client, user_token):
    admin = await user_token("admin", "root")
    user = await create_user(app, "lan", "viewer")
    r = await client.patch(f"/api/v1/users/{user.id}", headers=admin, json={"full_name": "Lan\x1f"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "full_name"
    body = {"client_id": "erp-tinh", "name": "ERP \u2066tỉnh", "scopes": ["registry:read"]}
    r = await client.post("/api/v1/integration-clients", headers=admin, json=body)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "name"
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": "abc\ufeff"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "refresh_token"


async def test_user_search_with_such_characters_is_never_a_500(client, user_token):
    admin = await user_token("admin", "root")
    for q in ("\x01", "a\u202eb", "\u200b", "\x7f\x85", "%_\\"):
        r = await client.get("/api/v1/users", headers=admin, params={"q": q})
        assert r.status_code in (200, 422), (repr(q), r.text)
