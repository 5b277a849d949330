"""Every public operation × every role: the expected outcome, declared once.

Derived from docs/api.md (§Auth and users, §Registry, §Projects, §Budget, §Dashboard) and
CONTRACTS.md (scopes); test_roles_matrix.py checks that the table covers every operation of
gateway/openapi.json and issues each (operation, role) through the gateway against real objects.

Outcomes: "ok" (2xx), "forbidden" (403), "not_found" (404: an object the caller may not see),
"n/a" (the call cannot be made by that caller at all; each use says why).

Callers:
- the six user roles; `enterprise` acts on objects of its own enterprise;
- `enterprise_other`: the same enterprise user on another enterprise's object. Only rows with an
  object that belongs to an enterprise have this column;
- `integration`: an OAuth2 client with `registry:read projects:read budget:read`;
- `service`: project-service's client with `registry:read budget:read budget:write`.

Who may do what (the role check comes before any object is looked up, so a wrong role is 403
even on another enterprise's object):
- gateway: users, integration clients and the audit log are admin's; the dashboard is for staff
  and viewers; /auth/me for every signed-in caller; token, refresh, logout and JWKS are public.
- registry: every signed-in user and every client with a registry scope reads (an enterprise user
  only its own enterprise and typical products: others are 404); admin and program_officer write;
  an enterprise user may PATCH its own enterprise (not its tax code or status); clients need
  `registry:write` to write. The aggregate /registry/stats is for staff, viewers and clients.
- projects: staff, viewers, enterprise users (own projects only) and `projects:read` clients read;
  program_officer and enterprise users (for their own enterprise) create, edit a draft and
  submit; program_officer appraises, starts, reports progress and accepts; program_manager
  approves, rejects and cancels; finance_officer pays advances and settles (docs/api.md §Auth
  and users: disbursements and settlement are finance's). admin administers accounts, it does
  not act in a project's lifecycle or move money. /projects/stats (an aggregate) is not for
  enterprise users. Annual plans: staff, viewers and `projects:read` clients read (not
  enterprise users); program_officer and program_manager build, submit, return and revise them;
  program_manager approves.
- public: `/public/*` is anonymous (no token; the gateway rate-limits it per address).
- budget: staff, viewers and `budget:read` clients read; enterprise users do not (403);
  programs: admin, program_manager; appropriations: finance_officer; allocations,
  reallocations, carry-over: program_manager. Money tied to a project moves only through the
  project: its commitments, disbursements, recoveries and releases are project-service's
  (`service`) alone; a person, or an integration client, gets 403 `budget.use_project_workflow`
  (MATRIX: the money POSTs on a project's commitment). Money not tied to a project (program
  management costs, PROGRAM_MONEY): commitments and releases by program_manager, disbursements
  and recoveries by finance_officer, and `budget:write` clients.
- reports: staff and viewers read program reports and issued reports; program_manager issues;
  enterprise users and API clients do not see them (403).
"""

from __future__ import annotations

USERS = ("admin", "program_manager", "program_officer", "finance_officer", "viewer", "enterprise")
CLIENTS = ("integration", "service")
ROLES = (*USERS, *CLIENTS)
OUTCOMES = ("ok", "forbidden", "not_found", "n/a")

STAFF = ("admin", "program_manager", "program_officer", "finance_officer")
ALL = ROLES


def allow(*who: str, other: str | None = None, **special: str) -> dict[str, str]:
    """ok for `who`, forbidden for every other caller; `other` adds the enterprise_other column;
    `special` overrides single callers."""
    row = {role: ("ok" if role in who else "forbidden") for role in ROLES}
    if other is not None:
        row["enterprise_other"] = other
    row.update(special)
    return row


API = "/api/v1"
REGISTRY_READ = allow(*ALL)
PROJECTS_READ = allow(*STAFF, "viewer", "enterprise", "integration")
BUDGET_READ = allow(*STAFF, "viewer", *CLIENTS)
PLANS_READ = allow(*STAFF, "viewer", "integration")
PLAN_EDITORS = ("program_officer", "program_manager")
# Client-credentials tokens come without a refresh token: refresh/logout have nothing to send.
NO_REFRESH = {"integration": "n/a", "service": "n/a"}

# Program reports: staff and viewers; not enterprise users, not API clients.
REPORTS_READ = allow(*STAFF, "viewer")

