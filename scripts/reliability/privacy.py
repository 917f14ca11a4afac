"""Last section: the invented personal data that every section typed, looked for in the log file
and in everything the run printed. It must be found 0 times."""

from __future__ import annotations

from pathlib import Path

from . import Figures, Run, section


@section("privacy", "no personal data in the log file or the run's output")
def privacy(run: Run) -> Figures:
    log = Path(str(run.options["log"]))
    texts = {"output": "\n".join(run.printed)}
    for path in sorted(log.parent.glob(log.name + "*")):
        texts[path.name] = path.read_text(encoding="utf-8", errors="replace")
    figures = Figures("Personal data in logs and output")
    figures.add("invented values looked for", len(run.invented_values))
    figures.add("log lines scanned", sum(t.count("\n") for n, t in texts.items() if n != "output"))
    found = sum(text.count(value) for value in run.invented_values for text in texts.values())
    figures.require("times found", found)
    return figures
