"""Print the score and the surviving mutants of a `mutmut run` (run by `make mutation`).

Reads mutmut's results (mutants/**/*.meta) for the modules pyproject.toml's [tool.mutmut] names,
and prints, per module and in all: killed, survived, no tests, timeouts and anything odd; then
each survivor with its diff and the reason tests/mutation_survivors.toml gives for it (why it is
equivalent or unreachable). Exits 1 if the score is under --min (default 95) or a survivor has no
written reason.

Only pytest's exit status 1 (a test failed) counts as a kill. mutmut 3 also counts status 3
(pytest's internal error, e.g. a test id it cannot find) as killed: those are shown apart, as
crashes, and do not count, so a broken run cannot look like a good score.
"""
from __future__ import annotations

import argparse
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REASONS = ROOT / "tests" / "mutation_survivors.toml"
KILLED, SURVIVED, NO_TESTS = {1}, {0}, {5, 33}
TIMEOUT = {36, 24, -24, 152, 255}


def verdict(code: int | None) -> str:
    if code in KILLED:
        return "killed"
    if code in SURVIVED:
        return "survived"
    if code in NO_TESTS:
        return "no tests"
    if code in TIMEOUT:
        return "timeout"
    if code is None:
        return "not checked"
    if code == 3:
        return "crash"
    return f"odd ({code})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min", type=float, default=95.0, help="lowest acceptable score, %%")
    parser.add_argument("--no-diff", action="store_true", help="names and reasons only")
    parser.add_argument("--only", type=Path, help="a file of mutant names, one a line (a sample): "
                        "score and survivors of those only")
    args = parser.parse_args()

    import os

    os.chdir(ROOT)  # mutmut reads pyproject.toml and mutants/ from the current directory
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.mutation.diff_apply import get_diff_for_mutant
    from mutmut.utils.file_utils import walk_mutatable_files

    only = set(args.only.read_text().split()) if args.only else None
    reasons: dict[str, str] = tomllib.loads(REASONS.read_text(encoding="utf-8")) if REASONS.exists() else {}
    totals: Counter[str] = Counter()
    survivors: list[tuple[str, Path]] = []
    print(f"{'module':40} {'mutants':>7} {'killed':>7} {'survived':>8} {'no tests':>8} {'other':>6}")
    for path in sorted(walk_mutatable_files()):
        data = SourceFileMutationData(path=path)
        data.load()
        if only is not None:
            data.exit_code_by_key = {k: v for k, v in data.exit_code_by_key.items() if k in only}
        counts = Counter(verdict(code) for code in data.exit_code_by_key.values())
        if not data.exit_code_by_key:
            continue
        other = sum(n for v, n in counts.items() if v not in ("killed", "survived", "no tests"))
        print(f"{str(path):40} {len(data.exit_code_by_key):7} {counts['killed']:7} "
              f"{counts['survived']:8} {counts['no tests']:8} {other:6}")
        totals.update(counts)
        survivors += [(name, path) for name, code in sorted(data.exit_code_by_key.items())
                      if verdict(code) in ("survived", "no tests")]
    total = sum(totals.values())
    if not total:
        print("no mutation results: run `make mutation`")
        return 1
    caught = totals["killed"] + totals["timeout"]
    checked = total - totals["not checked"]
    score = 100 * caught / total
    if totals["not checked"]:
        print(f"\nNOT FINISHED: {totals['not checked']} of {total} mutants not checked yet; "
              f"score over the {checked} checked: {100 * caught / max(checked, 1):.1f} %")
    print(f"\n{total} mutants: {totals['killed']} killed, {totals['timeout']} timed out, "
          f"{totals['survived']} survived, {totals['no tests']} reached by no fast test, "
          f"{totals['crash']} crashed (not counted as killed), "
          f"{sum(n for v, n in totals.items() if v.startswith(('odd', 'not')))} other")
    print(f"score (killed + timed out) / all: {score:.1f} %")

    unexplained = 0
    print(f"\nsurvivors ({len(survivors)}):")
    for name, path in survivors:
        reason = reasons.get(name)
        unexplained += reason is None
        print(f"\n- {name}\n  why: {reason or 'NO REASON WRITTEN: kill it with a test, or say why it cannot be'}")
        if not args.no_diff:
            diff = get_diff_for_mutant(name, path=path)
            print("\n".join("    " + line for line in diff.splitlines()[2:]))
    stale = sorted(set(reasons) - {name for name, _ in survivors})
    if stale and only is None:
        print(f"\n{len(stale)} written reasons for mutants that no longer survive (remove them):")
        print("\n".join(f"  {name}" for name in stale))
    if score < args.min or unexplained:
        print(f"\nFAIL: score {score:.1f} % (minimum {args.min} %), {unexplained} survivors without a reason")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
