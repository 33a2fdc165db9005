"""The GitHub workflows cannot run here, so check they parse and name real actions, targets and commands."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import _parser

from .conftest import REPO

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))
OFFICIAL = {
    "actions/checkout": "v4",
    "actions/setup-python": "v5",
    "actions/configure-pages": "v5",
    "actions/upload-pages-artifact": "v3",
    "actions/deploy-pages": "v4",
    "actions/cache": "v4",
    "peter-evans/create-pull-request": "v7",  # the well-kept action for a pull request from a workflow's changes
}


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text())
    assert isinstance(data, dict)
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def commands(step: dict[str, Any]) -> list[list[str]]:
    script = re.sub(r"\$\{\{[^}]*\}\}", "https://example.org/x", step.get("run", ""))
    script = script.replace("\\\n", " ")
    return [shlex.split(line) for line in script.splitlines() if line.strip() and not line.strip().startswith("#")]


def test_there_are_workflows() -> None:
    assert [p.name for p in WORKFLOWS] == ["deploy.yml", "import-jobs.yml", "pull-request.yml"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_official_and_pinned(path: Path) -> None:
    for step in steps(load(path)):
        if "uses" in step:
            name, _, version = step["uses"].partition("@")
            assert OFFICIAL.get(name) == version, step["uses"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_commands_name_real_targets_and_options(path: Path) -> None:
    targets = set(re.findall(r"^([a-z][\w-]*):", (REPO / "Makefile").read_text(), re.M))
    seen = 0
    for step in steps(load(path)):
        for argv in commands(step):
            if argv[0] == "make":
                assert set(argv[1:]) <= targets, argv
                seen += 1
            elif "generator" in argv and argv[argv.index("generator") - 1] == "-m":
                _parser().parse_args(argv[argv.index("generator") + 1 :])  # exits on an unknown option
                seen += 1
    assert seen >= 2


def test_pull_requests_test_check_and_build() -> None:
    workflow = load(REPO / ".github/workflows/pull-request.yml")
    assert "pull_request" in workflow["on"]
    runs = " ; ".join(step.get("run", "") for step in steps(workflow))
    for needed in ("make test", "generator check --strict", "generator build"):
        assert needed in runs


def test_deploy_builds_for_the_pages_address_and_deploys() -> None:
    workflow = load(REPO / ".github/workflows/deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build = " ".join(step.get("run", "") for step in workflow["jobs"]["build"]["steps"])
    assert '--base-url "${{ steps.pages.outputs.base_url }}/"' in build
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    assert workflow["on"]["schedule"] == [{"cron": "17 0 * * *"}]  # closed job listings leave within a day
    assert [s["uses"] for s in workflow["jobs"]["deploy"]["steps"]] == ["actions/deploy-pages@v4"]


def test_deploy_builds_warm_from_the_last_deploys_cache_and_only_after_a_strict_check() -> None:
    steps_ = load(REPO / ".github/workflows/deploy.yml")["jobs"]["build"]["steps"]
    order = [step.get("run", step.get("uses", "")) for step in steps_]
    cache = steps_[order.index("actions/cache@v4")]["with"]
    assert cache["path"].split() == [".cache", "public"]
    # a new key each run (a saved cache is never overwritten), restored by its prefix: same generator and deps
    assert cache["key"] == cache["restore-keys"] + "${{ github.run_id }}"
    assert "hashFiles('generator/**', 'pyproject.toml')" in cache["restore-keys"]
    checked = order.index("python -m generator check --strict")
    built = next(i for i, run in enumerate(order) if run.startswith("python -m generator build"))
    assert order.index("actions/cache@v4") < checked < built < order.index("actions/upload-pages-artifact@v3")


def test_job_imports_are_checked_and_go_to_one_reviewed_pull_request() -> None:
    workflow = load(REPO / ".github/workflows/import-jobs.yml")
    assert workflow["on"]["schedule"] == [{"cron": "41 3 * * *"}]
    assert "workflow_dispatch" in workflow["on"]
    assert workflow["permissions"] == {"contents": "write", "pull-requests": "write"}
    order = [step.get("run", step.get("uses", "")) for step in steps(workflow)]
    imported = order.index("python -m generator jobs import")
    checked = order.index("python -m generator check --strict")
    opened = order.index("peter-evans/create-pull-request@v7")
    assert imported < checked < opened
    pull = steps(workflow)[opened]["with"]
    assert (pull["branch"], pull["add-paths"]) == ("import-jobs", "content/jobs")  # one pull request, listings only
    assert steps(workflow)[imported]["continue-on-error"] is True
    assert steps(workflow)[-1]["if"] == "steps.import.outcome == 'failure'"  # a failed source still fails the run
