"""Demo accounts (demo mode only): `python -m gateway.demo_users --enterprise-id <uuid>`.

admin, manager, officer, finance, viewer and enterprise, all with the password `khuyencong`.
"""

from __future__ import annotations

import argparse
import asyncio
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from gateway.passwords import Passwords
from gateway.settings import GatewaySettings
from gateway.users import repository
from gateway.users.models import User
from kc_common.db import Database

DEMO_PASSWORD = "khuyencong"
DEMO_USERS = (
    ("admin", "Quản trị hệ thống", "admin"),
    ("manager", "Lãnh đạo Sở Công Thương", "program_manager"),
    ("officer", "Cán bộ Trung tâm Khuyến công", "program_officer"),
    ("finance", "Cán bộ Sở Tài chính", "finance_officer"),
    ("viewer", "Người xem", "viewer"),
    ("enterprise", "Doanh nghiệp (tài khoản mẫu)", "enterprise"),
)


async def ensure_demo_users(
    session: AsyncSession,
    enterprise_id: uuid.UUID | str | None = None,
    *,
    settings: GatewaySettings | None = None,
) -> list[User]:
    """Create the demo accounts that are missing; refuses outside GATEWAY_ENVIRONMENT=demo.

    The enterprise account is created (or re-bound) only when `enterprise_id` is given.
    """
    settings = settings or GatewaySettings()
    if settings.environment != "demo":
        raise RuntimeError("demo users exist only in demo mode (GATEWAY_ENVIRONMENT=demo)")
    passwords = Passwords(settings)
    ent = uuid.UUID(str(enterprise_id)) if enterprise_id else None
    result: list[User] = []
    for username, full_name, role in DEMO_USERS:
        if role == "enterprise" and ent is None:
            continue
        user = await repository.by_username(session, username)
        if user is None:
            user = await repository.add(
                session,
                User(
                    username=username,
                    full_name=full_name,
                    role=role,
                    enterprise_id=ent if role == "enterprise" else None,
                    is_active=True,
                    password_hash=await passwords.hash(DEMO_PASSWORD),
                    failed_login_count=0,
                ),
            )
        elif role == "enterprise" and user.enterprise_id != ent:
            user.enterprise_id = ent
        result.append(user)
    await session.flush()
    return result


async def _main(enterprise_id: str | None) -> None:
    settings = GatewaySettings()
    db = Database(settings.database_url)
    try:
        async with db.sessionmaker() as session:
            users = await ensure_demo_users(session, enterprise_id, settings=settings)
            await session.commit()
        print("demo users:", ", ".join(u.username for u in users))
    finally:
        await db.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--enterprise-id", help="the demo enterprise the enterprise user is bound to"
    )
    asyncio.run(_main(parser.parse_args().enterprise_id))
