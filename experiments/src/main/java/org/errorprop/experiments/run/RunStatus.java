package org.errorprop.experiments.run;

import java.util.Optional;
import org.errorprop.framework.training.Divergence;

/**
 * {@code status.yaml}, in every run directory: {@code status: complete}, or {@code status: diverged} with the
 * {@code epoch}, {@code step}, {@code where} ({@code loss}, {@code signal at boundary k}, {@code parameters of block
 * k}) and the non-finite {@code value} (YAML's {@code .nan}, {@code .inf} or {@code -.inf}).
 */
public final class RunStatus {
    public static final String FILE = "status.yaml";

    private RunStatus() {
    }

    public static String yaml(Optional<Divergence> divergence) {
        if (divergence.isEmpty()) {
            return "status: complete\n";
        }
        Divergence d = divergence.get();
        return "status: diverged\nepoch: " + d.epoch() + "\nstep: " + d.step() + "\nwhere: " + d.where()
                + "\nvalue: " + yamlNumber(d.value()) + "\n";
    }

    /** A status word for tables: {@code complete} or {@code diverged}. */
    public static String word(Optional<Divergence> divergence) {
        return divergence.isEmpty() ? "complete" : "diverged";
    }

    private static String yamlNumber(double value) {
        if (Double.isNaN(value)) {
            return ".nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? ".inf" : "-.inf";
        }
        return Double.toString(value);
    }
}
