"""Run independent test commands side by side (`make test-py`, `make test-system`).

    parallel_tests.py [--jobs N] JOB [JOB ...]      JOB = "NAME::DIR::COMMAND"

Every job runs in its own process group with its output kept aside; when it ends its output is
printed whole under a `== NAME` header, so two suites never interleave their lines. The jobs start
in the order given (put the longest first) and at most N run at once (default: TEST_JOBS, else 2).
The exit status is 1 if any job failed; a summary names each job with its status, wall and CPU
time.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Job:
    name: str
    cwd: Path
    command: str
    returncode: int | None = None
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # user + system time of the job and every process it waited for
    output: str = ""
    proc: subprocess.Popen[bytes] | None = field(default=None, repr=False)


def parse(spec: str) -> Job:
    try:
        name, cwd, command = spec.split("::", 2)
    except ValueError:
        raise SystemExit(f"a job is NAME::DIR::COMMAND, not {spec!r}") from None
    return Job(name, Path(cwd), command)


def default_jobs() -> int:
    """TEST_JOBS, else 2: the suites wait on databases and sockets a good part of the time, so two
    keep a 2-core machine busy; more would mainly add PostgreSQL connections (a service suite on
    PostgreSQL can hold ~60 of the server's default 100 in its concurrency tests)."""
    return max(1, int(os.environ.get("TEST_JOBS") or 2))


def run(job: Job, lock: threading.Lock, printed: list[Job]) -> None:
    started = time.monotonic()
    with tempfile.TemporaryFile() as out:
        job.proc = subprocess.Popen(
            ["bash", "-c", job.command],
            cwd=job.cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C / a failure elsewhere stops its whole group
        )
        _, status, usage = os.wait4(job.proc.pid, 0)
        job.proc.returncode = job.returncode = os.waitstatus_to_exitcode(status)
        job.cpu_seconds = usage.ru_utime + usage.ru_stime
        job.seconds = time.monotonic() - started
        out.seek(0)
        job.output = out.read().decode(errors="replace")
    with lock:
        status = "passed" if job.returncode == 0 else f"FAILED (exit {job.returncode})"
        took = f"{job.seconds:.0f} s, CPU {job.cpu_seconds:.0f} s"
        print(f"== {job.name}: {status} in {took}", flush=True)
        sys.stdout.write(job.output if job.output.endswith("\n") else job.output + "\n")
        sys.stdout.flush()
        printed.append(job)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("specs", nargs="+", metavar="NAME::DIR::COMMAND")
    args = parser.parse_args(argv)
    jobs = [parse(s) for s in args.specs]
    lock = threading.Lock()
    printed: list[Job] = []
    slots = threading.Semaphore(max(1, args.jobs))
    threads: list[threading.Thread] = []
    started = time.monotonic()
    print(f"running {len(jobs)} test jobs, {args.jobs} at a time", flush=True)

    def worker(job: Job) -> None:
        try:
            run(job, lock, printed)
        finally:
            slots.release()

    try:
        for job in jobs:
            slots.acquire()
            with lock:
                print(f"-- started {job.name}", flush=True)
            thread = threading.Thread(target=worker, args=(job,), daemon=True)
            thread.start()
            threads.append(thread)
        for thread in threads:
            thread.join()
    except KeyboardInterrupt:
        for job in jobs:
            if job.proc is not None and job.proc.poll() is None:
                os.killpg(job.proc.pid, signal.SIGTERM)
        print("interrupted", file=sys.stderr)
        return 130

    failed = [j for j in jobs if j.returncode != 0]
    cpu = sum(j.cpu_seconds for j in jobs)
    wall = time.monotonic() - started
    print(f"\n== summary ({wall:.0f} s wall, CPU {cpu:.0f} s, {args.jobs} at a time)")
    for job in jobs:
        status = "passed" if job.returncode == 0 else f"FAILED (exit {job.returncode})"
        print(f"   {status:<18} {job.seconds:6.0f} s  CPU {job.cpu_seconds:5.0f} s  {job.name}")
    if failed:
        names = ", ".join(j.name for j in failed)
        print(f"{len(failed)} of {len(jobs)} test jobs failed: {names}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
