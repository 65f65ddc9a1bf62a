package org.errorprop.experiments.reproduce.table2;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.errorprop.framework.network.Parameter;

/**
 * The paper's linear, label-conditioned, zero-initialised synthetic gradient, placed at the model's output
 * (Theorem 1's setting): it predicts {@code ∂L_i/∂p_i} from the output {@code p_i} and the one-hot label
 * {@code y_i} as {@code ĝ_i = p_i A + y_i B + C}. It is trained on the true output gradient {@code g} by the
 * squared error {@code ½ mean_i ‖ĝ_i − g_i‖²} (Supp. C: "MSE between synthetic and true gradients"), whose
 * gradient is {@code ∂A = pᵀ(ĝ − g)/n}, {@code ∂B = yᵀ(ĝ − g)/n}, {@code ∂C = 1ᵀ(ĝ − g)/n}.
 */
final class LinearOutputSynthesizer {
    private final Parameter a;
    private final Parameter b;
    private final Parameter c;
    private final DMatrixRMaj prediction;
    private final DMatrixRMaj error;
    private final DMatrixRMaj ones;

    LinearOutputSynthesizer(int outputs, int examples) {
        a = Parameter.zeros("sg/A", outputs, outputs, false);
        b = Parameter.zeros("sg/B", outputs, outputs, false);
        c = Parameter.zeros("sg/C", 1, outputs, false);
        prediction = new DMatrixRMaj(examples, outputs);
        error = new DMatrixRMaj(examples, outputs);
        ones = new DMatrixRMaj(1, examples);
        CommonOps_DDRM.fill(ones, 1.0);
    }

    List<Parameter> parameters() {
        return List.of(a, b, c);
    }

    /** {@code ĝ = pA + yB + 1C}; the returned matrix is reused by the next call. */
    DMatrixRMaj predict(DMatrixRMaj outputs, DMatrixRMaj labels) {
        CommonOps_DDRM.mult(outputs, a.value(), prediction);
        CommonOps_DDRM.multAdd(labels, b.value(), prediction);
        int cols = prediction.numCols;
        for (int i = 0; i < prediction.numRows; i++) {
            for (int col = 0; col < cols; col++) {
                prediction.data[i * cols + col] += c.value().data[col];
            }
        }
        return prediction;
    }

    /**
     * Fills the parameters' gradients of the synthesizer's regression loss, given the inputs and the
     * prediction of the last {@link #predict} and the true gradient {@code g}.
     */
    void regressionGradient(DMatrixRMaj outputs, DMatrixRMaj labels, DMatrixRMaj trueGradient) {
        CommonOps_DDRM.subtract(prediction, trueGradient, error);
        double scale = 1.0 / outputs.numRows;
        CommonOps_DDRM.multTransA(outputs, error, a.gradient());
        CommonOps_DDRM.scale(scale, a.gradient());
        CommonOps_DDRM.multTransA(labels, error, b.gradient());
        CommonOps_DDRM.scale(scale, b.gradient());
        CommonOps_DDRM.mult(ones, error, c.gradient());
        CommonOps_DDRM.scale(scale, c.gradient());
    }

    /**
     * {@code ‖ĝ − g‖_F / ‖g‖_F} of the last {@link #regressionGradient} call: how far the synthetic gradient
     * was from the truth (NaN when {@code g = 0}).
     */
    double relativeError(DMatrixRMaj trueGradient) {
        double truth = sumOfSquares(trueGradient);
        return truth == 0 ? Double.NaN : Math.sqrt(sumOfSquares(error) / truth);
    }

    static double sumOfSquares(DMatrixRMaj m) {
        double sum = 0;
        for (int i = 0; i < m.getNumElements(); i++) {
            sum += m.data[i] * m.data[i];
        }
        return sum;
    }
}
