"""How fast letters render and how much memory they take; prints figures, asserts nothing.

    .venv/bin/python benchmarks/letters_bench.py [--batch 1000]

Figures: one letter (the first in a process pays for loading the two IPAex fonts), a batch of
letters of every kind (invented cases, each with its own reference), and for comparison a bare
reportlab page carrying the same text (canvas.drawString, same fonts, no template, no frame).
Time is wall-clock without tracing; memory is measured in a second pass with tracemalloc (peak
of Python allocations) and as the process's peak resident set (resource.getrusage).
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from privacy_desk.letters import LetterContext, Letterhead, LetterKind, render_letter
from privacy_desk.letters.layout import MINCHO, register_fonts
from privacy_desk.letters.markup import LINE_BREAK
from privacy_desk.letters.samples import sample_context
from privacy_desk.letters.templates import fill

LETTERHEAD = Letterhead.jacces_default()


def contexts(count: int) -> Iterator[LetterContext]:
    """`count` letters cycling through every kind and both languages, each its own case."""
    base = [sample_context(kind, lang) for kind in LetterKind for lang in ("ja", "en")]
    for i in range(count):
        yield dataclasses.replace(base[i % len(base)], reference=f"PD-2026-{i + 1:06d}")


def bare_page(context: LetterContext) -> bytes:
    """The letter's text drawn line by line on a plain canvas: reportlab's own floor."""
    body = fill(context, LETTERHEAD)
    texts = [body.title] + [f"{b.label} {b.text}".strip() for b in body.blocks]
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    y = A4[1] - 25 * mm
    for text in texts:
        for line in text.split(LINE_BREAK):
            for start in range(0, max(len(line), 1), 45):
                if y < 25 * mm:
                    canvas.showPage()
                    y = A4[1] - 25 * mm
                canvas.setFont(MINCHO, 10.5)
                canvas.drawString(25 * mm, y, line[start : start + 45])
                y -= 16
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def traced_peak(work: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def batch(count: int, render: Callable[[LetterContext], bytes]) -> Callable[[], int]:
    def run() -> int:
        return sum(len(render(context)) for context in contexts(count))

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=1000, help="letters in the batch")
    args = parser.parse_args()
    one = sample_context("decision", "ja")  # partial disclosure, two measures, two pages

    def letter() -> bytes:
        return render_letter(one, LETTERHEAD)

    print(f"Python {sys.version.split()[0]}; batch of {args.batch}\n")
    cold = timed(letter)  # loads and registers the fonts
    warm = statistics.median(timed(letter) for _ in range(20))
    register_fonts()
    bare = statistics.median(timed(lambda: bare_page(one)) for _ in range(20))
    size = len(letter())
    print(f"{'one letter, first in process':<38} {cold * 1000:8.1f} ms")
    print(f"{'one letter, warm (median of 20)':<38} {warm * 1000:8.1f} ms   {size / 1024:6.1f} KiB")
    print(f"{'bare reportlab page, same text':<38} {bare * 1000:8.1f} ms")

    start = time.perf_counter()
    total_bytes = batch(args.batch, lambda c: render_letter(c, LETTERHEAD))()
    elapsed = time.perf_counter() - start
    print(
        f"{f'batch of {args.batch} letters':<38} {elapsed:8.2f} s    "
        f"{elapsed / args.batch * 1000:6.1f} ms/letter, {total_bytes / args.batch / 1024:.0f} KiB/letter"
    )
    bare_elapsed = timed(batch(args.batch, bare_page))
    print(
        f"{f'batch of {args.batch} bare pages':<38} {bare_elapsed:8.2f} s    "
        f"{bare_elapsed / args.batch * 1000:6.1f} ms/page"
    )

    print("\nmemory (tracemalloc peak of Python allocations; times above were untraced)")
    print(f"{'one letter':<38} {traced_peak(letter) / 2**20:8.1f} MiB")
    print(f"{'one bare page':<38} {traced_peak(lambda: bare_page(one)) / 2**20:8.1f} MiB")
    print(
        f"{f'batch of {args.batch} letters':<38} "
        f"{traced_peak(batch(args.batch, lambda c: render_letter(c, LETTERHEAD))) / 2**20:8.1f} MiB"
    )
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"{'process peak resident set':<38} {peak_rss:8.1f} MiB")


if __name__ == "__main__":
    main()
