import pytest

from kc_common.messages import render
from registry.enterprises.tax_code import check_digit, tax_code_error
from tests.conftest import make_enterprise, tax_code


@pytest.mark.parametrize("code", ["0100047516", "0100047516-001", "0100047516-999"])
def test_valid_codes(code):
    assert tax_code_error(code, "enterprise") is None


def test_check_digit_of_the_example():
    assert check_digit("010004751") == 6


def _remainder_zero_base() -> str:
    for n in range(100_000_000, 100_001_000):
        if check_digit(f"{n:09d}") is None:
            return f"{n:09d}"
    raise AssertionError("no base with remainder 0 found")


@pytest.mark.parametrize(
    ("code", "kind", "fragment"),
    [
        ("0100047517", "enterprise", "check digit"),
        ("0100047515-001", "enterprise", "check digit"),
        ("0100047516-000", "enterprise", "001"),
        ("0100047516-01", "enterprise", "10 digits"),
        ("01000475A6", "enterprise", "10 digits"),
        ("010004751", "enterprise", "10 digits"),
        ("01000475160", "enterprise", "10 digits"),
        ("079123456789", "enterprise", "household_business"),
        ("079123456789", "cooperative", "household_business"),
    ],
)
def test_invalid_codes(code, kind, fragment):
    error = tax_code_error(code, kind)
    assert error is not None and fragment in (render(error[0], "en", error[1]) or "")


def test_remainder_zero_is_never_issued():
    base = _remainder_zero_base()
    for last in "0123456789":
        assert tax_code_error(base + last) == ("registry.tax_code_never_issued", {})


def test_twelve_digits_for_household_business():
    assert tax_code_error("079123456789", "household_business") is None


@pytest.mark.parametrize(
    "code",
    ["0100047517", "0100047515-001", "01000475A6", "010004751", "01000475160", "079123456789"],
)
async def test_api_rejects_bad_tax_codes(client, auth, code):
    response = await client.post(
        "/api/v1/enterprises",
        json={
            "tax_code": code,
            "name": "X",
            "kind": "enterprise",
            "admin_unit_code": "25897",
            "established_on": "2015-01-01",
        },
        headers=auth("program_officer"),
    )
    assert response.status_code == 422
    body = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert body["code"] == "registry.invalid_tax_code"
    assert body["errors"][0]["field"] == "tax_code"


async def test_api_accepts_branch_and_household_codes(client, auth):
    headers = auth("admin")
    await make_enterprise(client, headers, tax_code="0100047516")
    branch = await make_enterprise(client, headers, tax_code="0100047516-001")
    assert branch["tax_code"] == "0100047516-001"
    household = await make_enterprise(
        client, headers, tax_code="079123456789", kind="household_business"
    )
    # a household business cannot turn into an enterprise while it holds a personal ID
    response = await client.patch(
        f"/api/v1/enterprises/{household['id']}", json={"kind": "enterprise"}, headers=headers
    )
    assert response.status_code == 422
    assert response.json()["code"] == "registry.invalid_tax_code"


async def test_duplicate_tax_code_is_409(client, auth):
    code = tax_code()
    first = await make_enterprise(client, auth("admin"), tax_code=code)
    response = await client.post(
        "/api/v1/enterprises",
        json={
            "tax_code": code,
            "name": "Y",
            "kind": "enterprise",
            "admin_unit_code": "25897",
            "established_on": "2015-01-01",
        },
        headers=auth("admin"),
    )
    assert response.status_code == 409
    assert response.json()["code"] == "registry.duplicate_tax_code"
    other = await make_enterprise(client, auth("admin"))
    response = await client.patch(
        f"/api/v1/enterprises/{other['id']}", json={"tax_code": code}, headers=auth("admin")
    )
    assert response.status_code == 409
    # PATCHing a record with its own code is no conflict
    response = await client.patch(
        f"/api/v1/enterprises/{first['id']}", json={"tax_code": code}, headers=auth("admin")
    )
    assert response.status_code == 200


async def test_by_tax_code(client, auth):
    created = await make_enterprise(client, auth("admin"))
    response = await client.get(
        f"/api/v1/enterprises/by-tax-code/{created['tax_code']}", headers=auth("viewer")
    )
    assert response.status_code == 200
    assert response.json()["id"] == created["id"]
    missing = await client.get(
        f"/api/v1/enterprises/by-tax-code/{tax_code()}", headers=auth("viewer")
    )
    assert missing.status_code == 404
    bad = await client.get("/api/v1/enterprises/by-tax-code/12345", headers=auth("viewer"))
    assert bad.status_code == 422
    assert bad.json()["code"] == "registry.invalid_tax_code"


def test_check_digit_reads_other_unicode_digits_by_value():
    # `\d` matches Arabic-Indic digits too; the unrolled ASCII path must not change their answer
    assert check_digit("٠١٠٠٠٤٧٥١") == check_digit("010004751") == 6
    assert tax_code_error("٠١٠٠٠٤٧٥١٦") is None
