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


@pytest.mark.parametrize(
    ("form", "field", "code"),
    [
        ({"username": "\x00=1+1", "password": "x"}, "username", "text.nul"),
        ({"username": "lan\x1b", "password": "x"}, "username", "text.control"),
        ({"username": "lan", "password": "a\x00b"}, "password", "text.nul"),
        (
            {"grant_type": "client_credentials", "client_id": "erp\u202e", "client_secret": "s"},
            "client_id",
            "text.bidi",
        ),
        ({"grant_type": "refresh_token", "refresh_token": "\x00"}, "refresh_token", "text.nul"),
    ],
)
async def test_the_token_form_follows_the_rule_before_any_lookup(app, client, form, field, code):
    """A NUL in a form field reached the database's lookups (a 500 on PostgreSQL) and the audit
    log (a raw control character in its export): now a 422 naming the field, nothing recorded."""
    from sqlalchemy import func, select

    from gateway.audit.models import AuditEvent

    r = await client.post("/api/v1/auth/token", data=form)
    assert r.status_code == 422, r.text
    assert (r.json()["errors"][0]["field"], r.json()["code"]) == (field, code)
    await app.state.audit.flush()
    async with app.state.db.sessionmaker() as s:
        assert await s.scalar(select(func.count()).select_from(AuditEvent)) == 0


async def test_basic_credentials_follow_the_rule(client):
    import base64

    basic = base64.b64encode(b"erp%00tinh:secret").decode()
    r = await client.post(
        "/api/v1/auth/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "authorization", r.text
