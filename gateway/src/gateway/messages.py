"""The gateway's words for its problems (sign-in, users, clients), in the shared catalogue."""

from kc_common.messages import register

register(
    {
        # sign-in (the OAuth2 token endpoint)
        "auth.invalid_grant": ("Đăng nhập không thành công.", "Invalid grant."),
        "auth.wrong_password": (
            "Sai tên đăng nhập hoặc mật khẩu.",
            "Wrong username or password.",
        ),
        "auth.unknown_refresh_token": (
            "Phiên đăng nhập không hợp lệ. Vui lòng đăng nhập lại.",
            "Unknown refresh token.",
        ),
        "auth.refresh_token_reused": (
            "Phiên đăng nhập đã được dùng lại nên đã bị kết thúc. Vui lòng đăng nhập lại.",
            "This refresh token was already used; the session has been ended.",
        ),
        "auth.refresh_token_expired": (
            "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.",
            "The refresh token has expired.",
        ),
        "auth.account_locked": (
            "Đăng nhập sai quá nhiều lần; vui lòng thử lại sau {minutes} phút.",
            "Too many failed logins; try again in {minutes} minutes.",
        ),
        "auth.rate_limited": (
            "Đăng nhập quá nhiều lần; vui lòng thử lại sau {retry_after} giây.",
            "Too many attempts; try again in {retry_after} seconds.",
        ),
        "auth.invalid_client": (
            "Ứng dụng không được nhận diện hoặc sai khóa bí mật.",
            "Unknown client or wrong secret.",
        ),
        "auth.invalid_scope": (
            "Ứng dụng không được cấp các quyền: {scopes}.",
            "Not granted to this client: {scopes}.",
        ),
        "auth.malformed_basic": (
            "Thông tin xác thực HTTP Basic không đúng định dạng",
            "Malformed HTTP Basic credentials",
        ),
        "auth.grant_field_required": (
            "Bắt buộc với kiểu cấp quyền (grant_type) này",
            "Required for this grant_type",
        ),
        "auth.token_not_user": (
            "Mã truy cập không gắn với người dùng nào.",
            "The token does not name a user.",
        ),
        "auth.user_inactive": (
            "Tài khoản không còn tồn tại hoặc đã bị khóa.",
            "The user no longer exists or is disabled.",
        ),
        # passwords
        "auth.weak_password": ("Mật khẩu quá yếu.", "The password is too weak."),
        "auth.password_too_short": (
            "Mật khẩu phải có ít nhất {min_length} ký tự",
            "The password must be at least {min_length} characters long",
        ),
        "auth.password_common": (
            "Mật khẩu nằm trong danh sách mật khẩu phổ biến; hãy chọn mật khẩu khác",
            "The password is one of the most common passwords; choose another",
        ),
        "auth.password_contains_username": (
            "Mật khẩu không được chứa tên đăng nhập",
            "The password may not contain the username",
        ),
        # users and clients
        "user.not_found": ("Không tìm thấy người dùng.", "No such user."),
        "user.username_taken": (
            "Tên đăng nhập '{username}' đã tồn tại.",
            "Username '{username}' is taken.",
        ),
        "user.enterprise_required": (
            "Tài khoản doanh nghiệp phải gắn với một cơ sở",
            "Required for the enterprise role",
        ),
        "user.enterprise_not_allowed": (
            "Chỉ tài khoản doanh nghiệp mới gắn với cơ sở",
            "Only the enterprise role has one",
        ),
        "user.enterprise_unknown": (
            "Không có cơ sở nào với mã này",
            "No enterprise has this id",
        ),
        "user.enterprise_inactive": (
            "Cơ sở không còn hoạt động (trạng thái: {status})",
            "The enterprise is not active (status: {status})",
        ),
        "user.registry_unreachable": (
            "Không kiểm tra được cơ sở vì không kết nối được dịch vụ cơ sở dữ liệu doanh nghiệp.",
            "The enterprise registry cannot be reached to check the enterprise.",
        ),
        "users.own_access": (
            "Quản trị viên không thể tự hạ quyền hoặc khóa tài khoản của mình; "
            "hãy nhờ quản trị viên khác.",
            "An administrator cannot demote or deactivate their own account; ask another admin.",
        ),
        "users.last_admin": (
            "Đây là quản trị viên cuối cùng đang hoạt động; hãy cấp quyền quản trị cho người "
            "khác trước.",
            "This is the last active administrator; make another user admin first.",
        ),
        "client.not_found": ("Không tìm thấy ứng dụng.", "No such client."),
        "notification.not_found": ("Không tìm thấy thông báo.", "No such notification."),
        "client.exists": (
            "Ứng dụng '{client_id}' đã tồn tại.",
            "Client '{client_id}' exists.",
        ),
        "clients.client_id_like_a_user": (
            "Mã ứng dụng không được có dạng UUID: đó là dạng định danh của người dùng.",
            "A client id cannot be shaped like a UUID: that is how users are identified.",
        ),
        "clients.service_client": (
            "'{client_id}' là định danh của một dịch vụ trong hệ thống: khóa bí mật, quyền và "
            "trạng thái của nó do bộ phận vận hành thay đổi, không qua giao diện này.",
            "'{client_id}' is a service's own identity: its secret, scopes and activity are "
            "changed by operations (GATEWAY_BOOTSTRAP_CLIENTS), not through the API.",
        ),
    }
)
