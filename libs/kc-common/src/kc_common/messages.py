"""Messages are data: one registry of what every problem can say, in Vietnamese and English.

A problem names a stable `code` (never translated) and, when its words are more specific than
the code, a message key; the values in the words travel as `params`. The words come from this
catalogue in the caller's language (`Accept-Language`: Vietnamese unless English is preferred).
kc_common registers the codes every service shares; each service registers its own domain codes
from its `messages.py`, imported by its app, so the catalogue is one registry at run time. A test
scans every service's source for the codes it can emit and checks each has both languages here
and in the web app.

Templates use `str.format` names: `{year}`. A parameter whose name ends in `_vnd` is money and is
written `1.000.000 đ` (vi) or `1,000,000 VND` (en); a list is joined with commas. Parameters stay
raw in the problem's `params`, so a client can write its own words.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from contextvars import ContextVar
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final, Literal

from kc_common.money import group_thousands

Language = Literal["vi", "en"]
LANGUAGES: Final[tuple[Language, ...]] = ("vi", "en")
DEFAULT_LANGUAGE: Final[Language] = "vi"


@dataclass(frozen=True)
class Text:
    vi: str
    en: str

    def __getitem__(self, lang: Language) -> str:
        return self.vi if lang == "vi" else self.en


_CATALOGUE: dict[str, Text] = {}


def register(entries: Mapping[str, tuple[str, str]]) -> None:
    """Adds `key: (vi, en)` entries. Registering the same key again with other words is a bug."""
    for key, (vi, en) in entries.items():
        text = Text(vi, en)
        existing = _CATALOGUE.get(key)
        if existing is not None and existing != text:
            raise ValueError(f"message {key!r} is registered twice with different words")
        _CATALOGUE[key] = text


def catalogue() -> Mapping[str, Text]:
    return MappingProxyType(_CATALOGUE)


def negotiate(header: str | None) -> Language:
    """The language an `Accept-Language` header prefers among those we speak; Vietnamese when it
    names none of them (or is absent, or unreadable). Equal weights: the first one named wins."""
    best: Language = DEFAULT_LANGUAGE
    best_q = 0.0
    for part in (header or "").split(","):
        tag, _, rest = part.strip().partition(";")
        q = 1.0
        for attr in rest.split(";"):
            name, _, value = attr.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        primary = tag.strip().lower().split("-")[0]
        for lang in LANGUAGES:
            if primary == lang and q > best_q:
                best, best_q = lang, q
    return best


def scope_language(scope: Mapping[str, Any]) -> Language:
    """`negotiate` for a raw ASGI scope (middleware that answers before any route runs)."""
    for key, value in scope.get("headers", ()):
        if key == b"accept-language":
            return negotiate(value.decode("latin-1"))
    return DEFAULT_LANGUAGE


def format_vnd(amount: int, lang: Language) -> str:
    return f"{group_thousands(amount)} đ" if lang == "vi" else f"{amount:,} VND"


def format_param(name: str, value: Any, lang: Language) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(format_param(name, v, lang) for v in value)
    if isinstance(value, bool) or value is None:
        return "—" if value is None else str(value).lower()
    if isinstance(value, int) and name.endswith("_vnd"):
        return format_vnd(value, lang)
    return str(value)


class _Params(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"  # a template naming a value the raise site did not give


def render(key: str, lang: Language, params: Mapping[str, Any] | None = None) -> str | None:
    """The words for `key` in `lang` with `params` filled in, or None for an unknown key."""
    text = _CATALOGUE.get(key)
    if text is None:
        return None
    values = _Params({k: format_param(k, v, lang) for k, v in (params or {}).items()})
    return text[lang].format_map(values)


_LANGUAGE: ContextVar[Language] = ContextVar("kc_language", default=DEFAULT_LANGUAGE)


def current_language() -> Language:
    """The language of the request being served (RequestLanguage), Vietnamese outside one."""
    return _LANGUAGE.get()


def text(key: str, params: Mapping[str, Any] | None = None) -> str:
    """The words for `key` in the current request's language (the key itself if unknown), for
    messages built before a problem is raised (e.g. one line per row of a refused import)."""
    return render(key, current_language(), params) or key


Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]


class RequestLanguage:
    """Pure ASGI: makes the `Accept-Language` of each HTTP request `current_language()`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = _LANGUAGE.set(scope_language(scope))
        try:
            await self.app(scope, receive, send)
        finally:
            _LANGUAGE.reset(token)


