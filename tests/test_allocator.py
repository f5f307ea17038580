"""An import's garbage collection: paused while it runs, one pass a batch, restored after."""

from __future__ import annotations

import gc

import pytest

from duban import allocator


def test_the_collector_is_paused_during_the_work_and_restored_after_even_on_error():
    seen = []

    @allocator.collected_by_batch
    def work(fail: bool) -> str:
        seen.append(gc.isenabled())
        allocator.batch_done()  # a full pass, by hand, while paused
        if fail:
            raise RuntimeError("batch failed")
        return "done"

    assert gc.isenabled()
    assert work(False) == "done"
    with pytest.raises(RuntimeError):
        work(True)
    assert seen == [False, False] and gc.isenabled()


def test_a_collector_paused_already_is_left_paused():
    @allocator.collected_by_batch
    def work() -> bool:
        return gc.isenabled()

    gc.disable()
    try:
        assert work() is False
        assert not gc.isenabled()
    finally:
        gc.enable()
