"""A notebook's parameters: read its ``parameters`` cell with :mod:`ast`, check values against it.

No kernel and no papermill import: the names, types and defaults agree with
``papermill.inspect_notebook``. :class:`PlanError` lives here, the lowest module of the package,
so that :mod:`.plan` and the runner can raise it without an import cycle.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "Parameter",
    "PlanError",
    "check_parameters",
    "coerce",
    "declared_parameters",
    "parameter_problem",
]


# --------------------------------------------------------------------------- errors


class PlanError(ValueError):
    """The plan or a parameter set is wrong; the message says where and what is accepted."""


# --------------------------------------------------------------------------- reading notebooks


def _cells(notebook: Path) -> list[dict[str, Any]]:
    """The cells of ``notebook`` (JSON, no nbformat import)."""
    try:
        return json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    except FileNotFoundError:
        raise PlanError(f"notebook not found: {notebook}") from None


def _source(cell: dict[str, Any]) -> str:
    """A cell's source as one string."""
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


# --------------------------------------------------------------------------- parameters


@dataclass(frozen=True)
class Parameter:
    """A parameter of a notebook's ``parameters`` cell: ``name: type = default  # help``."""

    name: str
    type: str | None
    default: Any
    help: str = ""


def declared_parameters(notebook: Path) -> dict[str, Parameter]:
    """The parameters a notebook declares in its cell tagged ``parameters``.

    Read with :mod:`ast` (no kernel, no papermill import); agrees with
    ``papermill.inspect_notebook`` on names and defaults.
    """
    for cell in _cells(notebook):
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get(
            "tags", []
        ):
            return _parse_parameters(_source(cell), notebook)
    raise PlanError(f"{notebook.name}: no cell tagged 'parameters'")


def _parse_parameters(source: str, notebook: Path) -> dict[str, Parameter]:
    """The assignments of a ``parameters`` cell's ``source``, with their ``# help`` comments."""
    lines = source.splitlines()
    out: dict[str, Parameter] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            name, kind, value = node.target.id, ast.unparse(node.annotation), node.value
        elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name, kind, value = node.targets[0].id, None, node.value
        else:
            continue
        try:
            default = ast.literal_eval(value) if value is not None else None
        except ValueError as exc:
            raise PlanError(
                f"{notebook.name}: default of parameter {name!r} must be a literal"
            ) from exc
        line = lines[node.lineno - 1]
        comment = line.split("#", 1)[1].strip() if "#" in line else ""
        out[name] = Parameter(name, kind, default, comment)
    return out


def _type_ok(value: Any, annotation: str | None) -> bool:
    """Whether ``value`` fits ``annotation`` (the simple types, ``list[X]``, unions, Optional)."""
    if annotation is None:
        return True
    simple = {
        "str": lambda v: isinstance(v, str),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "bool": lambda v: isinstance(v, bool),
        "None": lambda v: v is None,
    }
    optional = re.fullmatch(r"Optional\[(.+)\]", annotation.strip())
    if optional:  # Optional[X] is X | None (papermill reads this spelling, not the | one)
        annotation = f"{optional.group(1)} | None"
    for alt in (a.strip() for a in annotation.split("|")):
        inner = re.fullmatch(r"list\[(\w+)\]", alt)
        if inner and isinstance(value, list) and inner.group(1) in simple:
            if all(simple[inner.group(1)](v) for v in value):
                return True
        elif alt in simple and simple[alt](value):
            return True
        elif alt not in simple and not inner:
            return True  # an annotation we do not model: the notebook checks it
    return False


def parameter_problem(
    notebook: str, types: dict[str, str | None], parameters: dict[str, Any]
) -> str | None:
    """What is wrong with ``parameters`` for a notebook declaring ``types`` (name -> type), or
    None. The one wording of these errors, before a kernel starts (:func:`check_parameters`)
    and inside the notebook's check cell (:func:`kazparl.params.check_namespace`).

    >>> parameter_problem("x.ipynb", {"seats": "int"}, {"seats": 3.5})
    "x.ipynb: parameter 'seats' = 3.5 is a float, expected int; accepted parameters: seats: int"
    """
    accepted = ", ".join(f"{n}: {t or 'any'}" for n, t in types.items()) or "none"
    for name, value in parameters.items():
        if name not in types:
            return f"{notebook}: unknown parameter {name!r}; accepted parameters: {accepted}"
        if not _type_ok(value, types[name]):
            hint = ""
            if isinstance(value, str) and (types[name] or "").startswith("list"):
                hint = " (papermill's -p passes text; give a list with -y, e.g. -y 'name: [a, b]')"
            return (
                f"{notebook}: parameter {name!r} = {value!r} is a {type(value).__name__}, "
                f"expected {types[name]}{hint}; accepted parameters: {accepted}"
            )
    return None


def check_parameters(notebook: Path, parameters: dict[str, Any]) -> dict[str, Parameter]:
    """Check names and types of ``parameters`` against what ``notebook`` declares.

    Raises :class:`PlanError` naming the notebook, the parameter and the accepted ones.
    Values (a year with no election) are checked by the notebook itself.
    """
    declared = declared_parameters(notebook)
    types = {p.name: p.type for p in declared.values()}
    problem = parameter_problem(notebook.name, types, parameters)
    if problem:
        raise PlanError(problem)
    return declared


def coerce(raw: str, annotation: str | None) -> Any:
    """A command-line string as a value of the declared type (``"007"`` stays a string)."""
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        value = raw
    if annotation and not _type_ok(value, annotation) and _type_ok(raw, annotation):
        return raw
    return value
