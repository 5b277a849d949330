"""The token signing key: from settings, or (outside production) generated once into keys_dir."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import tempfile
from typing import TYPE_CHECKING

from kc_common.auth import TokenSigner, generate_ed25519_pem

if TYPE_CHECKING:
    from gateway.settings import GatewaySettings

KEY_FILE_NAME = "gateway-signing-key.pem"


def load_signing_key(settings: GatewaySettings) -> str:
    if settings.jwt_private_key:
        return settings.jwt_private_key
    if settings.jwt_private_key_file:
        return settings.jwt_private_key_file.read_text()
    if settings.environment == "production":
        raise RuntimeError("production refuses to start without a token signing key")
    path = settings.keys_dir / KEY_FILE_NAME
    if path.exists():
        return path.read_text()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write to a temporary file, then link it into place: several workers starting at once
    # agree on one key (the first link wins, the others read the winner's key).
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".key-")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(generate_ed25519_pem())
        os.chmod(tmp, 0o600)
        with contextlib.suppress(FileExistsError):  # another worker's key won
            os.link(tmp, path)
    finally:
        os.unlink(tmp)
    return path.read_text()


def public_pem(private_pem: str) -> str:
    return _signer(private_pem, "k").public_key_pem()


def key_id(private_pem: str) -> str:
    """RFC 7638 thumbprint of the public key: stable across restarts and replicas."""
    jwk = _signer(private_pem, "k").public_jwk()
    canonical = json.dumps(
        {"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"]}, separators=(",", ":")
    )
    digest = hashlib.sha256(canonical.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def build_signer(settings: GatewaySettings) -> TokenSigner:
    pem = settings.signing_key_pem()
    return TokenSigner(
        pem, kid=key_id(pem), audience=settings.jwt_audience, issuer=settings.jwt_issuer
    )


def _signer(private_pem: str, kid: str) -> TokenSigner:
    return TokenSigner(private_pem, kid=kid, audience="-", issuer="-")
