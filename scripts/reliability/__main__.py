"""Run the reliability sections and print their figures (see __init__.py; not a test)."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE.parent)]  # the checkout, and scripts/

from reliability import SECTIONS, Run, machine  # noqa: E402

# The sections, in the order they run. Add yours here (a module of this package).
MODULES = ["crash", "writers", "privacy"]


def main() -> int:
    parser = argparse.ArgumentParser(prog="reliability", description=__doc__)
    parser.add_argument("--only", help="comma-separated section names (default: all)")
    parser.add_argument("--kills", type=int, default=1000, help="SIGKILLs in 'crash'")
    parser.add_argument("--writers", type=int, default=8, help="desks in 'writers'")
    parser.add_argument("--rounds", type=int, default=40, help="actions per desk in 'writers'")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="privacy-desk-reliability-") as temporary:
        folder = Path(temporary)
        os.environ["PRIVACY_DESK_DATA_DIR"] = str(folder / "data")
        from privacy_desk.services.logsafe import set_up_log_file

        log = set_up_log_file()
        for name in MODULES:
            importlib.import_module(f"reliability.{name}")
        chosen = set(args.only.split(",")) if args.only else None
        run = Run(folder, {**vars(args), "log": log})
        run.say(
            f"# Privacy Desk reliability run, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
        )
        run.say(f"machine: {machine()}")
        failed = 0
        for entry in SECTIONS:
            if chosen is not None and entry.name not in chosen and entry.name != "privacy":
                continue
            started = time.monotonic()
            run.say(f"... {entry.name}: {entry.proves}")
            answer = entry.function(run)
            every = answer if isinstance(answer, list) else [answer]
            every[-1].add("section time", f"{time.monotonic() - started:.0f} s")
            for figures in every:
                run.say(figures.text())
                failed += not figures.ok
        run.say(f"sections failed: {failed}")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
