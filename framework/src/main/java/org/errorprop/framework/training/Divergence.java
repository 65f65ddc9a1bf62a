package org.errorprop.framework.training;

import java.util.Locale;

/**
 * Where a run stopped because a number became non-finite: the loss, a signal {@code δ̂} at a boundary, or
 * a parameter of a block after the update.
 *
 * @param epoch epoch of the step (from 1)
 * @param step  step within the epoch (from 1) where it was found: for a loss or a signal, the step that computed
 *              it; for a parameter, the step after the update that made it non-finite (whose loss it made
 *              non-finite), or the last step of the epoch (parameters are scanned before each evaluation)
 * @param site  what became non-finite
 * @param index the boundary (for a signal; the output boundary is the number of blocks) or the block (for a
 *              parameter); 0 for the loss
 * @param value the first non-finite value found (NaN or ±Infinity)
 */
public record Divergence(int epoch, int step, Site site, int index, double value) {

    /** What became non-finite. */
    public enum Site {
        LOSS, SIGNAL, PARAMETER
    }

    public Divergence {
        if (Double.isFinite(value)) {
            throw new IllegalArgumentException("a divergence needs a non-finite value, got " + value);
        }
    }

    /** {@code loss}, {@code signal at boundary k} or {@code parameters of block k}: the {@code where} of status files. */
    public String where() {
        return switch (site) {
            case LOSS -> "loss";
            case SIGNAL -> "signal at boundary " + index;
            case PARAMETER -> "parameters of block " + index;
        };
    }

    /**
     * One phrase: {@code the loss became NaN in epoch 3, step 17}, {@code the signal at boundary 2 became ...},
     * {@code a parameter of block 2 was Infinity, found in epoch 1, step 2}.
     */
    public String describe() {
        return switch (site) {
            case LOSS, SIGNAL -> String.format(Locale.ROOT, "the %s became %s in epoch %d, step %d", where(), value,
                    epoch, step);
            case PARAMETER -> String.format(Locale.ROOT, "a parameter of block %d was %s, found in epoch %d, step %d",
                    index, value, epoch, step);
        };
    }
}
