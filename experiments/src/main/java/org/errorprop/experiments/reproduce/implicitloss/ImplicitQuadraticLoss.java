package org.errorprop.experiments.reproduce.implicitloss;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.network.Parameter;
import org.errorprop.methods.synthetic.LabelOnlySynthesizer;
import org.errorprop.methods.synthetic.NetworkSynthesizer;
import org.errorprop.methods.synthetic.Synthesizer;

/**
 * The loss a linear synthesizer implies for the layers below it (paper §4):
 * {@code L̂(h, y) = ½ h A hᵀ + (yB + C) hᵀ}. Only the symmetric part {@code A_sym = (A + Aᵀ)/2} enters a
 * quadratic form, and {@code ∇_h L̂ = h A_sym + yB + C} equals {@code SG(h, y) = hA + yB + C} exactly when
 * {@code A} is symmetric (see proofs-check {@code LinearSgImpliedQuadraticLoss}); {@code A} is stored
 * symmetrised. A missing part (no labels: {@code B}; label-only: {@code A}) is zero.
 *
 * @param symmetricA {@code width × width}
 * @param b          {@code labels × width}, or {@code null} for an unconditioned synthesizer
 * @param c          {@code 1 × width}
 */
public record ImplicitQuadraticLoss(DMatrixRMaj symmetricA, DMatrixRMaj b, DMatrixRMaj c) {

    /**
     * Reads {@code A, B, C} from a linear synthesizer: a {@link NetworkSynthesizer} without hidden layers is one
     * linear map {@code [h, y] W + bias}, so {@code A} is the first {@code width} rows of {@code W}, {@code B}
     * the remaining rows, {@code C} the bias; a {@link LabelOnlySynthesizer} has {@code B} and {@code C}.
     */
    public static ImplicitQuadraticLoss of(Synthesizer synthesizer, int width) {
        List<Parameter> parameters = synthesizer.parameters();
        if (synthesizer instanceof LabelOnlySynthesizer) {
            return new ImplicitQuadraticLoss(new DMatrixRMaj(width, width), parameters.get(0).value().copy(),
                    parameters.get(1).value().copy());
        }
        if (!(synthesizer instanceof NetworkSynthesizer) || parameters.size() != 2
                || !parameters.get(0).name().equals("synthesizer/output/weight")
                || !parameters.get(1).name().equals("synthesizer/output/bias")) {
            throw new IllegalArgumentException("only a linear synthesizer implies a quadratic loss; got parameters "
                    + parameters.stream().map(Parameter::name).toList());
        }
        DMatrixRMaj weight = parameters.get(0).value();
        if (weight.numCols != width || weight.numRows < width) {
            throw new IllegalArgumentException("weight " + weight.numRows + "x" + weight.numCols + " for width " + width);
        }
        DMatrixRMaj symmetric = new DMatrixRMaj(width, width);
        for (int i = 0; i < width; i++) {
            for (int j = 0; j < width; j++) {
                symmetric.set(i, j, 0.5 * (weight.get(i, j) + weight.get(j, i)));
            }
        }
        DMatrixRMaj b = null;
        int labels = weight.numRows - width;
        if (labels > 0) {
            b = new DMatrixRMaj(labels, width);
            System.arraycopy(weight.data, width * width, b.data, 0, labels * width);
        }
        return new ImplicitQuadraticLoss(symmetric, b, parameters.get(1).value().copy());
    }

    public int width() {
        return symmetricA.numCols;
    }

    /** {@code L̂} of row {@code row} of {@code h} (and of {@code y}, read only when {@code B} exists). */
    public double value(DMatrixRMaj h, DMatrixRMaj y, int row) {
        int width = width();
        double quadratic = 0;
        double linear = 0;
        for (int j = 0; j < width; j++) {
            double hj = h.get(row, j);
            double ahj = 0;
            for (int i = 0; i < width; i++) {
                ahj += h.get(row, i) * symmetricA.get(i, j);
            }
            quadratic += ahj * hj;
            double coefficient = c.get(0, j);
            if (b != null) {
                for (int l = 0; l < b.numRows; l++) {
                    coefficient += y.get(row, l) * b.get(l, j);
                }
            }
            linear += coefficient * hj;
        }
        return 0.5 * quadratic + linear;
    }

    /** {@code L̂} of every row. */
    public double[] values(DMatrixRMaj h, DMatrixRMaj y) {
        double[] values = new double[h.numRows];
        for (int r = 0; r < h.numRows; r++) {
            values[r] = value(h, y, r);
        }
        return values;
    }
}
