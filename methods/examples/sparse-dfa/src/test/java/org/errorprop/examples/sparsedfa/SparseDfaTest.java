package org.errorprop.examples.sparsedfa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.Method;
import org.errorprop.methods.MethodCatalog;
import org.errorprop.methods.contract.ErrorSignalContract;
import org.errorprop.methods.contract.Rig;
import org.errorprop.methods.feedback.DirectFeedbackSignal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * errorprop's contract suite on the plugin rule, found the way errorprop finds it (its service line),
 * and the two properties that make it sparse DFA.
 */
class SparseDfaTest {

    /** The rule as the catalog makes it from {@code --density TEXT}. */
    private static Method sparse(String density) {
        return MethodCatalog.standard().choose(SparseDfa.NAME).with(Map.of("density", density)).create();
    }

    private static DMatrixRMaj feedback(Method method, NetworkShape shape, int k) {
        List<ErrorSignal> signals = method.assign(shape, Rig.context(3, new Sgd(0.1, 0)));
        return ((DirectFeedbackSignal) signals.get(k - 1)).feedback();
    }

    @ParameterizedTest(name = "density {0}")
    @ValueSource(strings = {"0.1", "0.5", "1"})
    void keepsTheErrorSignalContract(String density) {
        new ErrorSignalContract("sparse-dfa, density " + density, () -> sparse(density)).checkAll();
    }

    @Test
    void atDensityOneItIsDfaMatrixForMatrix() {
        NetworkShape shape = NetworkShape.of(4, 30, 20, 10);
        Method dfa = MethodCatalog.standard().create("dfa");
        for (int k = 1; k <= shape.boundaries(); k++) {
            assertArrayEquals(feedback(dfa, shape, k).data, feedback(sparse("1"), shape, k).data, "boundary " + k);
        }
    }

    /** How many entries differ from density × 4000 at most: 5 sd of Binomial(4000, p), sd ≤ sqrt(4000/4) ≈ 32. */
    private static int keptCountOff(String density) {
        NetworkShape shape = NetworkShape.of(4, 400, 10);
        DMatrixRMaj dense = feedback(MethodCatalog.standard().create("dfa"), shape, 1);
        DMatrixRMaj sparse = feedback(sparse(density), shape, 1);
        double p = Double.parseDouble(density);
        int kept = 0;
        for (int i = 0; i < sparse.getNumElements(); i++) {
            if (sparse.data[i] != 0) {
                kept++;
                assertEquals(dense.data[i] * (1 / Math.sqrt(p)), sparse.data[i], 0.0, "a kept entry is DFA's, rescaled");
            }
        }
        return Math.abs(kept - (int) Math.round(0.1 * sparse.getNumElements()));
    }

    @Test
    void keepsADensityOfTheEntriesEachRescaledByOneOverTheRootOfIt() {
        // Binomial(4000, 0.1): sd = sqrt(4000 * 0.1 * 0.9) = 19, so 5 sd = 95 entries.
        assertTrue(keptCountOff("0.1") <= 95, "kept count off by " + keptCountOff("0.1"));
        // The same check fails when the density is not 0.1 (a test of the test): 0.5 keeps about 2000.
        assertTrue(keptCountOff("0.5") > 95);
    }

    @Test
    void aDensityOutsideZeroToOneIsOneClearLine() {
        for (String bad : new String[] {"0", "-0.1", "1.5", "NaN"}) {
            InvalidInputException error = assertThrows(InvalidInputException.class, () -> sparse(bad));
            assertTrue(error.getMessage().contains("density") && !error.getMessage().contains("\n"), error.getMessage());
        }
    }
}
