"""The gateway's problems follow Accept-Language (Vietnamese by default) with the same code and
params in every language: its own routes, the sign-in endpoint and the raw-ASGI proxy."""

from __future__ import annotations

from conftest import create_user, login


async def test_a_taken_username_in_vi_and_en(client, user_token):
    admin = await user_token("admin", "root")
    body = {"username": "lan", "full_name": "Lan", "role": "viewer", "password": "Kh0ng-d0an-duoc!"}
    assert (await client.post("/api/v1/users", headers=admin, json=body)).status_code == 201
    vi = await client.post("/api/v1/users", headers=admin, json=body)
    en = await client.post("/api/v1/users", headers={**admin, "accept-language": "en"}, json=body)
    assert vi.status_code == en.status_code == 409
    assert vi.json()["code"] == en.json()["code"] == "user.username_taken"
    assert vi.json()["params"] == en.json()["params"] == {"username": "lan"}
    assert vi.json()["detail"] == "Tên đăng nhập 'lan' đã tồn tại."
    assert vi.json()["title"] == "Xung đột dữ liệu"
    assert en.json()["detail"] == "Username 'lan' is taken."


async def test_a_wrong_password_in_vi_with_an_ascii_oauth_description(app, client):
    await create_user(app, "lan", "viewer")
    r = await login(client, "lan", "wrong password")
    assert r.status_code == 400 and r.json()["code"] == "auth.invalid_grant"
    assert r.json()["detail"] == "Sai tên đăng nhập hoặc mật khẩu."
    assert r.json()["error"] == "invalid_grant"
    assert r.json()["error_description"] == "Wrong username or password."


async def test_the_proxy_answers_in_the_callers_language(client, app):
    vi = await client.get("/api/v1/enterprises")
    en = await client.get("/api/v1/enterprises", headers={"accept-language": "en-GB,en;q=0.8"})
    assert vi.status_code == en.status_code == 401
    assert vi.json()["code"] == en.json()["code"] == "auth.unauthorized"
    assert vi.json()["detail"] == "Cần mã truy cập (bearer token)."
    assert en.json()["detail"] == "A bearer token is required."

    token = app.state.signer.sign(subject="x", role="program_officer")
    down = await client.get("/api/v1/enterprises", headers={"Authorization": f"Bearer {token}"})
    assert down.status_code == 502 and down.json()["code"] == "upstream.unavailable"
    assert down.json()["params"] == {"service": "registry"}
    assert down.json()["title"] == "Dịch vụ phía sau trả lời lỗi"
    assert "không sẵn sàng" in down.json()["detail"]
