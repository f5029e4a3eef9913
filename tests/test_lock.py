"""What is installed is exactly what uv.lock says, so a new machine runs what CI tested."""

import importlib.metadata
import re
import sys
import sysconfig
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# `python -m venv` seeds pip, which the Makefile uses once to bootstrap uv; nothing imports it.
SEEDED_BY_VENV = {"pip"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_versions() -> dict[str, str]:
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    return {
        canonical(package["name"]): package["version"]
        for package in lock["package"]
        if "version" in package and package.get("source", {}).get("virtual") != "."
    }


def test_every_installed_distribution_has_the_locked_version():
    if sys.prefix == sys.base_prefix:
        raise AssertionError("the suite must run in the project's virtual environment")
    locked = locked_versions()
    # the environment's own site-packages, not metadata lying in the checkout (a stale *.egg-info)
    site = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    installed = {
        canonical(dist.metadata["Name"]): dist.version
        for dist in importlib.metadata.distributions(path=sorted(site))
    }
    unlocked = sorted(set(installed) - set(locked) - SEEDED_BY_VENV)
    assert unlocked == [], f"installed but not in uv.lock: {unlocked}"
    differ = {
        name: (version, locked[name])
        for name, version in installed.items()
        if name in locked and version != locked[name]
    }
    assert differ == {}, (
        f"installed version differs from uv.lock (installed, locked): {differ}"
    )


def test_the_makefile_bootstraps_the_uv_that_the_lock_pins():
    makefile = (ROOT / "Makefile").read_text()
    bootstrapped = re.search(r"^UV_VERSION := (\S+)$", makefile, re.M)
    assert bootstrapped, "the Makefile names the uv version it bootstraps"
    assert bootstrapped.group(1) == locked_versions()["uv"]


def test_direct_dependencies_are_all_in_the_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = project["project"]["dependencies"] + project["dependency-groups"]["dev"]
    names = {
        canonical(re.split(r"[\[<>=!~; ]", spec, maxsplit=1)[0]) for spec in wanted
    }
    assert names <= set(locked_versions()), names - set(locked_versions())
