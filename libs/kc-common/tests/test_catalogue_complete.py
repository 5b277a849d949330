"""Every code and message key any service can emit has Vietnamese and English words, in the
server catalogue and in the web app.

The codes are found in the source: every string literal that looks like a message key
(`budget.no_program`, `validation.missing`, ...) in kc_common, the gateway and the services.
A literal with such a namespace that is not a message (an audit event, a module path) is listed
in NOT_MESSAGES. Then the web app's locale files must carry every key of the catalogue."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SOURCES = [
    ROOT / "libs/kc-common/src",
    ROOT / "gateway/src",
    ROOT / "services/enterprise-registry/src",
    ROOT / "services/project-service/src",
    ROOT / "services/budget-service/src",
    ROOT / "services/report-service/src",
]
NAMESPACES = (
    "registry|project|projects|budget|ledger|auth|user|users|client|clients|validation|text"
    "|idempotency|pagination|upstream|request|report"
)
KEY = re.compile(rf"""["']((?:{NAMESPACES})\.[a-z_][a-z0-9_]*)["']""")
# Strings that look like keys but are not messages.
NOT_MESSAGES = {
    "registry.app",
    "projects.app",
    "budget.app",
    "reports.app",
    "projects.id",
    "users.id",
}
SKIP_FILES = {  # audit event names (`auth.login_failed`, `request.write`, ...)
    "gateway/audit/service.py",
    "gateway/audit/exports.py",
    "gateway/audit/records.py",
}
# Generic codes without a namespace, raised by kc_common.errors and its handlers.
GENERIC = {"error", "internal", "not_found", "conflict", "method_not_allowed", "rate_limited"}
LOCALES = ROOT / "frontend/src/lib/i18n/locales"


def _catalogue() -> dict[str, tuple[str, str]]:
    import budget  # noqa: F401  (each service registers its words on import)
    import gateway  # noqa: F401
    import projects  # noqa: F401
    import registry  # noqa: F401
    import reports  # noqa: F401
    from kc_common import messages

    # `test.*`: words other tests register for themselves
    return {k: (t.vi, t.en) for k, t in messages.catalogue().items() if not k.startswith("test.")}


def emitted_keys() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for root in SOURCES:
        for path in root.rglob("*.py"):
            rel = path.relative_to(root).as_posix()
            if rel in SKIP_FILES:
                continue
            for match in KEY.finditer(path.read_text(encoding="utf-8")):
                if match.group(1) not in NOT_MESSAGES:
                    found.setdefault(match.group(1), set()).add(str(path.relative_to(ROOT)))
    return found


def web_keys(lang: str) -> set[str]:
    text = (LOCALES / f"{lang}-server-errors.ts").read_text(encoding="utf-8")
    return set(re.findall(r"""^\s*["']([a-z_][a-z0-9_.]*)["']\s*:""", text, re.MULTILINE))


def test_the_scan_finds_the_codes_services_raise() -> None:
    keys = emitted_keys()
    # one from each service and the shared kit, so a broken scan cannot pass silently
    for key in (
        "registry.duplicate_tax_code",
        "project.advance_above_cap",
        "budget.no_program",
        "users.last_admin",
        "auth.token_revoked",
        "text.bidi",
        "request.too_large",
    ):
        assert key in keys, key
    assert len(keys) > 80


def test_every_emitted_code_has_both_languages_on_the_server() -> None:
    catalogue = _catalogue()
    missing = {k: sorted(v) for k, v in emitted_keys().items() if k not in catalogue}
    assert not missing, f"codes without words in the catalogue: {missing}"
    for key in GENERIC:
        assert key in catalogue, key
    for key, (vi, en) in catalogue.items():
        assert vi.strip() and en.strip(), key


def test_every_server_key_has_words_in_the_web_app() -> None:
    catalogue = _catalogue()
    for lang in ("vi", "en"):
        missing = sorted(set(catalogue) - web_keys(lang))
        assert not missing, (
            f"{lang}-server-errors.ts lacks {missing}: run scripts/export_messages.py "
            "(then reword if you like)"
        )


def test_the_web_app_uses_the_same_placeholders() -> None:
    catalogue = _catalogue()
    for lang, index in (("vi", 0), ("en", 1)):
        text = (LOCALES / f"{lang}-server-errors.ts").read_text(encoding="utf-8")
        for key, words in re.findall(r"""^\s*["']([a-z_.0-9]+)["']\s*:\s*(.*)$""", text, re.M):
            if key not in catalogue:
                continue
            web = set(re.findall(r"\{\{(\w+)\}\}", words))
            server = set(re.findall(r"\{(\w+)\}", catalogue[key][index]))
            assert web <= server, (lang, key, web - server)
