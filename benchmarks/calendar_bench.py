"""Time 100,000 due-date computations of the business calendar.

Run from the repository root: ``.venv/bin/python benchmarks/calendar_bench.py``. The received
moments are spread over several years, in and out of office hours, so that the per-year caches are
exercised the way a long case list would.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from privacy_desk.domain.calendar import JST, BusinessCalendar

CALLS = 100_000


def main() -> None:
    calendar = BusinessCalendar()
    start = datetime(2024, 1, 1, 0, 0, tzinfo=JST)
    # 97 minutes apart: not a divisor of a day, so the times of day vary too.
    moments = [start + timedelta(minutes=97 * i) for i in range(CALLS)]
    began = time.perf_counter()
    for i, moment in enumerate(moments):
        calendar.due(moment, 10, i % 3)
    elapsed = time.perf_counter() - began
    print(
        f"{CALLS:,} due() calls ({moments[0]:%Y-%m-%d} to {moments[-1]:%Y-%m-%d}): "
        f"{elapsed:.3f} s ({elapsed / CALLS * 1e6:.1f} µs each)"
    )


if __name__ == "__main__":
    main()
