"""`make backup` / `make restore`: every service database of a `make run` system, in one folder.

    python scripts/backup.py backup  [--database sqlite|postgres] [--out DIR]
    python scripts/backup.py restore DIR [--database sqlite|postgres]

The databases are the ones `make run` uses (scripts/run.py: `var/data/*.db` on SQLite, the
`khuyencong_*` databases on PostgreSQL), so a service added there is backed up without a change
here. PostgreSQL is dumped with `pg_dump --format=custom` (consistent per database, restorable
with `pg_restore`); SQLite with its online backup API (consistent while the services write).
Each folder has a `manifest.json` with the sha256 of every file; restore refuses a folder whose
files do not match it, and replaces each database whole.

Services write independently, so a backup taken while they run is consistent per database, not
across them; stop `make run` first for a backup whose databases agree to the second (the sagas'
reconciliation mends a project/commitment pair cut in between, as after a crash).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import VAR, database_urls

MANIFEST = "manifest.json"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _libpq_url(url: str) -> str:
    """pg_dump speaks libpq: drop SQLAlchemy's driver suffix."""
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


def _sqlite_path(url: str) -> Path:
    return Path(url.split("///", 1)[1])


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy even while a service writes to `source`."""
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


def backup(kind: str, urls: dict[str, str], out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=False)
    files: dict[str, dict[str, str]] = {}
    for name, url in urls.items():
        if kind == "sqlite":
            source = _sqlite_path(url)
            if not source.exists():
                raise SystemExit(f"{name}: {source} does not exist (has `make run` been run?)")
            target = out / f"{name}.db"
            _sqlite_copy(source, target)
        else:
            target = out / f"{name}.dump"
            subprocess.run(
                ["pg_dump", "--format=custom", "--no-owner", f"--file={target}", _libpq_url(url)],
                check=True,
            )
        files[name] = {"file": target.name, "sha256": _sha256(target)}
    manifest = {
        "database": kind,
        "taken_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "databases": files,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return out


def _checked_manifest(folder: Path, kind: str, urls: dict[str, str]) -> dict[str, dict[str, str]]:
    manifest = json.loads((folder / MANIFEST).read_text())
    if manifest["database"] != kind:
        raise SystemExit(f"{folder} holds a {manifest['database']} backup, not {kind}")
    files: dict[str, dict[str, str]] = manifest["databases"]
    if missing := sorted(set(urls) - set(files)):
        raise SystemExit(f"{folder} has no backup of: {', '.join(missing)}")
    for entry in files.values():
        if _sha256(folder / entry["file"]) != entry["sha256"]:
            raise SystemExit(f"{folder / entry['file']}: sha256 differs from the manifest")
    return files


def restore(kind: str, urls: dict[str, str], folder: Path) -> None:
    files = _checked_manifest(folder, kind, urls)  # every file checked before anything changes
    for name, url in urls.items():
        source = folder / files[name]["file"]
        if kind == "sqlite":
            target = _sqlite_path(url)
            target.parent.mkdir(parents=True, exist_ok=True)
            _sqlite_copy(source, target)
        else:
            _recreate_pg_database(url)
            subprocess.run(
                ["pg_restore", "--no-owner", "--exit-on-error", "-d", _libpq_url(url), str(source)],
                check=True,
            )
        print(f"restored {name} from {source}", flush=True)


def _recreate_pg_database(url: str) -> None:
    base, name = _libpq_url(url).rsplit("/", 1)
    for statement in (
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        f'CREATE DATABASE "{name}"',
    ):
        subprocess.run(["psql", "-q", "-d", f"{base}/postgres", "-c", statement], check=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("action", choices=["backup", "restore"])
    parser.add_argument("folder", nargs="?", help="restore: the backup folder")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "KC_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument("--out", help="backup: the folder to create (default var/backups/<time>)")
    args = parser.parse_args(argv)
    urls = database_urls(args.database, args.postgres_url)
    if args.action == "backup":
        out = Path(args.out) if args.out else VAR / "backups" / time.strftime("%Y%m%d-%H%M%S")
        print(f"backed up {len(urls)} databases to {backup(args.database, urls, out)}")
    else:
        if not args.folder:
            parser.error("restore needs the backup folder")
        restore(args.database, urls, Path(args.folder))


if __name__ == "__main__":
    main()
