package org.errorprop.experiments.sweep;

import java.util.ArrayList;
import java.util.List;
import org.errorprop.framework.InvalidInputException;

/**
 * Part {@code index} of {@code count} of a sweep ({@code --shard I/N}, I from 0, as a SLURM array's
 * {@code $SLURM_ARRAY_TASK_ID}): the cells, sorted by id, dealt round-robin, so each part depends only on the
 * sweep and N, and the sizes differ by at most one.
 */
public record Shard(int index, int count) {
    public static final Shard WHOLE = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new InvalidInputException("--shard must be I/N with N >= 1 and 0 <= I < N, was " + index + "/" + count);
        }
    }

    /** Parses {@code I/N}. */
    public static Shard parse(String text) {
        int slash = text.indexOf('/');
        try {
            if (slash > 0) {
                return new Shard(Integer.parseInt(text.substring(0, slash).strip()),
                        Integer.parseInt(text.substring(slash + 1).strip()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("--shard must be I/N, e.g. 0/4 (I from 0 to N-1, as SLURM's "
                + "$SLURM_ARRAY_TASK_ID), was '" + text + "'");
    }

    /** This shard's cells of {@code cells} (sorted by id). */
    public List<SweepCell> select(List<SweepCell> cells) {
        List<SweepCell> mine = new ArrayList<>();
        for (int i = index; i < cells.size(); i += count) {
            mine.add(cells.get(i));
        }
        return mine;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
