package org.errorprop.framework.network;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.linalg.Workspaces;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Sizes and shapes a linear layer, a BatchNorm layer and an architecture accept, and the names they report. */
class LayerAndArchitectureSizesTest {
    private static final Compute COMPUTE = Compute.sequential();


    @Test
    void aLinearLayerNeedsPositiveSizes() {
        assertThrows(IllegalArgumentException.class, () -> new Linear("l", 0, 3, true, COMPUTE));
        assertThrows(IllegalArgumentException.class, () -> new Linear("l", 3, 0, true, COMPUTE));
        Linear smallest = new Linear("l", 1, 1, false, COMPUTE);
        assertEquals(1, smallest.inputWidth());
        assertEquals(1, smallest.outputWidth());
        assertEquals("linear", smallest.kind());
        assertEquals("batchnorm", new BatchNorm("bn", 1, COMPUTE).kind());
    }

    @Test
    void aLinearLayerRefusesInputsAndErrorsOfTheWrongShape() {
        Linear linear = new Linear("l", 3, 2, true, COMPUTE);
        assertThrows(IllegalStateException.class, () -> linear.computeParameterGradients(new DMatrixRMaj(4, 2)));
        IllegalArgumentException input2 = assertThrows(IllegalArgumentException.class,
                () -> linear.forward(new DMatrixRMaj(4, 2), Mode.TRAIN));
        assertEquals("l/weight: input has 2 columns, expected 3", input2.getMessage());
        DMatrixRMaj input = new DMatrixRMaj(4, 3);
        linear.forward(input, Mode.TRAIN);
        assertSame(input, linear.lastInput());
        assertThrows(IllegalStateException.class, () -> linear.computeParameterGradients(new DMatrixRMaj(5, 2)));
        IllegalArgumentException error3 = assertThrows(IllegalArgumentException.class,
                () -> linear.computeParameterGradients(new DMatrixRMaj(4, 3)));
        assertEquals("l/weight: error has 3 columns, expected 2", error3.getMessage());
    }

    @Test
    void aBatchNormNeedsAPositiveWidthAndAMomentumInZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm("bn", 0, COMPUTE));
        assertEquals(1, new BatchNorm("bn", 1, COMPUTE).parameters().get(0).value().getNumElements());
        assertEquals(2, new BatchNorm("bn", 2, 1e-5, 0.0, COMPUTE).parameters().get(1).value().getNumElements());
        assertEquals(2, new BatchNorm("bn", 2, 1e-5, 1.0, COMPUTE).parameters().get(1).value().getNumElements());
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm("bn", 2, 1e-5, -0.1, COMPUTE));
    }

    @Test
    void anActivationLayerNeedsAPositiveWidthAndIsNamedAfterItsFunction() {
        assertThrows(IllegalArgumentException.class, () -> new ActivationLayer(Activation.RELU, 0, COMPUTE));
        ActivationLayer tanh = new ActivationLayer(Activation.TANH, 1, COMPUTE);
        assertEquals(Activation.TANH, tanh.activation());
        assertEquals("tanh", tanh.kind());
    }

    @Test
    void blocksKeepTheirNamesAndANetworkRefusesBlocksThatDoNotChain() {
        Block first = new Block("block-1", new Linear("block-1/linear", 3, 4, false, COMPUTE), List.of());
        Block mismatched = new Block("block-2", new Linear("block-2/linear", 5, 2, false, COMPUTE), List.of());
        assertEquals("block-1", first.name());
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> new Network(List.of(first, mismatched), COMPUTE));
        assertEquals("block-2 expects width 5 after width 4", thrown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Network(List.of(), COMPUTE));
    }

    @Test
    void fittingAWorkspaceReshapesItInPlace() {
        DMatrixRMaj workspace = new DMatrixRMaj(4, 4);
        assertSame(workspace, Workspaces.fit(workspace, 2, 3));
        assertEquals(2, workspace.numRows);
        assertEquals(3, workspace.numCols);
    }

    @Test
    void anArchitectureNeedsPositiveWidths() {
        assertThrows(InvalidInputException.class, () -> new Architecture(0, List.of(), 2, Activation.RELU, true, false,
                false, Initializer.ZERO));
        assertThrows(InvalidInputException.class, () -> new Architecture(2, List.of(), 0, Activation.RELU, true, false,
                false, Initializer.ZERO));
        assertThrows(InvalidInputException.class, () -> new Architecture(2, List.of(3, 0), 2, Activation.RELU, true,
                false, false, Initializer.ZERO));
        Architecture smallest = new Architecture(1, List.of(1), 1, Activation.RELU, true, false, false,
                Initializer.ZERO);
        assertEquals(List.of(1), smallest.hiddenWidths());
        Architecture widened = smallest.withWidths(5, 3);
        assertEquals(5, widened.inputWidth());
        assertEquals(3, widened.outputWidth());
        assertEquals(List.of(1), widened.hiddenWidths());
        Architecture reference = Architecture.reference(784, 10);
        assertEquals(List.of(256, 256), reference.hiddenWidths());
    }
}
