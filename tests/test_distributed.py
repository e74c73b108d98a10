"""Extraction on a Dask cluster gives exactly the local tables (a small LocalCluster of 2 processes)."""

from __future__ import annotations

import pandas as pd
import pytest

pytest.importorskip("synthesis.extract")
distributed = pytest.importorskip("distributed")

from synthesis import scale  # noqa: E402
from synthesis.distributed import ClusterExtractor, extract_on_cluster  # noqa: E402

pytestmark = pytest.mark.slow

TEXTS = [
    "We use Magic Notes to transcribe home visits. It saves social workers hours.",
    "We stopped using Copilot last year because of data protection worries.",
    "A DPIA was completed and a worker always checks the output.",
    "Funding and procurement rules. Our data is poor quality.",
    "We ran a pilot with CaseLens, an app built by a small supplier.",
    "N/A",
    "Staff say recording is quicker and families feel listened to.",
]


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    ) as local:
        yield local


def _responses() -> pd.DataFrame:
    rows = []
    for i in range(6):
        rows.append({
            "source_row": i + 1, "respondent_id": f"R{i}", "confidential": False,
            "tools_used": TEXTS[i % len(TEXTS)], "impact": TEXTS[(i + 3) % len(TEXTS)],
            "barriers": TEXTS[(i + 5) % len(TEXTS)],
        })
    return pd.DataFrame(rows)


def test_cluster_results_are_in_order_and_equal_local(cluster):
    from synthesis.nlp import build_pipeline

    local = scale.extract_texts(TEXTS, build_pipeline())
    remote = extract_on_cluster([(f"R{i}", "tools_used", t) for i, t in enumerate(TEXTS)], cluster, chunk_size=2)
    assert remote == local


def test_run_extraction_on_the_cluster_equals_local(cluster, tmp_path):
    responses = _responses()
    local = scale.run_extraction(responses, use_cache=False)
    remote = scale.run_extraction(responses, use_cache=False, scheduler=cluster.scheduler_address)
    cached = scale.run_extraction(responses, cache_dir=tmp_path, scheduler=cluster.scheduler_address)
    assert scale.last_stats.extracted == len(set(TEXTS) & set(responses[["tools_used", "impact", "barriers"]].stack()))
    for other in (remote, cached):
        pd.testing.assert_frame_equal(other.mentions, local.mentions)
        pd.testing.assert_frame_equal(other.sentences, local.sentences)


def test_workers_with_other_versions_are_refused(cluster):
    from synthesis.cache import version_inputs

    different = {**version_inputs(), "tools": "another tool list"}
    extractor = ClusterExtractor(cluster.scheduler_address, check_versions=different)
    try:
        with pytest.raises(RuntimeError, match="differs from this machine in: tools"):
            extractor(["We use Magic Notes."], lambda n: None)
    finally:
        extractor.close()
