"""`python -m projects.reconcile`: finish or undo money steps a crash left half done.

Finds projects with a `pending_saga` older than the grace period and commitments in budget-service
for projects that are not approved, and finishes (approval whose money was committed, settlement,
cancellation) or undoes them (approval or advance that never reached budget; orphan commitments
are released); pending plan approvals are run again with their key, which finishes them or,
if budget refuses, undoes them (plans/flows.py). Uses the same settings as the service
(PROJECTS_*).
"""

from __future__ import annotations

import argparse
import asyncio
import json
from datetime import timedelta

from projects.app import create_app
from projects.plans import flows as plan_flows
from projects.projects import sagas
from projects.settings import ProjectsSettings


async def run_once(settings: ProjectsSettings, grace_seconds: float) -> dict[str, int]:
    app = create_app(settings.model_copy(update={"reconcile_interval_seconds": 0}))
    async with app.router.lifespan_context(app):
        grace = timedelta(seconds=grace_seconds)
        done = await sagas.reconcile(app.state.saga, grace=grace)
        plans = await plan_flows.reconcile(app.state.saga, grace=grace)
        return done | {f"plans_{k}": v for k, v in plans.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    settings = ProjectsSettings()
    parser.add_argument("--grace", type=float, default=settings.reconcile_grace_seconds)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run_once(settings, args.grace))))


if __name__ == "__main__":
    main()
