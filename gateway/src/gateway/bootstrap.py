"""Startup bootstrap: OAuth2 clients from GATEWAY_BOOTSTRAP_CLIENTS, an admin from
GATEWAY_BOOTSTRAP_ADMIN_PASSWORD. Safe with several replicas starting at once."""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError

from gateway.clients import service as clients
from gateway.passwords import Passwords
from gateway.settings import GatewaySettings
from gateway.users import repository as users
from gateway.users.models import User
from kc_common.db import Database

log = logging.getLogger("gateway.bootstrap")


async def bootstrap(db: Database, settings: GatewaySettings, passwords: Passwords) -> None:
    for attempt in range(3):
        try:
            async with db.sessionmaker() as session:
                if settings.bootstrap_clients:
                    await clients.bootstrap(session, passwords, settings.bootstrap_clients)
                if settings.bootstrap_admin_password:
                    name = settings.bootstrap_admin_username
                    if await users.by_username(session, name) is None:
                        await users.add(
                            session,
                            User(
                                username=name,
                                full_name="Administrator",
                                role="admin",
                                is_active=True,
                                password_hash=await passwords.hash(
                                    settings.bootstrap_admin_password
                                ),
                                failed_login_count=0,
                            ),
                        )
                        log.info("bootstrap admin '%s' created", name)
                await session.commit()
            return
        except IntegrityError:  # another replica bootstrapped at the same moment
            if attempt == 2:
                raise
