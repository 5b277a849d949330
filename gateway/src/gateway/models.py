"""Every table of the gateway, imported here so Alembic sees the whole metadata."""

from gateway.audit.models import AuditEvent
from gateway.auth.models import LoginAttempt, RefreshToken
from gateway.clients.models import IntegrationClient
from gateway.db import Base
from gateway.notifications.models import Notification
from gateway.users.models import User

__all__ = [
    "AuditEvent",
    "Base",
    "IntegrationClient",
    "LoginAttempt",
    "Notification",
    "RefreshToken",
    "User",
]
