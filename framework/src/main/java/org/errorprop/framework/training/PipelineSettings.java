package org.errorprop.framework.training;

import java.util.List;
import java.util.Optional;
import org.errorprop.framework.InvalidInputException;

/**
 * How the pipelined schedule runs: where it cuts (named boundaries, or a number of stages it balances itself),
 * how many batches may wait between two stages, and the probability with which a stage applies its update after a
 * batch (1: always; Jaderberg et al.'s update-frequency experiment, PAPER.md 5.1, uses less).
 *
 * @param boundaries        the cut boundaries, or empty to balance {@code stages} stages
 * @param stages            the number of stages when {@code boundaries} is empty
 * @param queueCapacity     batches that may wait in each queue between two stages
 * @param updateProbability the chance that a stage updates after a batch, in (0, 1]
 * @param lockstep          each stage waits for its synthesizer's target before its next batch: no staleness and
 *                          no overlap, the sequential schedule's numbers bit for bit; a check of the plumbing, not a
 *                          way to train
 */
public record PipelineSettings(Optional<List<Integer>> boundaries, int stages, int queueCapacity,
                               double updateProbability, boolean lockstep) {

    public PipelineSettings {
        boundaries = boundaries.map(List::copyOf);
        if (boundaries.isEmpty() && stages < 1) {
            throw new InvalidInputException("the pipelined schedule needs at least 1 stage, was " + stages);
        }
        if (queueCapacity < 1) {
            throw new InvalidInputException("the queue between stages must hold at least 1 batch, was " + queueCapacity);
        }
        if (!(updateProbability > 0 && updateProbability <= 1)) {
            throw new InvalidInputException("the update probability must lie in (0, 1], was " + updateProbability);
        }
    }

    /** {@code stages} stages at the balanced cut, queues of {@code queueCapacity}, every batch updating. */
    public static PipelineSettings balanced(int stages, int queueCapacity) {
        return new PipelineSettings(Optional.empty(), stages, queueCapacity, 1.0, false);
    }

    /** Cuts at {@code boundaries}. */
    public static PipelineSettings at(List<Integer> boundaries, int queueCapacity) {
        return new PipelineSettings(Optional.of(boundaries), boundaries.size() + 1, queueCapacity, 1.0, false);
    }

    public PipelineSettings withUpdateProbability(double p) {
        return new PipelineSettings(boundaries, stages, queueCapacity, p, lockstep);
    }

    /** The same, each stage waiting for its targets before its next batch (see {@code lockstep}). */
    public PipelineSettings inLockstep() {
        return new PipelineSettings(boundaries, stages, queueCapacity, updateProbability, true);
    }
}
