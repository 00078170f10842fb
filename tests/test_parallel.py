"""``--jobs``: worker processes give the serial run's output byte for byte; the progress bar."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from medlint import parallel
from medlint.cli import main
from medlint.parallel import Job, Outcome, with_progress
from medlint.report import FORMAT_NAMES

# Articles written for these tests: promotion, a missing-warning candidate, clean prose,
# a hedged claim, HTML and plain text, so several rules and formats take part.
ARTICLES = {
    "01-shop.md": "# Sleep\n\nYou can buy xanax online from our shop today.\n",
    "02-clean.md": "# Sleep\n\nTalk to your doctor before you start any sleeping pill.\n",
    "03-page.html": "<p>Order cheap tramadol overnight, no prescription needed.</p>\n",
    "04-notes.txt": "Some people say turmeric may help joints; the evidence is weak.\n",
    "05-twice.md": "# Offers\n\nbuy xanax online\n\nor buy xanax online again.\n",
    "06-warn.md": "# Acne\n\nIsotretinoin clears severe acne in most patients.\n",
    "07-quote.md": '# Scams\n\nScam sites shout "buy xanax online now" to lure readers.\n',
    "08-cure.md": "# Cancer\n\nThis herbal tea cures cancer.\n",
    "09-empty.md": "",
}


def run(args, cwd: Path, stdin=None):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, args, input=stdin)
    finally:
        os.chdir(old)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "10-binary.md").write_bytes(b"\x00\x01\x02PK\x03\x04" * 40)  # unreadable
    (tmp_path / "11-latin1.txt").write_bytes("Caf\xe9 owners sell xanax online.\n".encode("latin-1"))
    return tmp_path


@pytest.mark.parametrize("output_format", FORMAT_NAMES)
def test_jobs_2_prints_what_jobs_1_prints(folder, output_format):
    args = ["check", "--format", output_format, ".", "missing.md"]
    serial = run([*args, "--jobs", "1"], folder)
    parallel_run = run([*args, "--jobs", "2"], folder)
    assert serial.exit_code == 2  # the binary and the missing file
    assert serial.stdout != ""
    assert parallel_run.stdout_bytes == serial.stdout_bytes
    assert parallel_run.stderr_bytes == serial.stderr_bytes
    assert parallel_run.exit_code == serial.exit_code


def test_jobs_with_standard_input_and_show_source(folder):
    args = ["check", "--show-source", "--statistics", "--stdin-filename", "in.md", "-", "."]
    stdin = "# In\n\nBuy xanax online here.\n"
    serial = run([*args, "-j", "1"], folder, stdin)
    parallel_run = run([*args, "-j", "2"], folder, stdin)
    assert "in.md:3:1: MED101" in serial.stdout
    assert "    3 | Buy xanax online here." in serial.stdout
    assert parallel_run.stdout_bytes == serial.stdout_bytes
    assert parallel_run.stderr_bytes == serial.stderr_bytes


def test_stderr_lines_keep_the_serial_order(folder):
    result = run(["check", "-j", "2", ".", "missing.md"], folder)
    errors = [line for line in result.stderr.splitlines() if line.startswith("medlint:")]
    assert [line.split(":")[2].strip() for line in errors] == ["10-binary.md", "11-latin1.txt", "missing.md"]
    assert errors[1].startswith("medlint: warning: 11-latin1.txt")


def test_jobs_must_be_positive(folder):
    result = run(["check", "--jobs", "0", "."], folder)
    assert result.exit_code == 2
    assert "--jobs" in result.stderr


def test_few_files_are_linted_in_process(linter, monkeypatch, tmp_path):
    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for a handful of files")

    monkeypatch.setattr(parallel.multiprocessing, "get_context", no_pool)
    (tmp_path / "a.md").write_text(ARTICLES["01-shop.md"], encoding="utf-8")
    jobs = [Job("a.md", tmp_path / "a.md")] * (parallel.MIN_PARALLEL_FILES - 1)
    outcomes = list(parallel.lint_jobs(linter, jobs, workers=2))
    assert [(f.rule, f.line, f.column) for f in outcomes[0].findings or ()] == [("MED101", 3, 9)]
    assert len(outcomes) == parallel.MIN_PARALLEL_FILES - 1


def test_a_spawned_worker_builds_its_linter_once_from_the_spec():
    built = []

    def spec():
        built.append(1)
        return "a linter"

    parallel._initialise(None, spec)
    assert parallel._WORKER == "a linter" and built == [1]
    parallel._initialise("inherited", spec)
    assert parallel._WORKER == "inherited" and built == [1]
    parallel._WORKER = None


def test_default_jobs_is_the_usable_cores():
    assert parallel.default_jobs() == len(os.sched_getaffinity(0))


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _outcomes(count: int) -> list[Outcome]:
    return [
        Outcome(f"f{i}.md", (), (f"medlint: warning: f{i}.md: odd bytes",) if i == 3 else ())
        for i in range(count)
    ]


def test_progress_bar_on_a_terminal_for_a_long_run():
    stream = _Terminal()
    items = _outcomes(parallel.PROGRESS_MIN_FILES + 1)
    assert list(with_progress(items, len(items), stream)) == items
    drawn = stream.getvalue()
    assert f"/{len(items)}" in drawn and "file" in drawn
    assert "medlint: warning: f3.md: odd bytes\n" in drawn


def test_no_progress_bar_when_piped_or_short():
    piped = io.StringIO()
    items = _outcomes(parallel.PROGRESS_MIN_FILES + 1)
    assert list(with_progress(items, len(items), piped)) == items
    assert piped.getvalue() == "medlint: warning: f3.md: odd bytes\n"
    short = _Terminal()
    few = _outcomes(parallel.PROGRESS_MIN_FILES)
    list(with_progress(few, len(few), short))
    assert short.getvalue() == "medlint: warning: f3.md: odd bytes\n"
