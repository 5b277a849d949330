"""Where document bytes live: an S3-compatible object store (MinIO) in production, the local disk
for `make run`. Both behind one small interface; keys are never reused, so nothing is ever
overwritten (a new version of a document is a new object).

S3 goes through boto3, AWS's maintained client, called in worker threads: its transfer manager
already does multipart uploads of a file object in bounded chunks, and boto3 is what MinIO and
moto document. aioboto3 would avoid the threads but wraps a pinned aiobotocore that lags botocore;
for a few uploads a minute the thread hop costs nothing measurable.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, BinaryIO, Protocol

import anyio
from anyio import to_thread

CHUNK = 256 * 1024


class StorageError(Exception):
    """The store did not take or give the bytes (unreachable, refused, object missing)."""


class DocumentStorage(Protocol):
    async def put(self, key: str, source: BinaryIO, *, size: int, content_type: str) -> None:
        """Store `size` bytes read from `source` under a key that must not exist yet."""

    def open(self, key: str) -> AsyncIterator[bytes]:
        """The object's bytes in chunks."""

    async def delete(self, key: str) -> None:
        """Remove an object (only ever one whose record was not written)."""


class LocalStorage:
    """Files under a directory (`var/documents` for `make run`)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise StorageError(f"key outside the storage root: {key!r}")
        return path

    async def put(self, key: str, source: BinaryIO, *, size: int, content_type: str) -> None:
        path = self._path(key)

        def write() -> None:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(path.name + ".partial")
            # "xb": never overwrite, not even a half-written leftover of the same key
            with partial.open("xb") as out:
                while chunk := source.read(CHUNK):
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.link(partial, path)  # fails if the key exists: no overwrite
            partial.unlink()

        try:
            await to_thread.run_sync(write)
        except OSError as exc:
            raise StorageError(f"cannot write {key}: {exc}") from exc

    async def open(self, key: str) -> AsyncIterator[bytes]:
        path = self._path(key)
        try:
            handle = await anyio.open_file(path, "rb")
        except OSError as exc:
            raise StorageError(f"cannot read {key}: {exc}") from exc
        async with handle:
            while chunk := await handle.read(CHUNK):
                yield chunk

    async def delete(self, key: str) -> None:
        await to_thread.run_sync(lambda: self._path(key).unlink(missing_ok=True))


class S3Storage:
    """An S3 bucket (MinIO, or any S3-compatible store)."""

    def __init__(
        self,
        *,
        bucket: str,
        endpoint_url: str | None,
        region: str,
        access_key_id: str | None,
        secret_access_key: str | None,
    ) -> None:
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.client: Any = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region,
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            config=Config(
                s3={"addressing_style": "path"},  # MinIO serves buckets under the path
                retries={"max_attempts": 3, "mode": "standard"},
                connect_timeout=5,
                read_timeout=30,
            ),
        )

    async def put(self, key: str, source: BinaryIO, *, size: int, content_type: str) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            await to_thread.run_sync(
                lambda: self.client.upload_fileobj(
                    source, self.bucket, key, ExtraArgs={"ContentType": content_type}
                )
            )
        except (BotoCoreError, ClientError) as exc:
            raise StorageError(f"cannot store {key}: {exc}") from exc

    async def open(self, key: str) -> AsyncIterator[bytes]:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            response = await to_thread.run_sync(
                lambda: self.client.get_object(Bucket=self.bucket, Key=key)
            )
            body = response["Body"]
            try:
                while chunk := await to_thread.run_sync(body.read, CHUNK):
                    yield chunk
            finally:
                body.close()
        except (BotoCoreError, ClientError) as exc:
            raise StorageError(f"cannot read {key}: {exc}") from exc

    async def delete(self, key: str) -> None:
        await to_thread.run_sync(lambda: self.client.delete_object(Bucket=self.bucket, Key=key))

    async def ensure_bucket(self) -> None:
        """Create the bucket if missing (development and tests; production provisions it)."""
        from botocore.exceptions import ClientError

        def ensure() -> None:
            try:
                self.client.head_bucket(Bucket=self.bucket)
            except ClientError:
                self.client.create_bucket(Bucket=self.bucket)

        await to_thread.run_sync(ensure)
