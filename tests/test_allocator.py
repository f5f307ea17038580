"""The passes of the collector between an import's batches: young after each, full every few."""

from __future__ import annotations

import gc
import weakref

import pytest

from duban.allocator import FULL_EVERY, batch_done


class Node:
    """An object that can be in a cycle and be watched."""

    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture
def paused():
    """The collector paused, as an import runs: only batch_done collects."""
    was = gc.isenabled()
    gc.disable()
    yield
    if was:
        gc.enable()


def _collections() -> list[int]:
    return [generation["collections"] for generation in gc.get_stats()]


def test_a_batch_s_cycles_are_freed_after_it(paused):
    a, b = Node(), Node()
    a.other, b.other = b, a
    watched = weakref.ref(a)
    del a, b
    assert watched() is not None  # a cycle: counting references alone never frees it
    batch_done(1)
    assert watched() is None


def test_a_full_pass_comes_every_few_batches_and_frees_cycles_that_outlived_their_batch(paused):
    a, b = Node(), Node()
    a.other, b.other = b, a
    watched = weakref.ref(a)
    before = _collections()
    batch_done(1)  # the cycle is alive here: it moves on to an older generation
    del a, b
    for number in range(2, FULL_EVERY):
        batch_done(number)
    assert watched() is not None  # young passes do not walk it again
    batch_done(FULL_EVERY)
    assert watched() is None
    after = _collections()
    assert after[0] - before[0] == FULL_EVERY - 1
    assert after[2] - before[2] == 1
