"""medlint on Dask: a LocalCluster of 2 worker processes gives exactly the serial CLI's findings."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the 'dask' extra is not installed (pip install '.[dask]')")
pq = pytest.importorskip(
    "pyarrow.parquet", reason="the 'dask' extra is not installed (pip install '.[dask]')"
)

import dask.bag as db  # noqa: E402
from click.testing import CliRunner  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402

from medlint import dask_audit  # noqa: E402
from medlint.cli import main  # noqa: E402
from medlint.dask_audit import (  # noqa: E402
    FileResult,
    JsonLinesWriter,
    LinterPlugin,
    LinterSettings,
    ParquetWriter,
    audit_paths,
    audit_texts,
    discover_files,
    lint_path,
    write_results,
)
from medlint.linter import Linter  # noqa: E402

# Sentences written for these tests. Folder names are chosen so that the walk order of
# ``discover`` (a folder's files before its subfolders) differs from the sorted order of the
# output: "shop/zz.md" is walked before "shop/aa/deal.md" but printed after it.
ARTICLES = {
    "shop/zz.md": "# Deals\n\nBuy oxycodone online today, no prescription needed.\n",
    "shop/aa/deal.md": "Order tramadol online without a prescription and save.\n",
    "health/pain.txt": "For a headache, take ibuprofen 800 mg every 2 hours.\n",
    "health/page.html": "<html><body><p>Buy oxycodone online, no prescription needed.</p></body></html>\n",
    # Negatives: a report of the practice, a negated warning, another sense of "buy".
    "health/report.md": (
        "Regulators warned that fake pharmacies sell counterfeit medicines.\n\n"
        "Never buy medicines from websites that do not ask for a prescription.\n\n"
        "The hospital will buy new scanners next year.\n"
    ),
    "empty.md": "",
}


@pytest.fixture(scope="module")
def client():
    """One cluster for the module: 2 single-threaded worker processes, as the issue asks."""
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as connected,
    ):
        yield connected


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive")
    for name, text in ARTICLES.items():
        path = root / "site" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "site" / "broken.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))  # unreadable in both
    return root


def _serial(archive: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[dict], int, str]:
    monkeypatch.chdir(archive)
    result = CliRunner().invoke(main, ["check", "--format", "json", "site"])
    return json.loads(result.stdout)["findings"], result.exit_code, result.stderr


def test_cli_audit_on_two_workers_equals_serial_check(client, archive, monkeypatch):
    serial, serial_code, serial_err = _serial(archive, monkeypatch)
    assert len(serial) >= 5 and {f["path"] for f in serial} >= {"site/shop/zz.md", "site/shop/aa/deal.md"}
    # The working folder is the archive's, the workers' is not: they must read absolute paths.
    result = CliRunner().invoke(
        main,
        [
            "audit",
            "site",
            "--scheduler",
            client.scheduler.address,
            "--partition-size",
            "2",
            "-o",
            "out.jsonl",
        ],
    )
    rows = [json.loads(line) for line in (archive / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows == serial  # same findings, same keys, same order
    assert result.exit_code == serial_code == 2  # broken.md is unreadable in both
    assert result.stderr == serial_err
    assert "medlint: error: site/broken.md: " in result.stderr


def test_report_and_negated_advice_give_no_findings(client, archive, monkeypatch):
    monkeypatch.chdir(archive)
    items = discover_files(["site/health/report.md", "site/empty.md"], LinterSettings().config)
    out = io.StringIO()
    summary = write_results(client, audit_paths(items, LinterSettings()), JsonLinesWriter(out))
    assert out.getvalue() == ""
    assert (summary.files, summary.findings, summary.unreadable, summary.blocking) == (2, 0, 0, False)


def test_parquet_holds_the_same_rows(client, archive, monkeypatch, tmp_path):
    serial, _, _ = _serial(archive, monkeypatch)
    settings = LinterSettings().absolute()
    items = discover_files(["site"], settings.config)
    target = tmp_path / "findings.parquet"
    summary = write_results(
        client, audit_paths(items, settings, 3), ParquetWriter(str(target)), err=io.StringIO()
    )
    table = pq.read_table(target).to_pylist()
    # Parquet has a column for every key; JSON leaves out the empty optional ones (subject, edit).
    rows = [
        {k: json.loads(v) if k == "edit" else v for k, v in row.items() if v is not None} for row in table
    ]
    assert rows == serial
    assert summary.findings == len(serial) and summary.unreadable == 1


def test_empty_audit_writes_a_valid_empty_parquet(client, tmp_path):
    target = tmp_path / "none.parquet"
    write_results(client, audit_paths([], LinterSettings()), ParquetWriter(str(target)))
    table = pq.read_table(target)
    assert table.num_rows == 0 and "rule" in table.column_names and "line" in table.column_names


def test_one_linter_per_worker_however_many_partitions(client, archive, monkeypatch):
    monkeypatch.chdir(archive)
    settings = LinterSettings(select=("MED1",)).absolute()  # settings of their own: a new cache entry
    before = client.run(dask_audit.build_count)
    client.register_plugin(LinterPlugin(settings))
    items = discover_files(["site"], settings.config)
    bag = audit_paths(items, settings, partition_size=1)  # one task per file
    assert bag.npartitions == len(items) == 7
    write_results(client, bag, JsonLinesWriter(io.StringIO()), err=io.StringIO())
    after = client.run(dask_audit.build_count)
    assert {worker: after[worker] - before[worker] for worker in after} == dict.fromkeys(after, 1)


def test_bag_of_texts_gives_each_texts_findings_in_check_order(client):
    texts = [("b.md", ARTICLES["shop/zz.md"]), ("a.txt", ARTICLES["health/pain.txt"])]
    results = audit_texts(db.from_sequence(texts, npartitions=2), LinterSettings()).compute()
    assert [r.path for r in results] == ["b.md", "a.txt"]  # the bag's order
    linter = Linter()
    for (name, text), result in zip(texts, results, strict=True):
        expected = linter.lint_text(text, "markdown" if name.endswith(".md") else "text", name)
        assert list(result.findings) == [f.to_dict() for f in sorted(expected, key=lambda f: f.sort_key())]
    assert [(r["rule"], r["line"], r["column"]) for r in results[0].findings] == [
        ("MED101", 3, 1),
        ("MED108", 3, 29),
    ]


def test_files_are_sorted_by_display_path_not_walk_order(archive, monkeypatch):
    monkeypatch.chdir(archive)
    names = [display for display, _ in discover_files(["site"], LinterSettings().config)]
    assert names == sorted(names)
    assert names.index("site/shop/aa/deal.md") < names.index("site/shop/zz.md")
    assert all(Path(full).is_absolute() for _, full in discover_files(["site"], LinterSettings().config))


def test_missing_file_is_reported_as_check_reports_it():
    assert lint_path(("gone.md", ""), LinterSettings()) == FileResult(
        "gone.md", error="gone.md: no such file or directory"
    )


def test_standard_input_is_refused():
    result = CliRunner().invoke(main, ["audit", "-"])
    assert result.exit_code == 2
    assert "not standard input" in result.stderr


def test_parquet_to_standard_output_is_refused():
    result = CliRunner().invoke(main, ["audit", "x", "--format", "parquet"])
    assert result.exit_code == 2
    assert "--format parquet needs --output FILE" in result.stderr


def test_without_dask_the_audit_command_says_what_to_install(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "medlint.dask_audit", None)  # as if the import failed
    result = CliRunner().invoke(main, ["audit", "site"])
    assert result.exit_code == 2
    assert result.stderr.startswith("medlint: error: ")


def test_audit_help_is_the_audit_commands_own():
    result = CliRunner().invoke(main, ["audit", "--help"])
    assert result.exit_code == 0
    assert "--scheduler ADDRESS" in result.stdout and "--partition-size" in result.stdout
