"""`make eval` runs the real ingest DAG on a gold set's dump and reports per document."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import PROJECT_ROOT, SHARED

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not SHARED.exists(), reason="../shared is not beside the project")]


def test_eval_on_the_seeds_prints_every_document_and_writes_the_report(tmp_path):
    report = tmp_path / "report.json"
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.evaluation", "--set", "seeds", "--report", str(report)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    for name in ("000_2ba139ad32a30a4e", "004_33ec13d641dbeefe", "pipeline", "keep_all",
                 "justext_lines", "title exact"):
        assert name in result.stdout
    (seeds,) = json.loads(report.read_text())["sets"]
    assert seeds["name"] == "seeds"
    assert len(seeds["docs"]) == 5
    assert seeds["pipeline"]["f1"] >= 0.99
    assert seeds["title_exact_rate"] == 1.0
    assert seeds["pipeline"]["f1"] > seeds["baselines"]["keep_all"]["f1"]
