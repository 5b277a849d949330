"""kc_common's text rule and strict money on project-service's real endpoints."""

import pytest

from tests.factories import API, create, post, project_body


async def test_title_with_a_bidi_override_is_422_naming_the_field(client, auth):
    headers = auth("program_officer")
    for field, value in [
        ("title", "Máy phun sơn \u202e2202"),
        ("implementing_unit", "Trung tâm\x01"),
        ("title", "Máy phun\nsơn tĩnh điện"),
        ("planned_kpis", {"trainees\u200b": 30}),
    ]:
        response = await client.post(
            f"{API}/projects", json=project_body(**{field: value}), headers=headers
        )
        assert response.status_code == 422, (field, response.text)
        assert response.json()["errors"][0]["field"] == field


async def test_objectives_and_notes_may_span_lines_and_blank_means_not_given(client, auth):
    p = await create(client, auth, objectives="1. Năng suất\n2. Chất lượng", expected_outcomes=" ")
    assert p["objectives"] == "1. Năng suất\n2. Chất lượng" and p["expected_outcomes"] is None
    # a required field sent blank in a PATCH is refused by name (blank is "not given": null)
    r = await client.patch(
        f"{API}/projects/{p['id']}", json={"title": "   "}, headers=auth("program_officer")
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "title"
    await post(client, auth, "program_officer", f"/projects/{p['id']}/submit")
    body = {"score": 80, "recommendation": "revise", "notes": "Bổ sung:\n\t- dự toán"}
    r = await post(client, auth, "program_officer", f"/projects/{p['id']}/appraisal", body)
    assert r.status_code == 200, r.text


@pytest.mark.parametrize("value", [1.0, "200000", True, -1])
async def test_money_fields_are_strict_integers(client, auth, value):
    r = await client.post(
        f"{API}/projects",
        json=project_body(requested_support_vnd=value),
        headers=auth("program_officer"),
    )
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "requested_support_vnd"


async def test_score_percent_and_kpis_are_numbers_not_strings(client, auth):
    r = await client.post(
        f"{API}/projects",
        json=project_body(planned_kpis={"trainees": "30"}),
        headers=auth("program_officer"),
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"].startswith("planned_kpis")
    p = await create(client, auth)
    await post(client, auth, "program_officer", f"/projects/{p['id']}/submit")
    for score in ("80", 80.0):
        body = {"score": score, "recommendation": "approve"}
        r = await post(client, auth, "program_officer", f"/projects/{p['id']}/appraisal", body)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "score"


async def test_search_with_such_characters_is_never_a_500(client, auth):
    await create(client, auth)
    for q in ("\x01", "a\u202eb", "\u200b", "\x7f\x85", "%_\\"):
        r = await client.get(f"{API}/projects", params={"q": q}, headers=auth("program_officer"))
        assert r.status_code in (200, 422), (repr(q), r.text)
