"""``reports/index.html``: every entry of the plan with its title, parameters, status and facts.

Built from the plan and the manifest only (no kernel): a failed entry shows its error and, when
there is one, a link to its last good report.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from kazparl import paths
from kazparl.reports.execute import failed_path, one_line_reason, write_atomic
from kazparl.reports.plan import filled_parameters, load_plan, outputs, read_manifest

__all__ = ["write_index"]


def write_index(reports_dir: Path | None = None, plan: Path | None = None) -> Path:
    """Write ``reports/index.html``: every entry with title, parameters, status and build facts."""
    reports_dir = reports_dir or paths.REPORTS_DIR
    records = read_manifest(reports_dir).get("entries", {})
    esc = html.escape
    rows = []
    group = ""
    for entry in load_plan(plan):
        if entry.group and entry.group != group:
            rows.append(f'<tr class="group"><th colspan="9">{esc(entry.group)}</th></tr>')
        group = entry.group
        rec = records.get(entry.key, {})
        good = rec.get("last_good")
        page = outputs(entry, reports_dir)[1]
        status = rec.get("status", "not built")
        rel = f"{entry.notebook}/{entry.name}"
        if good and page.exists():
            link = (
                f'<a href="{esc(rel)}.html">{esc(entry.title)}</a>'
                f' <small>(<a href="{esc(rel)}.ipynb">notebook</a>)</small>'
            )
        else:
            link = esc(entry.title)
        if entry.description:
            link += f'<br><span class="what">{esc(entry.description)}</span>'
        params = "<br>".join(
            f"<code>{esc(name)} = {esc(json.dumps(value, ensure_ascii=False))}</code>"
            + ("" if name in entry.parameters else ' <small class="dflt">default</small>')
            for name, value in filled_parameters(entry).items()
        )
        note = esc(one_line_reason(rec.get("error", ""), reports_dir))
        failed_nb = failed_path(outputs(entry, reports_dir)[0])
        if status == "failed" and failed_nb.exists():
            note += f' (<a href="{esc(rel)}.failed.ipynb">the failed run</a>)'
        if status == "failed" and good:
            note += " — showing the last good report"
        rows.append(
            "<tr>"
            f"<td>{link}</td><td><code>{esc(entry.notebook)}</code></td>"
            f"<td>{esc(entry.name)}</td><td>{params}</td>"
            f'<td class="{esc(status)}">{esc(status)}</td>'
            f"<td>{esc(good['built_at']) if good else '—'}</td>"
            f"<td>{(str(good['duration']) + ' s') if good else '—'}</td>"
            f"<td>{esc(good['data_version']) if good else '—'}</td>"
            f"<td>{note}</td></tr>"
        )
    page_html = _INDEX_TEMPLATE.format(rows="\n".join(rows))
    path = reports_dir / "index.html"
    write_atomic(path, page_html)
    return path


_INDEX_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>kazparl reports</title>
<style>
body {{ font: 15px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 1200px;
       padding: 0 1em; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 6px 8px; text-align: left;
         vertical-align: top; }}
th {{ background: #f3f5f8; }}
td.ok {{ color: #1a7f37; }} td.failed {{ color: #cf222e; font-weight: bold; }}
code {{ font-size: 90%; }}
.what {{ color: #555; font-size: 90%; }} .dflt {{ color: #888; }}
tr.group th {{ background: #e8edf3; font-size: 95%; }}
</style></head>
<body>
<h1>kazparl reports</h1>
<p>Each report is a notebook executed with one parameter set (<code>reports/plan.toml</code>).
Built times are UTC; the data package version is its declared version and a hash of its files.
Regenerate with <code>make reports</code>.</p>
<table>
<thead><tr><th>Report</th><th>Notebook</th><th>Parameter set</th><th>Parameters</th>
<th>Status</th><th>Last good build</th><th>Duration</th><th>Data package</th><th>Error</th>
</tr></thead>
<tbody>
{rows}
</tbody></table>
</body></html>
"""
