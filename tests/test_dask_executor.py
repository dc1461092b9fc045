"""Scale out on an existing engine (issue 19, part 7): ``--executor dask://HOST:PORT`` runs
the entries on a Dask cluster; workers return the executed notebook and the page, and the
client writes them, so nothing but the scheduler's address is shared."""

from __future__ import annotations

import pytest

from kazparl import reports
from kazparl.reports import remote

pytestmark = pytest.mark.slow

PLAN = """
[[report]]
notebook = "vote_shares"
name = "default"

[[report]]
notebook = "vote_shares"
name = "broken"
parameters = { seats = 0 }
"""


def test_a_build_on_a_local_dask_cluster_writes_what_a_local_build_writes(tmp_path):
    distributed = pytest.importorskip("distributed")
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN)
    said: list[str] = []
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        address = "dask://" + cluster.scheduler_address.removeprefix("tcp://")
        outcomes = reports.build(
            plan=plan, reports_dir=tmp_path / "dask", executor=address, log=said.append
        )
    assert [o.status for o in outcomes] == ["built", "failed"]
    assert "seats = 0 is outside the valid range" in outcomes[1].error
    assert any(line.startswith("[sent ] vote_shares/default") for line in said)
    reports.build(plan=plan, reports_dir=tmp_path / "local", log=lambda *_: None)
    for name in ("default.ipynb", "default.html"):
        there = (tmp_path / "dask" / "vote_shares" / name).read_bytes()
        here = (tmp_path / "local" / "vote_shares" / name).read_bytes()
        assert there == here, name
    assert (tmp_path / "dask" / "vote_shares" / "broken.failed.ipynb").exists()
    assert "vote_shares/default" in (tmp_path / "dask" / "index.html").read_text()


def test_an_executor_that_is_not_dask_is_refused():
    with pytest.raises(reports.PlanError, match="give dask://HOST:PORT"):
        remote.address_of("spark://somewhere")
