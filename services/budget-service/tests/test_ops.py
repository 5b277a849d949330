async def test_health_ready_and_openapi(client):
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    assert (await client.get("/readyz")).status_code == 200
    doc = (await client.get("/openapi.json")).json()
    ids = {op["operationId"] for path in doc["paths"].values() for op in path.values()}
    assert "budget-commitments-create-commitment" in ids
    assert "budget-ledger-verify-ledger" in ids
    assert all(i.startswith("budget-") for i in ids)
    assert "/api/v1/budget/years/{year}/carry-over" in doc["paths"]