_TITLES: Final[dict[int, Text]] = {
    400: Text("Yêu cầu không hợp lệ", "Bad request"),
    401: Text("Chưa đăng nhập", "Not authenticated"),
    403: Text("Không có quyền", "Forbidden"),
    404: Text("Không tìm thấy", "Not found"),
    405: Text("Phương thức không được hỗ trợ", "Method not allowed"),
    409: Text("Xung đột dữ liệu", "Conflict"),
    413: Text("Dữ liệu gửi lên quá lớn", "Request body too large"),
    415: Text("Loại tệp không được hỗ trợ", "Unsupported media type"),
    422: Text("Dữ liệu không hợp lệ", "Invalid input"),
    423: Text("Tài khoản bị tạm khóa", "Account locked"),
    429: Text("Quá nhiều yêu cầu", "Too many requests"),
    500: Text("Lỗi hệ thống", "Internal error"),
    502: Text("Dịch vụ phía sau trả lời lỗi", "Bad gateway"),
    503: Text("Dịch vụ tạm thời không sẵn sàng", "Service unavailable"),
    504: Text("Dịch vụ phía sau không trả lời kịp", "Gateway timeout"),
}


def title(status: int, lang: Language) -> str:
    text = _TITLES.get(status) or _TITLES[500 if status >= 500 else 400]
    return text[lang]


