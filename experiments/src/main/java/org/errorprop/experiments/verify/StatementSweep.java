package org.errorprop.experiments.verify;

import java.util.function.IntConsumer;
import org.apache.commons.math3.random.RandomGenerator;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.proofs.Check;
import org.errorprop.proofs.Verdict;

/**
 * Runs one check on {@code examples} recipes drawn from the stream {@code "verify/<id>"} of a seed,
 * so a sweep of one statement does not depend on which other statements ran.
 */
public final class StatementSweep {
    private StatementSweep() {
    }

    /** The result of a sweep: how many held, and the verdict with the smallest margin. */
    public record Result(Check<?> check, int tried, int held, Verdict worst, long seed) {
        public boolean allHeld() {
            return held == tried;
        }
    }

    public static <R> Result run(Check<R> check, int examples, long seed, IntConsumer afterEach) {
        RandomGenerator random = new RandomStreams(seed).startOf("verify/" + check.id());
        int held = 0;
        Verdict worst = null;
        for (int i = 0; i < examples; i++) {
            Verdict verdict = check.check(check.randomRecipe(random));
            if (verdict.holds()) {
                held++;
            }
            if (worst == null || verdict.margin() < worst.margin()) {
                worst = verdict;
            }
            afterEach.accept(i + 1);
        }
        return new Result(check, examples, held, worst, seed);
    }
}
