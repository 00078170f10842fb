"""End to end as users meet it: the wheel in a fresh venv, and the pre-commit hook for real.

Both build environments from the package registry, so they take tens of seconds each.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPAM = "Isotretinoin tips.\n\nBuy accutane online at [our shop](https://dosepharmacy.example/accutane).\n"
CLEAN = "Isotretinoin tips.\n\nGet it only from a licensed pharmacy with a prescription.\n"

pytestmark = pytest.mark.slow


def test_wheel_ships_the_rules_and_runs_outside_the_checkout(tmp_path):
    pytest.importorskip("build")
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("medlint_health-*.whl")
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    article = tmp_path / "post.md"
    article.write_text(SPAM, encoding="utf-8")
    result = subprocess.run(
        [str(env_dir / "bin" / "medlint"), "check", "post.md"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 1, result.stderr
    assert "post.md:3:1: MED101" in result.stdout
    rules = subprocess.run(
        [str(python), "-c", "from medlint.rulebook.ruleset import builtin_rules_dir as d; print(d())"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert "site-packages" in rules, rules


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_hook_fails_on_spam_and_passes_on_clean(tmp_path, tmp_path_factory):
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    if not Path(pre_commit).exists():
        pytest.skip("pre-commit is not installed")
    repo = tmp_path / "site"
    repo.mkdir()
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path_factory.getbasetemp() / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    (repo / "spam.md").write_text(SPAM, encoding="utf-8")
    (repo / "clean.md").write_text(CLEAN, encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)

    def hook(name: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [pre_commit, "try-repo", str(ROOT), "medlint", "--files", name],
            cwd=repo,
            capture_output=True,
            text=True,
            env=env,
        )

    failing = hook("spam.md")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "spam.md:3:1: MED101" in failing.stdout
    passing = hook("clean.md")
    assert passing.returncode == 0, passing.stdout + passing.stderr
