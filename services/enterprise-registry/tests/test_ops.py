async def test_health_and_ready(client):
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200, ready.text
    assert "x-request-id" in ready.headers


async def test_metrics_count_requests(client):
    await client.get("/healthz")
    body = (await client.get("/metrics")).text
    assert (
        'http_requests_total{method="GET",route="/healthz",service="registry",status="200"}' in body
    )


async def test_request_id_is_passed_on(client):
    response = await client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert response.headers["x-request-id"] == "abc-123"


async def test_unknown_path_is_problem_json(client):
    response = await client.get("/api/v1/nope")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "not_found"
