"""The batch plan: a pure function of (seed, step); each epoch a permutation split over ranks; grouping by
length keeps every example and cuts padding."""

import numpy as np
import pytest

from reckon_train.data import BatchPlan, DataError


def epoch_indices(plan: BatchPlan, epoch: int) -> list[list[int]]:
    """Per step of `epoch`, the indices of all ranks and micro-batches in order."""
    steps = range(epoch * plan.steps_per_epoch, (epoch + 1) * plan.steps_per_epoch)
    return [[i for micro in range(plan.accumulation) for rank in range(plan.world_size)
             for i in plan.indices(step, micro, rank)] for step in steps]


@pytest.mark.parametrize("lengths", [None, np.random.default_rng(0).integers(20, 150, 1000).astype(np.int32)],
                         ids=["shuffled", "grouped"])
def test_each_epoch_reads_distinct_examples_split_over_ranks(lengths):
    plan = BatchPlan(1000, seed=1234, per_device=8, world_size=2, accumulation=3, lengths=lengths)
    assert plan.global_batch == 48 and plan.steps_per_epoch == 20
    for epoch in range(2):
        flat = [i for step in epoch_indices(plan, epoch) for i in step]
        assert len(flat) == len(set(flat)) == 960
    assert epoch_indices(plan, 0) != epoch_indices(plan, 1)
    again = BatchPlan(1000, seed=1234, per_device=8, world_size=2, accumulation=3, lengths=lengths)
    assert [again.indices(s, 1, 1) for s in (37, 3, 20)] == [plan.indices(s, 1, 1) for s in (37, 3, 20)]


def test_grouping_by_length_cuts_padding():
    lengths = np.random.default_rng(1).integers(40, 150, 20_000).astype(np.int32)

    def padded(plan):
        total = 0
        for step in range(plan.steps_per_epoch):
            batch = plan.indices(step, 0, 0)
            total += max(lengths[i] for i in batch) * len(batch)
        return total

    shuffled = BatchPlan(20_000, 1, 64, 1, 1)
    grouped = BatchPlan(20_000, 1, 64, 1, 1, lengths=lengths)
    real = int(lengths[:shuffled.steps_per_epoch * 64].sum())  # about the same for either order
    assert padded(shuffled) > 1.3 * real
    assert padded(grouped) < 1.05 * real


def test_fewer_puzzles_than_a_global_batch_is_an_error():
    with pytest.raises(DataError, match=r"10 puzzles are fewer than one global batch \(16 = 8 per device x 2"):
        BatchPlan(10, 1, 8, 2, 1)
