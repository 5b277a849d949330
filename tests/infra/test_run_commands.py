"""`make run` (scripts/run.py): every process listens on loopback; the services stay there even
when the gateway is moved, since a direct call to a service skips the gateway's audit."""

from __future__ import annotations

import re

from tests.infra.conftest import SCRIPTS, load_script

run = load_script("run")


def host_of(argv: list[str]) -> str:
    assert argv.count("--host") == 1, argv
    return argv[argv.index("--host") + 1]


def test_make_run_binds_every_process_to_loopback() -> None:
    default = run.arg_parser().parse_args([]).host
    argv = run.commands(default)
    assert set(argv) == {"gateway", "registry", "projects", "budget", "reports"}
    assert {name: host_of(a) for name, a in argv.items()} == dict.fromkeys(argv, "127.0.0.1")


def test_the_makefile_does_not_move_the_gateway() -> None:
    makefile = (SCRIPTS.parent / "Makefile").read_text()
    recipe = re.search(r"^run:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert recipe and "scripts/run.py" in recipe.group(1)
    assert "--host" not in recipe.group(1)


def test_host_moves_only_the_gateway() -> None:
    argv = run.commands("0.0.0.0")
    assert host_of(argv["gateway"]) == "0.0.0.0"
    for name in ("registry", "projects", "budget", "reports"):
        assert host_of(argv[name]) == "127.0.0.1", name


def test_each_process_gets_its_port() -> None:
    for name, argv in run.commands().items():
        assert argv[argv.index("--port") + 1] == str(run.SERVICES[name][1])