MATRIX: dict[tuple[str, str], dict[str, str]] = {
    # --- gateway -------------------------------------------------------------------------
    ("POST", f"{API}/auth/token"): allow(*ALL),
    ("POST", f"{API}/auth/refresh"): allow(*USERS, **NO_REFRESH),
    ("POST", f"{API}/auth/logout"): allow(*USERS, **NO_REFRESH),
    ("GET", f"{API}/auth/me"): allow(*ALL),
    ("GET", "/.well-known/jwks.json"): allow(*ALL),
    ("GET", f"{API}/auth/revocations"): allow(*ALL),  # no token needed: the services read it
    ("GET", f"{API}/users"): allow("admin"),
    ("POST", f"{API}/users"): allow("admin"),
    ("GET", f"{API}/users/{{user_id}}"): allow("admin"),
    ("PATCH", f"{API}/users/{{user_id}}"): allow("admin"),
    ("GET", f"{API}/integration-clients"): allow("admin"),
    ("POST", f"{API}/integration-clients"): allow("admin"),
    ("GET", f"{API}/integration-clients/{{client_uuid}}"): allow("admin"),
    ("PATCH", f"{API}/integration-clients/{{client_uuid}}"): allow("admin"),
    ("GET", f"{API}/audit-events"): allow("admin"),
    ("GET", f"{API}/audit-events/export"): allow("admin"),
    ("GET", f"{API}/dashboard"): allow(*STAFF, "viewer"),
    # Work lists and notifications are a person's own (admin and viewer get an empty list).
    ("GET", f"{API}/tasks"): allow(*USERS),
    ("GET", f"{API}/notifications"): allow(*USERS),
    # Marked on a notification that is no one's: every person passes the role check and gets
    # 404 (one's own notifications only), a client is refused first.
    ("POST", f"{API}/notifications/{{notification_id}}/read"): allow(
        **dict.fromkeys(USERS, "not_found")
    ),
    # --- registry ------------------------------------------------------------------------
    ("GET", f"{API}/enterprises"): REGISTRY_READ,
    ("POST", f"{API}/enterprises"): allow("admin", "program_officer"),
    ("POST", f"{API}/enterprises/import"): allow("admin", "program_officer"),
    ("GET", f"{API}/enterprises/export"): REGISTRY_READ,
    ("GET", f"{API}/enterprises/by-tax-code/{{tax_code}}"): allow(*ALL, other="not_found"),
    ("GET", f"{API}/enterprises/{{id}}"): allow(*ALL, other="not_found"),
    ("PATCH", f"{API}/enterprises/{{id}}"): allow(
        "admin", "program_officer", "enterprise", other="not_found"
    ),
    ("DELETE", f"{API}/enterprises/{{id}}"): allow("admin", "program_officer", other="forbidden"),
    ("GET", f"{API}/craft-villages"): REGISTRY_READ,
    ("POST", f"{API}/craft-villages"): allow("admin", "program_officer"),
    ("GET", f"{API}/craft-villages/export"): REGISTRY_READ,
    ("GET", f"{API}/craft-villages/{{id}}"): REGISTRY_READ,
    ("PATCH", f"{API}/craft-villages/{{id}}"): allow("admin", "program_officer"),
    ("GET", f"{API}/typical-products"): REGISTRY_READ,
    ("POST", f"{API}/typical-products"): allow("admin", "program_officer"),
    ("GET", f"{API}/typical-products/export"): REGISTRY_READ,
    ("GET", f"{API}/typical-products/{{id}}"): allow(*ALL, other="not_found"),
    ("PATCH", f"{API}/typical-products/{{id}}"): allow(
        "admin", "program_officer", other="forbidden"
    ),
    ("GET", f"{API}/admin-units"): REGISTRY_READ,
    ("GET", f"{API}/sectors"): REGISTRY_READ,
    ("GET", f"{API}/registry/stats"): allow(*STAFF, "viewer", *CLIENTS),
    # --- projects ------------------------------------------------------------------------
    # The activity catalogue is reference data: every user, `projects:read` clients.
    ("GET", f"{API}/activity-types"): allow(*USERS, "integration"),
    ("GET", f"{API}/kpis"): allow(*USERS, "integration"),
    # priority areas: reference data for every user, kept by the program's managers
    ("GET", f"{API}/priority-areas"): allow(*USERS, "integration"),
    ("POST", f"{API}/priority-areas"): allow("admin", "program_manager"),
    ("PATCH", f"{API}/priority-areas/{{area_id}}"): allow("admin", "program_manager"),
    ("GET", f"{API}/projects"): PROJECTS_READ,
    ("POST", f"{API}/projects"): allow("program_officer", "enterprise"),
    ("GET", f"{API}/projects/stats"): allow(*STAFF, "viewer", "integration"),
    ("GET", f"{API}/projects/export"): PROJECTS_READ,
    ("GET", f"{API}/projects/implementing-units"): PROJECTS_READ,
    ("GET", f"{API}/projects/{{project_id}}"): {**PROJECTS_READ, "enterprise_other": "not_found"},
    ("PATCH", f"{API}/projects/{{project_id}}"): allow(
        "program_officer", "enterprise", other="not_found"
    ),
    ("GET", f"{API}/projects/{{project_id}}/history"): {
        **PROJECTS_READ,
        "enterprise_other": "not_found",
    },
    ("POST", f"{API}/projects/{{project_id}}/submit"): allow(
        "program_officer", "enterprise", other="not_found"
    ),
    ("POST", f"{API}/projects/{{project_id}}/appraisal"): allow(
        "program_officer", other="forbidden"
    ),
    ("POST", f"{API}/projects/{{project_id}}/approval"): allow(
        "program_manager", other="forbidden"
    ),
    ("POST", f"{API}/projects/{{project_id}}/rejection"): allow(
        "program_manager", other="forbidden"
    ),
    ("POST", f"{API}/projects/{{project_id}}/cancellation"): allow(
        "program_manager", other="forbidden"
    ),
    ("POST", f"{API}/projects/{{project_id}}/start"): allow("program_officer", other="forbidden"),
    ("GET", f"{API}/projects/{{project_id}}/progress-reports"): {
        **PROJECTS_READ,
        "enterprise_other": "not_found",
    },
    ("POST", f"{API}/projects/{{project_id}}/progress-reports"): allow(
        "program_officer", other="forbidden"
    ),
    ("POST", f"{API}/projects/{{project_id}}/advances"): allow(
        "finance_officer", other="forbidden"
    ),
    ("POST", f"{API}/projects/{{project_id}}/acceptance"): allow(
        "program_officer", other="forbidden"
    ),
    ("POST", f"{API}/projects/{{project_id}}/settlement"): allow(
        "finance_officer", other="forbidden"
    ),
    # Documents and forms: who may see the project sees them; staff and the enterprise (its
    # own projects) upload; viewers and clients only read.
    ("POST", f"{API}/projects/{{project_id}}/documents"): allow(
        *STAFF, "enterprise", other="not_found"
    ),
    ("GET", f"{API}/projects/{{project_id}}/documents"): {
        **PROJECTS_READ,
        "enterprise_other": "not_found",
    },
    ("GET", f"{API}/documents/{{document_id}}/content"): {
        **PROJECTS_READ,
        "enterprise_other": "not_found",
    },
    ("GET", f"{API}/projects/{{project_id}}/forms/{{form}}"): {
        **PROJECTS_READ,
        "enterprise_other": "not_found",
    },
    # --- annual plans (project-service): DOIT's staff read, viewers and `projects:read`
    # clients too; program officers and managers build them; the manager approves.
    ("GET", f"{API}/plans"): PLANS_READ,
    ("POST", f"{API}/plans"): allow(*PLAN_EDITORS),
    ("GET", f"{API}/plans/{{plan_id}}"): PLANS_READ,
    ("POST", f"{API}/plans/{{plan_id}}/items"): allow(*PLAN_EDITORS),
    ("DELETE", f"{API}/plans/{{plan_id}}/items/{{project_id}}"): allow(*PLAN_EDITORS),
    ("POST", f"{API}/plans/{{plan_id}}/submit"): allow(*PLAN_EDITORS),
    ("POST", f"{API}/plans/{{plan_id}}/return"): allow(*PLAN_EDITORS),
    ("POST", f"{API}/plans/{{plan_id}}/approval"): allow("program_manager"),
    ("POST", f"{API}/plans/{{plan_id}}/revisions"): allow(*PLAN_EDITORS),
    # change requests: asked by the officer, the manager or the beneficiary; decided by the manager
    ("GET", f"{API}/projects/{{project_id}}/change-requests"): {
        **PROJECTS_READ,
        "enterprise_other": "not_found",
    },
    ("POST", f"{API}/projects/{{project_id}}/change-requests"): allow(
        "program_officer", "program_manager", "enterprise", other="not_found"
    ),
    (
        "POST",
        f"{API}/projects/{{project_id}}/change-requests/{{change_request_id}}/decision",
    ): allow("program_manager", other="forbidden"),
    # --- budget --------------------------------------------------------------------------
    ("GET", f"{API}/budget/programs"): BUDGET_READ,
    ("POST", f"{API}/budget/programs"): allow("admin", "program_manager"),
    ("GET", f"{API}/budget/years"): BUDGET_READ,
    ("GET", f"{API}/budget/years/{{year}}/summary"): BUDGET_READ,
    ("GET", f"{API}/budget/years/{{year}}/appropriations"): BUDGET_READ,
    ("POST", f"{API}/budget/years/{{year}}/appropriations"): allow("finance_officer"),
    ("GET", f"{API}/budget/years/{{year}}/allocations"): BUDGET_READ,
    ("POST", f"{API}/budget/years/{{year}}/allocations"): allow("program_manager"),
    ("POST", f"{API}/budget/years/{{year}}/reallocations"): allow("program_manager"),
    ("POST", f"{API}/budget/years/{{year}}/carry-over"): allow("program_manager"),
    ("POST", f"{API}/budget/commitments"): allow("service"),
    ("POST", f"{API}/budget/commitments/batch"): allow("service"),
    ("GET", f"{API}/budget/commitments"): BUDGET_READ,
    ("GET", f"{API}/budget/commitments/{{commitment_id}}"): BUDGET_READ,
    ("POST", f"{API}/budget/commitments/{{commitment_id}}/release"): allow("service"),
    ("POST", f"{API}/budget/commitments/{{commitment_id}}/recoveries"): allow("service"),
    # an approved change raising a project's commitment: project-service's alone
    ("POST", f"{API}/budget/commitments/{{commitment_id}}/increase"): allow("service"),
    ("POST", f"{API}/budget/disbursements"): allow("service"),
    ("GET", f"{API}/budget/ledger"): BUDGET_READ,
    ("GET", f"{API}/budget/ledger/export"): BUDGET_READ,
    ("GET", f"{API}/budget/ledger/verify"): BUDGET_READ,
    # --- reports: staff and viewers read, the program manager issues -----------------------
    ("GET", f"{API}/reports/program"): REPORTS_READ,
    ("POST", f"{API}/reports/issued"): allow("program_manager"),
    ("GET", f"{API}/reports/issued"): REPORTS_READ,
    ("GET", f"{API}/reports/issued/{{report_id}}"): REPORTS_READ,
    ("GET", f"{API}/reports/issued/{{report_id}}/content"): REPORTS_READ,
    # --- public (no login) ------------------------------------------------------------------
    # Anonymous: the calls are made without a token (a token sent is not even forwarded), so
    # every caller gets the same answer.
    ("GET", f"{API}/public/projects"): allow(*ALL),
    ("GET", f"{API}/public/projects/by-commune"): allow(*ALL),
    ("GET", f"{API}/public/projects/export"): allow(*ALL),
    ("GET", f"{API}/public/projects/{{code}}"): allow(*ALL),
    ("GET", f"{API}/public/ocds"): allow(*ALL),
    ("GET", f"{API}/public/catalog.json"): allow(*ALL),
    ("GET", f"{API}/public/budget/years"): allow(*ALL),
    ("GET", f"{API}/public/budget/ledger-checkpoint"): allow(*ALL),
}

# The same money POSTs on money not tied to a project (no `project_id`): people move it.
PROGRAM_MONEY: dict[tuple[str, str], dict[str, str]] = {
    ("POST", f"{API}/budget/commitments"): allow("program_manager", "service"),
    ("POST", f"{API}/budget/commitments/batch"): allow("program_manager", "service"),
    ("POST", f"{API}/budget/commitments/{{commitment_id}}/release"): allow(
        "program_manager", "service"
    ),
    ("POST", f"{API}/budget/commitments/{{commitment_id}}/recoveries"): allow(
        "finance_officer", "service"
    ),
    ("POST", f"{API}/budget/disbursements"): allow("finance_officer", "service"),
}
# Who passes the role check but is refused by that rule on a project's money (403 with this code).
PROJECT_WORKFLOW = "budget.use_project_workflow"
