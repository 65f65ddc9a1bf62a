package org.errorprop.experiments.spec;

import java.util.List;
import java.util.Optional;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.training.PipelineSettings;

/**
 * Which schedule trains a run: the sequential one (the default, bit for bit reproducible) or the pipelined one, with
 * where it cuts (named boundaries, or a number of stages it balances), its queues and the update probability.
 *
 * @param schedule          sequential or pipelined
 * @param stages            the pipelined schedule's number of stages; set by {@code stageBoundaries} when it is given
 * @param stageBoundaries   the boundaries the pipelined schedule cuts at; empty to balance {@code stages}
 * @param queueCapacity     batches that may wait between two stages
 * @param updateProbability the chance that, after a batch, a block (sequential schedule) or a stage (pipelined) applies
 *                          its update (Jaderberg et al.'s update-frequency experiment)
 */
public record ScheduleChoice(Schedule schedule, int stages, List<Integer> stageBoundaries, int queueCapacity,
                             double updateProbability) {

    /** The two schedules. */
    public enum Schedule { SEQUENTIAL, PIPELINED }

    public static final ScheduleChoice SEQUENTIAL = new ScheduleChoice(Schedule.SEQUENTIAL, 2, List.of(), 2, 1.0);

    public ScheduleChoice {
        stageBoundaries = List.copyOf(stageBoundaries);
        if (stages < 1) {
            throw new InvalidInputException("stages must be positive, was " + stages);
        }
        if (queueCapacity < 1) {
            throw new InvalidInputException("queue_capacity must be at least 1, was " + queueCapacity);
        }
        if (!(updateProbability > 0 && updateProbability <= 1)) {
            throw new InvalidInputException("update_probability must lie in (0, 1], was " + updateProbability);
        }
        if (!stageBoundaries.isEmpty()) {
            stages = stageBoundaries.size() + 1;
        }
    }

    public boolean pipelined() {
        return schedule == Schedule.PIPELINED;
    }

    /** The number of stages this choice runs in (1 for the sequential schedule). */
    public int stageCount() {
        return pipelined() ? stages : 1;
    }

    /** The framework's settings for the pipelined schedule. */
    public PipelineSettings pipelineSettings() {
        return new PipelineSettings(stageBoundaries.isEmpty() ? Optional.empty() : Optional.of(stageBoundaries), stages,
                queueCapacity, updateProbability, false);
    }
}
