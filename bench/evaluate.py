"""Benchmark: how fast the rules core evaluates TEAK cases (issue: the rules core).

Generates synthetic TEAK cases of about 100 rehabilitation days (with a break, absences and
flex days) and prints, on one core:

- the parse floor: json.loads of every case;
- in-process throughput: json.loads + the answer line, per case;
- the whole process: `vahti evaluate --jsonl` on a file of the same cases (start-up, reading,
  writing included), and its peak memory on 1,000 lines and on all of them.

Targets (issue: the rules core, round 2): the whole process at most 4x the parse floor of the
same run (2,000 cases a second on one core of this 2-core machine), and memory that does not grow
with the number of lines (streaming).

This machine's speed drifts by tens of per cent between runs, so ``--callgrind`` also counts
instructions (valgrind's callgrind: the same count for the same program and input, whatever
else the machine does): per case for json.loads and for the whole `vahti evaluate --jsonl`
process, its start-up, and the ratio projected to 15,000 cases.

    python bench/evaluate.py [--cases 15000] [--repeat 3]
    python bench/evaluate.py --callgrind [--cases 300]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import holidays

from vahti.rules.evaluate import default_evaluator

ROOT = Path(__file__).resolve().parent.parent
FINNISH_HOLIDAYS = holidays.Finland(years=range(2022, 2028))


def synthetic_case(rng: random.Random) -> dict:
    """A TEAK combination case: ~100 days Mon–Fri, one break, a few absences and flex days."""
    decided = dt.date(2023, 1, 2) + dt.timedelta(days=rng.randrange(0, 900))
    received = decided + dt.timedelta(days=rng.randrange(1, 8))
    start = received + dt.timedelta(days=rng.randrange(7, 28))
    break_from = start + dt.timedelta(days=rng.randrange(40, 70))
    break_to = break_from + dt.timedelta(days=rng.randrange(5, 25))
    days, absences = [], []
    day = start
    target = rng.randrange(95, 106)
    while len(days) < target:
        if day.weekday() < 5 and day not in FINNISH_HOLIDAYS and not break_from <= day <= break_to:
            roll = rng.random()
            iso = day.isoformat()
            if roll < 0.03:
                absences.append(
                    {
                        "date": iso,
                        "reason": rng.choice(["sick", "other"]),
                        "reported_to_kela": rng.random() < 0.8,
                    }
                )
            elif roll < 0.08:
                days.append(
                    {
                        "date": iso,
                        "hours": rng.choice([0, 3, 4]),
                        "programme_hours": 0,
                        "travel_hours": 1,
                        "mode": "workplace",
                        "flex": True,
                        "flex_reason": rng.choice(["Osa-aikatyö", "Jaksaminen", None]),
                    }
                )
            else:
                hours = rng.choice([5.5, 6, 6, 6.5])
                days.append(
                    {
                        "date": iso,
                        "hours": hours,
                        "programme_hours": min(hours, 5),
                        "travel_hours": rng.choice([0.5, 1]),
                        "mode": rng.choice(["onsite", "workplace", "workplace", "remote"]),
                        "flex": False,
                        "flex_reason": None,
                        "worked": False,
                        "close_relative": False,
                    }
                )
        day += dt.timedelta(days=1)
    for entry in days:
        if entry["hours"] == 0:
            entry["programme_hours"] = 0
    as_of = start + dt.timedelta(days=rng.randrange(60, 200))
    events = [
        {"type": "precontact", "date": (received + dt.timedelta(days=5)).isoformat()},
        {"type": "start", "date": days[0]["date"]},
    ]
    if rng.random() < 0.3:
        events.append(
            {"type": "kela_notified", "date": min(as_of, break_from).isoformat(), "topic": "change"}
        )
    return {
        "as_of": as_of.isoformat(),
        "service": "teak.yhdistelma",
        "decision": {
            "decided_on": decided.isoformat(),
            "received_on": received.isoformat(),
            "sequence": 1,
            "granted_days": 120,
            "window_months": None,
        },
        "client": {"in_working_life_at_start": rng.random() < 0.2, "benefit_before": None},
        "events": [e for e in events if e["date"] <= as_of.isoformat()],
        "days": days,
        "breaks": [
            {
                "from": break_from.isoformat(),
                "to": break_to.isoformat(),
                "reason": rng.choice(["client_holiday", "employer_delay", "illness", None]),
            }
        ],
        "absences": absences,
        "work": [],
    }


def best_of(repeat: int, function) -> float:
    return min(_timed(function) for _ in range(repeat))


def _timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def instructions(command: list[str]) -> int:
    """Instructions executed by ``command`` under callgrind."""
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return int(
        next(
            line.split()[-1].replace(",", "")
            for line in result.stderr.splitlines()
            if "Collected :" in line
        )
    )


LOADS_ONLY = "import json, sys\nfor line in open(sys.argv[1]): json.loads(line)"


def callgrind(lines: list[str], projected: int = 15_000) -> int:
    with tempfile.TemporaryDirectory() as folder:
        cases, empty = Path(folder) / "cases.jsonl", Path(folder) / "empty.jsonl"
        cases.write_text("\n".join(lines) + "\n")
        empty.write_text("")
        vahti = [sys.executable, "-m", "vahti.cli", "evaluate", "--jsonl"]
        loads = [sys.executable, "-c", LOADS_ONLY]
        start = instructions(vahti + [str(empty)])
        whole = (instructions(vahti + [str(cases)]) - start) / len(lines)
        floor = (instructions(loads + [str(cases)]) - instructions(loads + [str(empty)])) / len(
            lines
        )
    ratio = (start + projected * whole) / (projected * floor)
    print(f"cases: {len(lines)} synthetic TEAK cases under callgrind")
    print(f"json.loads:                    {floor / 1e6:7.2f} M instructions per case")
    print(
        f"vahti evaluate --jsonl:        {whole / 1e6:7.2f} M instructions per case "
        f"({whole / floor:.2f}x json.loads)"
    )
    print(f"start-up:                      {start / 1e6:7.0f} M instructions")
    print(f"whole process, {projected:,} cases:  {ratio:7.2f}x the parse floor  (target <= 4x)")
    print("target met" if ratio <= 4 else "TARGET MISSED")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--callgrind",
        action="store_true",
        help="count instructions under valgrind instead of timing",
    )
    args = parser.parse_args()
    args.cases = args.cases or (300 if args.callgrind else 15_000)

    rng = random.Random(20241101)
    lines = [json.dumps(synthetic_case(rng), ensure_ascii=False) for _ in range(args.cases)]
    if args.callgrind:
        return callgrind(lines)
    mean_days = sum(len(json.loads(line)["days"]) for line in lines[:200]) / min(200, len(lines))
    evaluator = default_evaluator()
    loads = json.loads
    answer_text = evaluator.answer_text

    def parse_only():
        for line in lines:
            loads(line)

    def in_process():
        for line in lines:
            answer_text(loads(line))

    in_process()  # warm caches (holidays per year, parameters per date) as a long run would
    floor = best_of(args.repeat, parse_only)
    core = best_of(args.repeat, in_process)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cases.jsonl"
        path.write_text("\n".join(lines) + "\n")
        small = Path(folder) / "small.jsonl"
        small.write_text("\n".join(lines[:1000]) + "\n")
        command = [sys.executable, "-m", "vahti.cli", "evaluate", "--jsonl"]
        process = best_of(
            args.repeat,
            lambda: subprocess.run(
                command + [str(path)], stdout=subprocess.DEVNULL, check=True, cwd=ROOT
            ),
        )
        jobs = os.cpu_count() or 1
        parallel = best_of(
            args.repeat,
            lambda: subprocess.run(
                command + [str(path), "--jobs", str(jobs)],
                stdout=subprocess.DEVNULL,
                check=True,
                cwd=ROOT,
            ),
        )
        memory_small, memory = (peak_memory(command + [str(p)]) for p in (small, path))

    ratio = process / floor
    print(
        f"cases: {args.cases} synthetic TEAK cases, {mean_days:.0f} rehabilitation days on average"
    )
    print(f"parse floor (json.loads):      {floor:7.3f} s  {args.cases / floor:9.0f} cases/s")
    print(f"in process (parse + answer):   {core:7.3f} s  {args.cases / core:9.0f} cases/s")
    print(
        f"whole process (--jsonl):       {process:7.3f} s  {args.cases / process:9.0f} cases/s"
        f"  {1e3 * process / args.cases:.3f} ms/case"
    )
    print(f"whole process / parse floor:   {ratio:7.2f}x  (target <= 4x)")
    print(
        f"--jobs {jobs} (one per core):       {parallel:7.3f} s  {args.cases / parallel:9.0f} "
        f"cases/s  ({process / parallel:.2f}x one process)"
    )
    print(f"peak memory, 1,000 lines:      {memory_small / 1024:7.1f} MiB")
    print(
        f"peak memory, {args.cases:,} lines:     {memory / 1024:7.1f} MiB"
        "  (target: no growth with the lines)"
    )
    verdicts = [ratio <= 4, memory < memory_small * 1.1 + 2048]
    print("targets met" if all(verdicts) else "TARGETS MISSED")
    return 0


def peak_memory(command: list[str]) -> int:
    """The peak resident memory (KiB) of ``command``, run in a child of a fresh interpreter."""
    probe = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *command],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return int(done.stdout)


if __name__ == "__main__":
    sys.exit(main())
