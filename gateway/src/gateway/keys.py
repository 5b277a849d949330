"""The token signing keys: the current private key and the previous key's public half.

Where they come from, in order:
- `GATEWAY_JWT_PRIVATE_KEY` (inline PEM): fixed for the life of the process;
- `GATEWAY_JWT_PRIVATE_KEY_FILE` (+ optional `GATEWAY_JWT_PREVIOUS_KEY_FILE`): files, re-read
  when they change (a Kubernetes Secret volume updates them in place);
- otherwise (never in production) `keys_dir`: `gateway-signing-key.pem`, generated once, and
  `gateway-signing-key.previous.pem` after a rotation, also re-read when they change.

Rotation without downtime: the JWKS publishes both keys, so tokens signed before the rotation
stay valid until they expire while new ones carry the new `kid`; services fetch the JWKS again
when they meet an unknown `kid`. `python -m gateway.keys rotate` (`make rotate-keys`) rotates
a keys_dir; it refuses to rotate twice within one access-token lifetime, because the key before
the previous one would disappear while tokens it signed are still live.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import jwt

from gateway.settings import GatewaySettings
from kc_common.auth import TokenSigner, generate_ed25519_pem

KEY_FILE_NAME = "gateway-signing-key.pem"
PREVIOUS_KEY_FILE_NAME = "gateway-signing-key.previous.pem"
RELOAD_CHECK_SECONDS = 2.0


def _write_atomically(path: Path, text: str, *, exclusive: bool = False) -> None:
    """Write to a temporary file, then link or rename it into place: readers (other workers)
    never see half a key. `exclusive`: the first writer wins, the others keep the winner's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".key-")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.chmod(tmp, 0o600)
        if exclusive:
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)
        else:
            os.replace(tmp, path)
            tmp = ""
    finally:
        if tmp:
            os.unlink(tmp)


def _key_files(settings: GatewaySettings) -> tuple[Path, Path | None] | None:
    if settings.jwt_private_key:
        return None
    if settings.jwt_private_key_file:
        return settings.jwt_private_key_file, settings.jwt_previous_key_file
    if settings.environment == "production":
        raise RuntimeError("production refuses to start without a token signing key")
    path = settings.keys_dir / KEY_FILE_NAME
    if not path.exists():
        _write_atomically(path, generate_ed25519_pem(), exclusive=True)
    return path, settings.keys_dir / PREVIOUS_KEY_FILE_NAME


def load_signing_key(settings: GatewaySettings) -> str:
    files = _key_files(settings)
    if files is None:
        assert settings.jwt_private_key
        return settings.jwt_private_key
    return files[0].read_text()


def public_pem(pem: str) -> str:
    """The public half of a private key PEM; a public key PEM as it is."""
    if "PRIVATE KEY" in pem:
        return _signer(pem, "k").public_key_pem()
    return pem


def key_id(pem: str) -> str:
    """RFC 7638 thumbprint of the public key: stable across restarts and replicas."""
    jwk = _public_jwk(public_pem(pem))
    canonical = json.dumps(
        {"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"]}, separators=(",", ":")
    )
    digest = hashlib.sha256(canonical.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _public_jwk(public_key_pem: str) -> dict[str, Any]:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import load_pem_public_key
    from jwt.algorithms import OKPAlgorithm

    key = load_pem_public_key(public_key_pem.encode())
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("token signing keys are Ed25519")
    return dict(json.loads(OKPAlgorithm.to_jwk(key)))


def build_signer(settings: GatewaySettings, pem: str | None = None) -> TokenSigner:
    pem = pem or load_signing_key(settings)
    return TokenSigner(
        pem, kid=key_id(pem), audience=settings.jwt_audience, issuer=settings.jwt_issuer
    )


def _signer(private_pem: str, kid: str) -> TokenSigner:
    return TokenSigner(private_pem, kid=kid, audience="-", issuer="-")


class KeyRing:
    """The signer in use and every public key that still verifies (current and previous)."""

    def __init__(self, settings: GatewaySettings) -> None:
        self._settings = settings
        self._files = _key_files(settings)
        self._stamp: tuple[float, ...] = ()
        self._checked_at = 0.0
        self.signer = build_signer(settings)
        self._public: dict[str, dict[str, Any]] = {}
        self._verifying: dict[str, jwt.PyJWK] = {}
        self._load()

    @property
    def signer_kid(self) -> str:
        return self.signer.kid

    def jwks(self) -> list[dict[str, Any]]:
        self.reload_if_changed()
        return list(self._public.values())

    def verifying_keys(self) -> dict[str, jwt.PyJWK]:
        self.reload_if_changed()
        return self._verifying

    def current_signer(self) -> TokenSigner:
        self.reload_if_changed()
        return self.signer

    def reload_if_changed(self) -> bool:
        """Re-read the key files if they changed (looked at no more than every 2 s)."""
        if self._files is None:
            return False
        now = time.monotonic()
        if now - self._checked_at < RELOAD_CHECK_SECONDS:
            return False
        self._checked_at = now
        if self._file_stamp() == self._stamp:
            return False
        self._load()
        return True

    def _file_stamp(self) -> tuple[float, ...]:
        if self._files is None:
            return ()
        stamps = []
        for path in self._files:
            try:
                stamps.append(path.stat().st_mtime) if path else stamps.append(0.0)
            except FileNotFoundError:
                stamps.append(0.0)
        return tuple(stamps)

    def _load(self) -> None:
        self._stamp = self._file_stamp()
        pems = [self._settings.jwt_private_key] if self._files is None else []
        if self._files is not None:
            current, previous = self._files
            pems.append(current.read_text())
            if previous is not None and previous.exists():
                pems.append(previous.read_text())
        assert pems[0]
        self.signer = build_signer(self._settings, pems[0])
        public: dict[str, dict[str, Any]] = {}
        for pem in pems:
            if pem:
                kid = key_id(pem)
                public[kid] = {**_public_jwk(public_pem(pem)), "kid": kid, "alg": "EdDSA",
                               "use": "sig"}  # fmt: skip
        self._public = public
        self._verifying = {kid: jwt.PyJWK.from_dict(jwk) for kid, jwk in public.items()}


def rotate(keys_dir: Path, *, min_age_seconds: float, force: bool = False) -> str:
    """current → previous, a new current; returns the new key's kid."""
    current, previous = keys_dir / KEY_FILE_NAME, keys_dir / PREVIOUS_KEY_FILE_NAME
    if not current.exists():
        raise SystemExit(f"no signing key in {keys_dir} (start the gateway once first)")
    if previous.exists() and not force:
        age = time.time() - previous.stat().st_mtime
        if age < min_age_seconds:
            raise SystemExit(
                f"the last rotation was {int(age)} s ago; tokens signed with the key before it "
                f"may still be live for {int(min_age_seconds - age)} s (use --force to rotate "
                "anyway and sign those users out)"
            )
    _write_atomically(previous, current.read_text())
    new = generate_ed25519_pem()
    _write_atomically(current, new)
    return key_id(new)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m gateway.keys", description=__doc__.split("\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    rot = sub.add_parser("rotate", help="rotate the signing key of a keys directory")
    rot.add_argument(
        "--keys-dir", type=Path, default=Path(os.environ.get("GATEWAY_KEYS_DIR", "var/keys"))
    )
    rot.add_argument("--min-age-seconds", type=float, default=900, help="the access-token lifetime")
    rot.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    kid = rotate(args.keys_dir, min_age_seconds=args.min_age_seconds, force=args.force)
    print(f"rotated: new signing key {kid} in {args.keys_dir}")
    print("the previous key still verifies the tokens it signed, until the next rotation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
