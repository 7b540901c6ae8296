"""How `make bench` judges the progress bar on the throttled profile (site_src/bench/benchmark.py,
progress_pauses): pauses count while the runtime's bytes arrive (up to 85 %), Python's start
after them is reported apart."""
from __future__ import annotations

from bench.benchmark import DOWNLOADED_PERCENT, progress_pauses


def test_a_pause_before_the_downloads_end_is_judged_one_after_them_is_not():
    moves = [[1000, 0], [1200, 5.3], [1400, 6.1], [3000, 40.2], [3200, 84.9], [3400, DOWNLOADED_PERCENT],
             [5900, 88], [6000, 94], [6100, 100]]
    pauses = progress_pauses(moves, result_ms=6300)
    assert pauses["progress_gap_ms"] == 1600  # 6.1 % -> 40.2 %: bytes were arriving
    assert pauses["progress_moves"] == 6
    assert pauses["first_move_ms"] == 1000
    assert pauses["downloaded_ms"] == 3400
    assert pauses["after_download_ms"] == 2900
    assert pauses["after_download_gap_ms"] == 2500  # 85 % -> 88 %: Python starting


def test_a_bar_that_never_reaches_the_end_of_the_downloads_is_judged_throughout():
    moves = [[1000, 5], [1300, 30], [4000, 84.9]]
    pauses = progress_pauses(moves, result_ms=4500)
    assert pauses["progress_gap_ms"] == 2700
    assert pauses["after_download_ms"] == 500


def test_moves_after_the_result_do_not_count():
    moves = [[1000, 5], [1300, DOWNLOADED_PERCENT], [1500, 100], [9000, 0]]
    assert progress_pauses(moves, result_ms=2000)["after_download_gap_ms"] == 500
