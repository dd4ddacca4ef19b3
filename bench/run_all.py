"""Every benchmark in one command, each in its own process, then one table of all the figures.

About 6 minutes on a 2-core machine; --quick takes about a minute and checks that everything runs.

Example: python bench/run_all.py --quick
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import benchlib

HERE = Path(__file__).resolve().parent
# Every benchmark that prints figures (the others are tools: train_text_model fits weights, pipeline_fingerprint
# compares two commits, claims_eval and key_phrases_eval print the text core's figures at length, which
# text_quality puts in the table with their targets).
BENCHMARKS = ("text_quality", "split_speed", "text_linearity", "import_speed", "tag_load", "review_page",
              "review_browser", "export_speed", "learning_curve", "wire_size",
              "match_speed")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller runs, about a minute in all")
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, metavar="NAME",
                        help=f"run only these: {', '.join(BENCHMARKS)}")
    parser.add_argument("--markdown", metavar="FILE", help="also write the results table to FILE")
    parser.add_argument("--wait-quiet", type=float, default=0, metavar="SECONDS",
                        help="before each benchmark, wait up to this long for other processes to go quiet")
    args = parser.parse_args(argv)
    print(f"Machine: {benchlib.machine()}", flush=True)
    warning = benchlib.load_warning()
    if warning:
        print(f"Warning: {warning}", flush=True)
    rows, notes, failed = [], [], []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="annotator-bench-results-") as folder:
        for name in args.only or BENCHMARKS:
            output = Path(folder) / f"{name}.json"
            command = [sys.executable, str(HERE / f"{name}.py"), "--json", str(output)]
            if args.quick:
                command.append("--quick")
            print(f"\n== {name} ==", flush=True)
            if args.wait_quiet:
                busy = benchlib.wait_until_quiet(args.wait_quiet)
                print(f"(other processes: {busy:.2f} cores busy)", flush=True)
            began = time.perf_counter()
            env = dict(os.environ, BENCH_WAIT_QUIET=str(args.wait_quiet))
            status = subprocess.run(command, env=env).returncode
            print(f"({name}: {time.perf_counter() - began:.0f} s)", flush=True)
            if status != 0 or not output.exists():
                failed.append(name)
                continue
            result = json.loads(output.read_text())
            rows += result["rows"]
            notes += [f"{name}: {note}" for note in result["notes"]]
    table = benchlib.markdown_table(rows)
    missed = [f"{row['benchmark']}: {row['what'].strip()}" for row in rows if row["met"] is False]
    summary = [f"Machine: {benchlib.machine()}; {'quick run' if args.quick else 'full run'} took "
               f"{time.perf_counter() - start:.0f} s.", "", table, ""]
    summary += [f"- {note}" for note in notes]
    if warning:
        summary.append(f"- Warning: {warning}")
    print("\n" + "\n".join(summary))
    print(f"\nTargets missed: {len(missed)}" + "".join(f"\n  {item}" for item in missed))
    if args.markdown:
        Path(args.markdown).write_text("\n".join(summary) + "\n")
    if failed:
        print(f"\nFailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
