"""Command line: ``python -m kazparl build | run | params | refresh | bench | book | rosters |
paper-numbers``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kazparl", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="regenerate the reports in reports/plan.toml")
    b.add_argument("--only", nargs="+", metavar="NAME", help="notebook or notebook/param-set")
    b.add_argument("--jobs", type=int, default=None, help="parallel kernels (default: CPUs)")
    b.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    b.add_argument("--plan", type=Path, default=None, help="another plan file")
    b.add_argument("--reports-dir", type=Path, default=None, help="another output folder")
    b.add_argument(
        "--no-wait", action="store_true", help="refuse, not wait, when another build is running"
    )
    b.add_argument(
        "--fresh-kernels",
        action="store_true",
        help="start each kernel as a new interpreter, not a fork of the warm template",
    )
    b.add_argument(
        "--executor",
        default=None,
        metavar="dask://HOST:PORT",
        help="run the entries on a Dask distributed cluster instead of local processes",
    )

    r = sub.add_parser("run", help="run one notebook with other parameters")
    r.add_argument("notebook", help="name in notebooks/, without .ipynb")
    r.add_argument(
        "-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE")
    )
    r.add_argument("-o", "--output", type=Path, default=None, help="output .ipynb path")

    p = sub.add_parser("params", help="list the parameters a notebook accepts")
    p.add_argument("notebook")

    f = sub.add_parser("refresh", help="re-execute notebooks/ in place (stored outputs)")
    f.add_argument("names", nargs="*", help="notebooks to refresh (default: all)")

    bench = sub.add_parser("bench", help="time cold, no-op, sequential and floor builds")
    bench.add_argument(
        "--stations", action="store_true", help="only the station files: read, test, figures"
    )
    sub.add_parser("book", help="prepare book/ (chapters, data and citation pages)")
    sub.add_parser("rosters", help="remake data/people, mandates, person_links from data/raw/")
    sub.add_parser("paper-numbers", help="remake data/raw/paper/numbers.csv from the paper's text")

    args = parser.parse_args(argv)
    from kazparl import reports

    try:
        if args.command == "build":
            outcomes = reports.build(
                only=args.only,
                jobs=args.jobs,
                force=args.force,
                plan=args.plan,
                reports_dir=args.reports_dir,
                wait=not args.no_wait,
                fresh_kernels=args.fresh_kernels,
                executor=args.executor,
            )
            return reports.main_exit_code(outcomes)
        if args.command == "run":
            source = reports.paths.NOTEBOOKS_DIR / f"{args.notebook}.ipynb"
            declared = reports.declared_parameters(source) if source.exists() else {}
            params = {
                name: reports.coerce(value, declared[name].type if name in declared else None)
                for name, value in args.parameter
            }
            reports.run_notebook(args.notebook, params, args.output)
            return 0
        if args.command == "params":
            source = reports.paths.NOTEBOOKS_DIR / f"{args.notebook}.ipynb"
            for prm in reports.declared_parameters(source).values():
                print(f"{prm.name}: {prm.type or 'any'} = {prm.default!r}  # {prm.help}")
            return 0
        if args.command == "refresh":
            return 1 if reports.refresh_notebooks(args.names or None) else 0
        if args.command == "rosters":
            from kazparl import rosters

            for path in rosters.write():
                print(f"[rosters] {path.relative_to(reports.paths.ROOT)}")
            return 0
        if args.command == "paper-numbers":
            from kazparl import audit

            seed = reports.paths.seed_text()
            if seed is None:
                print("the paper's text is absent (../shared/seed or $KAZPARL_SEED)")
                return 1
            path = audit.write_inventory(seed.read_text(encoding="utf-8").splitlines())
            print(f"[paper-numbers] {path.relative_to(reports.paths.ROOT)}")
            return 0
        if args.command == "book":
            from kazparl import book

            for path in book.prepare():
                print(f"[book ] {path.relative_to(reports.paths.ROOT)}")
            return 0
        if args.command == "bench":
            from kazparl import bench

            return bench.stations_main() if args.stations else bench.main()
    except reports.PlanError as exc:
        print(f"kazparl: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("kazparl: interrupted; earlier reports are intact", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
