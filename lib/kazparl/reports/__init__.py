"""The report runner: execute the report plan with papermill, export HTML, write the index.

The plan (``reports/plan.toml``) lists entries, each a notebook and a named parameter set::

    [[report]]
    notebook = "data_overview"      # notebooks/data_overview.ipynb
    name = "default"                # -> reports/data_overview/default.{ipynb,html}
    parameters = {}                 # overrides of the notebook's `parameters` cell

:func:`build` runs the entries in parallel processes (one kernel each) and is

- *checked*: parameter names and types are checked against each notebook's ``parameters``
  cell before any kernel starts;
- *incremental*: an entry whose notebook, parameters, data package and library are unchanged
  since its last good build (content hashes in ``reports/manifest.json``) is skipped;
- *atomic*: outputs are written to temporary files and renamed, so a failed or interrupted
  entry leaves its last good report in place; the failure is recorded in the index;
- *honest*: it prints each entry's start and end, a summary table, and returns non-zero
  when any entry failed.

Modules, one job each:

- :mod:`.parameters` -- a notebook's ``parameters`` cell (read with :mod:`ast`) and the
  checks of names and types against it; :class:`PlanError`;
- :mod:`.plan` -- the plan, its entries' content hashes and the manifest;
- :mod:`.execute` -- the one papermill call (temporary file, rename, HTML export), used by
  both the build and ``refresh``;
- :mod:`.runner` -- :func:`build`, :func:`run_notebook`, :func:`refresh_notebooks`;
- :mod:`.index` -- ``reports/index.html``.

Only the standard library is imported here at start-up: a no-op build never loads papermill.
"""

from __future__ import annotations

from kazparl import paths
from kazparl.reports.execute import CELL_TIMEOUT, KERNEL, execute_notebook, strip_volatile
from kazparl.reports.index import write_index
from kazparl.reports.parameters import (
    Parameter,
    PlanError,
    check_parameters,
    coerce,
    declared_parameters,
)
from kazparl.reports.plan import (
    MANIFEST_FILE,
    PLAN_FILE,
    Entry,
    entry_hash,
    list_notebooks,
    load_plan,
    notebook_title,
)
from kazparl.reports.runner import (
    Outcome,
    build,
    main_exit_code,
    refresh_notebooks,
    run_notebook,
    summary_table,
)

__all__ = [
    "CELL_TIMEOUT",
    "KERNEL",
    "MANIFEST_FILE",
    "PLAN_FILE",
    "Entry",
    "Outcome",
    "Parameter",
    "PlanError",
    "build",
    "check_parameters",
    "coerce",
    "declared_parameters",
    "entry_hash",
    "execute_notebook",
    "list_notebooks",
    "load_plan",
    "main_exit_code",
    "notebook_title",
    "paths",
    "refresh_notebooks",
    "run_notebook",
    "strip_volatile",
    "summary_table",
    "write_index",
]
