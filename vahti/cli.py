"""`vahti evaluate` and `vahti rules` (../shared/spec/evaluate.md)."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import sys
import tempfile
import zoneinfo

import orjson

from vahti.rules.calendar import holidays_in
from vahti.rules.case import CaseError
from vahti.rules.evaluate import default_evaluator
from vahti.rules.listing import rules_text
from vahti.rules.texts import LANGUAGES

TIME_ZONE = zoneinfo.ZoneInfo("Europe/Helsinki")
EXIT_BAD_INPUT = 2
EXIT_BROKEN_PIPE = 1
COMPACT = (",", ":")  # --jsonl lines: compact JSON, as the answers are
OPENING_BRACE = ord("{")


def today() -> dt.date:
    return dt.datetime.now(TIME_ZONE).date()


def _open(path: str):
    """The input as bytes (standard input for -): it is decoded here, so that a byte that is not
    UTF-8 is refused with a message (one line's error under --jsonl), not a traceback."""
    return sys.stdin.buffer if path == "-" else open(path, "rb")


def _decoded(data: bytes) -> str:
    """UTF-8 input as text; raises CaseError naming the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CaseError(
            "", "json", detail=f"not UTF-8: {exc.reason} (byte {exc.start + 1})"
        ) from None


def _numbered_lines(stream, number: int = 1):
    """(line number, line) of a binary stream, each line as its bytes, split and numbered as
    reading the stream as text does (a \\n, a \\r\\n or a lone \\r ends a line); blank lines
    are counted but not given. The fast reader takes the bytes as they are: a line read as text
    would be encoded back to UTF-8 for it (3 % of a run)."""
    for raw in stream:
        if b"\r" in raw:  # rare: split as text splits it, each part back to its own bytes
            text = raw.decode("utf-8", "surrogateescape")
            parts = [
                part.encode("utf-8", "surrogateescape") for part in io.StringIO(text, newline=None)
            ]
        else:
            parts = (raw,)
        for line in parts:
            if not _blank(line):
                yield number, line
            number += 1


def _blank(line: bytes) -> bool:
    """Whether a line holds only white space, as its text's ``isspace`` would say."""
    start = line.lstrip()
    if not start:
        return True
    if start[0] == OPENING_BRACE:  # a case: the usual line, decided without decoding it
        return False
    return line.decode("utf-8", "replace").isspace()


def _parse(text: str):
    """One case's JSON text as Python data; raises CaseError for text that is not JSON.

    orjson reads valid JSON in a third of json's time; what it refuses (bad JSON, but also what
    json reads and orjson does not: NaN, integers beyond 64 bits, a lone surrogate) is read
    again by json, so that the answer or the error is exactly json's."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        pass
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CaseError(
            "", "json", detail=f"{exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise CaseError("", "too_deep") from None
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        raise CaseError("", "json", detail=str(exc)) from None


def evaluate_one(path: str, lang: str) -> int:
    evaluator = default_evaluator()
    try:
        with _open(path) as stream:
            data = stream.read()
    except OSError as exc:
        print(f"vahti: {path}: {exc.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        answer = evaluator.answer(_parse(_decoded(data)), lang)
    except CaseError as exc:
        print(f"vahti: {evaluator.error_message(exc, lang)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    json.dump(answer, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _answer_line(evaluator, number: int, line: bytes, lang: str) -> tuple[str, bool]:
    """One line's answer (or its numbered error), and whether it was refused. A valid line is
    read by the fast reader; any other by the strict one, whose error is the contract."""
    case = evaluator.read_text_fast(line)
    if case is not None:
        return evaluator.case_answer_text(case, lang), False
    try:
        return evaluator.answer_text(_parse(_decoded(line)), lang), False
    except CaseError as exc:
        error = {"line": number, "error": evaluator.error_message(exc, lang)}
        return json.dumps(error, ensure_ascii=False, separators=COMPACT), True


def _answers(lines, lang: str) -> tuple[str, bool]:
    """The answer lines of (line number, line) pairs, joined, and whether any was refused (a
    worker's batch under --jobs)."""
    evaluator, out, failed = default_evaluator(), [], False
    for number, line in lines:
        text, refused = _answer_line(evaluator, number, line, lang)
        out.append(text + "\n")
        failed |= refused
    return "".join(out), failed


BATCH_LINES = 64  # lines a worker answers at a time (--jobs)


def _batches(stream):
    batch = []
    for numbered in _numbered_lines(stream):
        batch.append(numbered)
        if len(batch) == BATCH_LINES:
            yield batch
            batch = []
    if batch:
        yield batch


def _in_order(function, calls, jobs: int):
    """``function``'s results for each argument tuple of ``calls``, run by ``jobs`` forked
    processes and yielded in input order; at most two calls a process in flight, so memory
    stays flat however long the input."""
    import multiprocessing
    from collections import deque

    default_evaluator()  # loaded once here; the forked workers inherit it warm
    # The holiday calendar too: its package loads every country's module on first use (0.12 s,
    # which each worker would otherwise spend again).
    holidays_in(today().year)
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pending: deque = deque()
        for arguments in calls:
            pending.append(pool.apply_async(function, arguments))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _answers_in_parallel(stream, lang: str, jobs: int, write) -> bool:
    """Batches of lines (standard input) answered by ``jobs`` processes, in input order."""
    failed = False
    for text, refused in _in_order(_answers, ((b, lang) for b in _batches(stream)), jobs):
        write(text)
        failed |= refused
    return failed


CHUNK_BYTES = 1 << 20  # input a worker answers at a time when it reads the file itself


def _chunks(path: str, jobs: int):
    """(start, end, first line number) of parts of the file, each ending after a line's end, at
    least four per process so that they finish together. Lines are counted as reading the file
    as text counts them (a \\r\\n, a lone \\r or a lone \\n ends a line)."""
    size = os.path.getsize(path)
    length = max(1, min(CHUNK_BYTES, size // (4 * jobs) + 1))
    with open(path, "rb") as file:
        start, number = 0, 1
        while start < size:
            file.seek(min(start + length, size))
            file.readline()
            end = min(file.tell(), size)
            yield start, end, number
            file.seek(start)
            part = file.read(end - start)
            number += part.count(b"\n") + part.count(b"\r") - part.count(b"\r\n")
            start = end


def _answer_chunk(path: str, start: int, end: int, number: int, lang: str, folder: str):
    """A worker's part of the file, read by itself and answered into a file of its own (so
    that neither the lines nor the answers travel between processes): (that file, refused)."""
    with open(path, "rb") as file:
        file.seek(start)
        part = file.read(end - start)
    answers, failed = _answers(_numbered_lines(io.BytesIO(part), number), lang)
    descriptor, out_path = tempfile.mkstemp(dir=folder, suffix=".jsonl")
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(answers)
    return out_path, failed


def _file_in_parallel(path: str, lang: str, jobs: int) -> bool:
    """A file's parts answered by ``jobs`` processes, each reading its own part and writing its
    answers to a file the parent copies out in input order."""
    import shutil

    failed = False
    sys.stdout.flush()
    out = sys.stdout.buffer
    with tempfile.TemporaryDirectory(prefix="vahti-") as folder:
        calls = ((path, *chunk, lang, folder) for chunk in _chunks(path, jobs))
        for answers, refused in _in_order(_answer_chunk, calls, jobs):
            with open(answers, "rb") as file:
                shutil.copyfileobj(file, out)
            os.unlink(answers)
            failed |= refused
    out.flush()
    return failed


def evaluate_lines(path: str, lang: str, jobs: int = 1) -> int:
    """One case a line in, one answer a line out, in the same order; a bad line is answered
    with its error and the others still run. ``jobs`` > 1: that many processes."""
    try:
        stream = _open(path)
    except OSError as exc:
        print(f"vahti: {path}: {exc.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    write = sys.stdout.write
    with stream:
        if jobs > 1 and stream is not sys.stdin.buffer:
            failed = _file_in_parallel(path, lang, jobs)
        elif jobs > 1:
            failed = _answers_in_parallel(stream, lang, jobs, write)
        else:  # line by line: memory stays flat
            evaluator, failed = default_evaluator(), False
            for number, line in _numbered_lines(stream):
                text, refused = _answer_line(evaluator, number, line, lang)
                write(text)
                write("\n")
                failed |= refused
    return EXIT_BAD_INPUT if failed else 0


def rules_listing(on: dt.date, lang: str) -> str:
    """The catalogue as a person reads it: id, sentence with the values in force, source."""
    return rules_text(default_evaluator(), on, lang)


def remind() -> int:
    """The workspace's daily digest; Django is loaded only for this command."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vahti.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("vahti_remind")
    return 0


def impact_lines(path: str, changed: str, lang: str) -> int:
    """`vahti impact`: each case of ``path`` (one a line, as `evaluate --jsonl`) evaluated under
    today's parameters and under those with ``changed`` laid over them; one line per case whose
    results differ, and a summary on standard error. A refused line is named and skipped."""
    from pathlib import Path

    from vahti.rules.evaluate import Evaluator
    from vahti.rules.impact import case_changes, store_with
    from vahti.rules.loader import ParameterError

    before = default_evaluator()
    try:
        after = Evaluator(store_with(Path(changed)))
    except ParameterError as exc:
        print(f"vahti: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    count = changed_cases = refused = 0
    try:
        stream = _open(path)
    except OSError as exc:
        print(f"vahti: {path}: {exc.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    with stream:
        for number, line in _numbered_lines(stream):
            count += 1
            try:
                changes = case_changes(before, after, _parse(_decoded(line)), lang)
            except CaseError as exc:
                refused += 1
                error = {"line": number, "error": before.error_message(exc, lang)}
                sys.stdout.write(json.dumps(error, ensure_ascii=False) + "\n")
                continue
            if changes:
                changed_cases += 1
                answer = {
                    "line": number,
                    "changes": [{"kind": c.kind, "rule": c.rule, "text": c.text} for c in changes],
                }
                sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
    print(
        f"vahti: {changed_cases} of {count} cases change"
        + (f", {refused} refused" if refused else ""),
        file=sys.stderr,
    )
    return EXIT_BAD_INPUT if refused else 0


def _jobs_argument(value: str) -> int:
    if not value.isdigit() or int(value) > 256:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes (0–256)")
    return int(value)


def _date_argument(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="vahti", description="Kela rehabilitation rules.")
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate = commands.add_parser("evaluate", help="evaluate a case (JSON) or many (--jsonl)")
    evaluate.add_argument("case", help="a case file, or - for standard input")
    evaluate.add_argument("--jsonl", action="store_true", help="one case a line")
    evaluate.add_argument("--lang", choices=LANGUAGES, default="fi")
    evaluate.add_argument(
        "--jobs",
        type=_jobs_argument,
        default=1,
        help="with --jsonl: answer in this many processes (answers stay in input order); "
        "0 = one per core",
    )
    rules = commands.add_parser("rules", help="list the rules with the values in force")
    rules.add_argument(
        "--on",
        type=_date_argument,
        default=None,
        help="the date whose values to show (default: today in Helsinki)",
    )
    rules.add_argument("--lang", choices=LANGUAGES, default="fi")
    commands.add_parser("remind", help="e-mail each coach the deadlines due soon (daily cron)")
    impact = commands.add_parser(
        "impact", help="what a parameter change does to cases (one a line, as --jsonl)"
    )
    impact.add_argument("cases", help="a file of cases, one a line, or - for standard input")
    impact.add_argument(
        "--changed",
        required=True,
        help="a directory laid out as rules/parameters with the changed or new files "
        "(e.g. changes/teak/start_weeks.yaml)",
    )
    impact.add_argument("--lang", choices=LANGUAGES, default="fi")
    args = parser.parse_args(argv)

    if args.command == "remind":
        return remind()
    try:
        if args.command == "impact":
            return impact_lines(args.cases, args.changed, args.lang)
        if args.command == "evaluate":
            if args.jsonl:
                return evaluate_lines(args.case, args.lang, args.jobs or os.cpu_count() or 1)
            return evaluate_one(args.case, args.lang)
        sys.stdout.write(rules_listing(args.on or today(), args.lang) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (`| head`): not an error of ours; say nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    return 0


if __name__ == "__main__":
    sys.exit(main())