# What every service can say: the generic codes of kc_common.errors, the edge, token checks,
# pydantic's validation errors (`validation.<pydantic type>`), the text rule of kc_common.schemas,
# pagination and idempotency.
register(
    {
        # generic problem codes
        "error": ("Yêu cầu không hợp lệ.", "Bad request."),
        "internal": (
            "Hệ thống gặp lỗi ngoài dự kiến. Vui lòng thử lại sau.",
            "An unexpected error occurred. Please try again later.",
        ),
        "not_found": ("Không tìm thấy dữ liệu yêu cầu.", "Not found."),
        "conflict": (
            "Yêu cầu xung đột với dữ liệu hiện có.",
            "The request conflicts with the current data.",
        ),
        "method_not_allowed": (
            "Phương thức HTTP này không được hỗ trợ ở địa chỉ này.",
            "This HTTP method is not allowed here.",
        ),
        "payload_too_large": ("Dữ liệu gửi lên quá lớn.", "The request body is too large."),
        "request.nul_in_url": (
            "{where}: không được chứa ký tự NUL.",
            "{where}: NUL characters are not accepted.",
        ),
        "request.too_large": (
            "Dữ liệu gửi lên vượt giới hạn {limit} byte.",
            "The request body is larger than the limit of {limit} bytes.",
        ),
        "rate_limited": (
            "Quá nhiều yêu cầu. Vui lòng thử lại sau {retry_after} giây.",
            "Too many requests. Try again in {retry_after} seconds.",
        ),
        "upstream.unavailable": (
            "Một dịch vụ cần cho yêu cầu này tạm thời không sẵn sàng. Vui lòng thử lại sau.",
            "A service this request needs is unavailable. Please try again later.",
        ),
        "upstream.service_down": (
            "Không kết nối được dịch vụ {service}. Vui lòng thử lại sau.",
            "The {service} service is unavailable. Try again later.",
        ),
        "upstream.timeout": (
            "Một dịch vụ cần cho yêu cầu này không trả lời kịp. Vui lòng thử lại sau.",
            "A service this request needs did not answer in time. Please try again later.",
        ),
        "validation.failed": ("Dữ liệu không hợp lệ.", "Invalid input."),
        # tokens and roles
        "auth.unauthorized": ("Bạn cần đăng nhập.", "Authentication is required."),
        "auth.forbidden": (
            "Bạn không có quyền thực hiện thao tác này.",
            "You may not do this.",
        ),
        "auth.role_forbidden": (
            "Vai trò {role_label} không được thực hiện thao tác này.",
            "Role '{role}' may not do this.",
        ),
        "auth.token_required": ("Cần mã truy cập (bearer token).", "A bearer token is required."),
        "auth.token_malformed": ("Mã truy cập không đúng định dạng.", "Malformed token."),
        "auth.token_algorithm": (
            "Thuật toán ký của mã truy cập không được chấp nhận.",
            "Token algorithm not accepted.",
        ),
        "auth.token_invalid": ("Mã truy cập không hợp lệ.", "Invalid token."),
        "auth.token_expired": (
            "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.",
            "Token expired. Please sign in again.",
        ),
        "auth.token_revoked": (
            "Mã truy cập đã bị thu hồi (tài khoản vừa được thay đổi). Vui lòng đăng nhập lại.",
            "The token was revoked (the account changed). Please sign in again.",
        ),
        "auth.token_no_role": ("Mã truy cập không có vai trò.", "Token has no role."),
        "auth.unknown_key": ("Khóa ký của mã truy cập không xác định.", "Unknown signing key."),
        "auth.no_key": (
            "Chưa cấu hình khóa kiểm tra mã truy cập.",
            "No token verification key is configured.",
        ),
        "auth.keys_unavailable": (
            "Không lấy được khóa ký để kiểm tra mã truy cập.",
            "Signing keys are unavailable.",
        ),
        # pydantic's error types (field messages)
        "validation.missing": ("Bắt buộc nhập", "Field required"),
        "validation.string_too_short": (
            "Tối thiểu {min_length} ký tự",
            "At least {min_length} characters",
        ),
        "validation.string_too_long": (
            "Tối đa {max_length} ký tự",
            "At most {max_length} characters",
        ),
        "validation.too_short": (
            "Tối thiểu {min_length} phần tử",
            "At least {min_length} items",
        ),
        "validation.too_long": ("Tối đa {max_length} phần tử", "At most {max_length} items"),
        "validation.greater_than_equal": (
            "Phải lớn hơn hoặc bằng {ge}",
            "Must be greater than or equal to {ge}",
        ),
        "validation.greater_than": ("Phải lớn hơn {gt}", "Must be greater than {gt}"),
        "validation.less_than_equal": (
            "Phải nhỏ hơn hoặc bằng {le}",
            "Must be less than or equal to {le}",
        ),
        "validation.less_than": ("Phải nhỏ hơn {lt}", "Must be less than {lt}"),
        "validation.int_parsing": ("Phải là số nguyên", "Must be a whole number"),
        "validation.int_type": ("Phải là số nguyên", "Must be a whole number"),
        "validation.int_from_float": (
            "Phải là số nguyên (không có phần thập phân)",
            "Must be a whole number (no fraction)",
        ),
        "validation.float_parsing": ("Phải là số", "Must be a number"),
        "validation.float_type": ("Phải là số", "Must be a number"),
        "validation.bool_parsing": ("Phải là đúng hoặc sai", "Must be true or false"),
        "validation.bool_type": ("Phải là đúng hoặc sai", "Must be true or false"),
        "validation.string_type": ("Phải là chuỗi ký tự", "Must be text"),
        "validation.string_pattern_mismatch": ("Định dạng không hợp lệ", "Invalid format"),
        "validation.enum": (
            "Phải là một trong các giá trị: {expected}",
            "Must be one of: {expected}",
        ),
        "validation.literal_error": (
            "Phải là một trong các giá trị: {expected}",
            "Must be one of: {expected}",
        ),
        "validation.extra_forbidden": (
            "Trường này không được chấp nhận",
            "This field is not accepted",
        ),
        "validation.json_invalid": (
            "Nội dung gửi lên không phải JSON hợp lệ",
            "Body is not valid JSON",
        ),
        "validation.uuid_parsing": ("Mã định danh (UUID) không hợp lệ", "Not a valid UUID"),
        "validation.uuid_type": ("Mã định danh (UUID) không hợp lệ", "Not a valid UUID"),
        "validation.date_parsing": (
            "Ngày không hợp lệ (định dạng YYYY-MM-DD)",
            "Not a valid date (YYYY-MM-DD)",
        ),
        "validation.date_from_datetime_parsing": (
            "Ngày không hợp lệ (định dạng YYYY-MM-DD)",
            "Not a valid date (YYYY-MM-DD)",
        ),
        "validation.date_in_future": (
            "Ngày không được sau ngày hôm nay",
            "A date cannot be after today",
        ),
        "validation.date_from_datetime_inexact": (
            "Chỉ nhập ngày, không kèm giờ",
            "A date without a time of day",
        ),
        "validation.date_type": (
            "Ngày không hợp lệ (định dạng YYYY-MM-DD)",
            "Not a valid date (YYYY-MM-DD)",
        ),
        "validation.datetime_parsing": ("Thời điểm không hợp lệ", "Not a valid date and time"),
        "validation.datetime_from_date_parsing": (
            "Thời điểm không hợp lệ",
            "Not a valid date and time",
        ),
        "validation.datetime_type": ("Thời điểm không hợp lệ", "Not a valid date and time"),
        "validation.model_type": ("Phải là một đối tượng JSON", "Must be a JSON object"),
        "validation.model_attributes_type": (
            "Phải là một đối tượng JSON",
            "Must be a JSON object",
        ),
        "validation.dict_type": ("Phải là một đối tượng JSON", "Must be a JSON object"),
        "validation.list_type": ("Phải là một danh sách", "Must be a list"),
        "validation.value_error": ("Giá trị không hợp lệ", "Invalid value"),
        "validation.not_null": ("Không được để trống", "May not be null"),
        "validation.read_only": (
            "Bạn không được sửa trường này",
            "You may not change this field",
        ),
        "validation.not_future": ("Không được ở tương lai", "Cannot be in the future"),
        "validation.after": ("Phải sau {other}", "Must be after '{other}'"),
        "validation.not_before": ("Không được trước {other}", "Must not be before '{other}'"),
        "validation.required": ("Bắt buộc nhập", "Required"),
        "validation.must_differ": (
            "Phải khác {other}",
            "Must differ from {other}",
        ),
        # the text rule (kc_common.schemas)
        "text.nul": ("Không được chứa ký tự NUL", "May not contain NUL characters"),
        "text.bidi": (
            "Không được chứa ký tự điều khiển hướng chữ (U+202A–U+202E, U+2066–U+2069)",
            "May not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069)",
        ),
        "text.zero_width": (
            "Không được chứa ký tự không độ rộng (U+200B–U+200D, U+2060, U+FEFF)",
            "May not contain zero-width characters (U+200B–U+200D, U+2060, U+FEFF)",
        ),
        "text.line_break": (
            "Không được chứa ký tự tab hoặc xuống dòng",
            "May not contain tabs or line breaks",
        ),
        "text.control": (
            "Không được chứa ký tự điều khiển ({char})",
            "May not contain control characters ({char})",
        ),
        # pagination and idempotency
        "pagination.unknown_sort": (
            "Không sắp xếp được theo '{key}'; dùng một trong: {allowed}",
            "Cannot sort by '{key}'; use one of: {allowed}",
        ),
        "idempotency.key_reused": (
            "Mã yêu cầu (Idempotency-Key) đã dùng cho một yêu cầu khác; vui lòng mở lại biểu mẫu",
            "This key was already used for a different request",
        ),
        "idempotency.busy": (
            "Một yêu cầu cùng mã đang được xử lý; vui lòng thử lại sau",
            "A request with this key is still in progress",
        ),
    }
)
