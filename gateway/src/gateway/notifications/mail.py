"""E-mail for new notifications: one message per user per round, in Vietnamese, through the
configured SMTP server (the standard library's smtplib, in a worker thread)."""

from __future__ import annotations

import asyncio
import smtplib
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from gateway.notifications.models import Notification
from gateway.settings import GatewaySettings

KIND_VI = {
    "appraisal": "Thẩm định đề án",
    "approval": "Phê duyệt đề án",
    "plan_approval": "Phê duyệt kế hoạch khuyến công",
    "plan_due": "Lập kế hoạch khuyến công năm",
    "acceptance": "Nghiệm thu đề án",
    "settlement": "Thanh lý, quyết toán đề án",
    "progress_report": "Báo cáo tiến độ tháng",
}


def configured(settings: GatewaySettings) -> bool:
    return bool(settings.smtp_host)


def _line(n: Notification, base_url: str) -> str:
    what = KIND_VI.get(n.kind, n.kind)
    name = n.title or (f"năm {n.fiscal_year}" if n.fiscal_year else "")
    if n.code:
        name = f"{n.code} – {name}"
    late = " (QUÁ HẠN)" if n.overdue else ""
    line = f"- {what}: {name}; hạn {n.due_on:%d/%m/%Y}{late}"
    if n.project_id:
        line += f"\n  {base_url}/projects/{n.project_id}"
    elif n.plan_id:
        line += f"\n  {base_url}/plans/{n.plan_id}"
    return line


def compose(
    settings: GatewaySettings, to: str, full_name: str, items: Sequence[Notification]
) -> EmailMessage:
    base = settings.public_url.rstrip("/")
    message = EmailMessage()
    message["Subject"] = f"[Khuyến công] {len(items)} việc mới cần xử lý"
    message["From"] = formataddr(("Hệ thống khuyến công", settings.smtp_from))
    message["To"] = formataddr((full_name, to))
    message["Message-ID"] = make_msgid(domain=settings.smtp_from.rsplit("@", 1)[-1])
    body = "\n".join(
        [
            f"Kính gửi {full_name},",
            "",
            "Các việc sau vừa được giao cho anh/chị trong hệ thống khuyến công:",
            "",
            *(_line(n, base) for n in items),
            "",
            f"Danh sách việc cần làm: {base}/",
            "",
            "Thư này được gửi tự động; xin đừng trả lời.",
        ]
    )
    message.set_content(body, charset="utf-8")
    return message


def _send_sync(settings: GatewaySettings, message: EmailMessage) -> None:
    assert settings.smtp_host
    with smtplib.SMTP(
        settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds
    ) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_username and settings.smtp_password:
            smtp.login(settings.smtp_username, settings.smtp_password)
        smtp.send_message(message)


async def send(settings: GatewaySettings, message: EmailMessage) -> None:
    await asyncio.to_thread(_send_sync, settings, message)
