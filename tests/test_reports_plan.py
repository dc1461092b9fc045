"""kazparl.reports without kernels: the plan, parameter checks before any kernel, the index."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kazparl import paths, reports
from kazparl.reports import PlanError

OVERVIEW = paths.NOTEBOOKS_DIR / "data_overview.ipynb"


def write_plan(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("notebook", paths.notebooks(), ids=str)
def test_declared_parameters_agree_with_papermill(notebook: Path) -> None:
    import papermill as pm

    ours = reports.declared_parameters(notebook)
    theirs = pm.inspect_notebook(str(notebook))
    assert list(ours) == list(theirs)
    for name, prm in ours.items():
        assert prm.default == ast.literal_eval(theirs[name]["default"])
        assert prm.type == theirs[name]["inferred_type_name"]
        assert prm.help, f"{notebook.name}: parameter {name} has no '# help' comment"


def test_notebooks_use_the_registered_kazparl_kernel_of_this_environment() -> None:
    import json
    import sys

    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec(reports.KERNEL)
    assert Path(spec.argv[0]).resolve().parent == Path(sys.executable).resolve().parent, (
        "the kazparl kernel runs another Python than this environment's; run `make setup`"
    )
    for notebook in paths.notebooks():
        kernelspec = json.loads(notebook.read_text())["metadata"]["kernelspec"]
        assert kernelspec["name"] == reports.KERNEL, notebook.name


def test_every_notebook_has_its_defaults_in_the_plan() -> None:
    plan = reports.load_plan()
    with_defaults = {e.notebook for e in plan if e.name == "default" and not e.parameters}
    assert with_defaults == {p.stem for p in reports.list_notebooks(paths.NOTEBOOKS_DIR)}


def test_unknown_parameter_is_refused_naming_notebook_and_accepted_ones() -> None:
    with pytest.raises(PlanError) as info:
        reports.check_parameters(OVERVIEW, {"colour": "red"})
    assert str(info.value) == (
        "data_overview.ipynb: unknown parameter 'colour'; "
        "accepted parameters: table: str, show_rows: int"
    )


def test_wrong_type_is_refused() -> None:
    with pytest.raises(PlanError, match=r"'show_rows' = 'ten' is a str, expected int"):
        reports.check_parameters(OVERVIEW, {"show_rows": "ten"})
    with pytest.raises(PlanError, match="expected int"):
        reports.check_parameters(OVERVIEW, {"show_rows": True})


def test_plan_with_unknown_notebook_lists_the_available_ones(tmp_path: Path) -> None:
    plan = write_plan(tmp_path, '[[report]]\nnotebook = "vote_share"\n')
    with pytest.raises(PlanError, match=r"no notebook 'vote_share' .* available: data_overview"):
        reports.load_plan(plan)


def test_plan_with_a_duplicate_entry(tmp_path: Path) -> None:
    entry = '[[report]]\nnotebook = "data_overview"\nname = "default"\n'
    with pytest.raises(PlanError, match="data_overview/default is listed twice"):
        reports.load_plan(write_plan(tmp_path, entry * 2))


def test_plan_with_a_bad_parameter_fails_before_any_kernel(tmp_path: Path) -> None:
    plan = write_plan(
        tmp_path, '[[report]]\nnotebook = "data_overview"\nparameters = { tabel = "x" }\n'
    )
    with pytest.raises(PlanError, match="unknown parameter 'tabel'"):
        reports.build(plan=plan, reports_dir=tmp_path / "out", log=lambda *_: None)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("raw", "annotation", "value"),
    [
        ("007", "str", "007"),
        ("20", "int", 20),
        ("0.05", "float", 0.05),
        ("results", "str", "results"),
    ],
)
def test_command_line_values_take_the_declared_type(raw: str, annotation: str, value) -> None:
    assert reports.coerce(raw, annotation) == value


def test_index_escapes_what_it_shows(tmp_path: Path) -> None:
    plan = write_plan(
        tmp_path,
        '[[report]]\nnotebook = "data_overview"\nname = "x"\n'
        'title = "<script>alert(1)</script>"\nparameters = { table = "<b>bold</b>" }\n',
    )
    page = reports.write_index(tmp_path / "out", plan).read_text()
    assert "<script>alert" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "not built" in page
