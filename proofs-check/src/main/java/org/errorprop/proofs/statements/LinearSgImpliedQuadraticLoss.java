package org.errorprop.proofs.statements;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.proofs.Check;
import org.errorprop.proofs.Verdict;

/**
 * The loss a linear SG implies (PAPER.md §1, from the paper's §4): {@code SG(h, y) = hA + yB + C} is the
 * gradient of {@code L̂(h) = ½hAhᵀ + (yB + C)hᵀ} only for the symmetric part of {@code A}; the remainder
 * {@code h(A − Aᵀ)/2} is reported. Checked by exact central differences against derived elementwise
 * bounds. The tolerances, the margin and the breach:
 * <a href="../../../../../../../../paper-notes/derivations/implied-quadratic-loss.md">
 * paper-notes/derivations/implied-quadratic-loss.md</a>.
 */
public final class LinearSgImpliedQuadraticLoss implements Check<LinearSgImpliedQuadraticLoss.Recipe> {
    static final double U = 0x1p-53;
    static final double STEP = 0.25;
    static final double GRID = 0x1p-30;
    static final double CAP = 16;
    static final double SECOND_ORDER = 2;

    /**
     * @param seed        master seed of the stream {@code "sg"}
     * @param width       {@code n = dim h}, 1..8
     * @param labels      {@code m = dim y}, 1..4
     * @param batch       rows {@code (h_i, y_i)}, 1..4
     * @param asymmetry   scale of the skew part of {@code A}; 0 gives an exactly symmetric {@code A}
     * @param claimsExact whether to assert that the SG is the gradient of {@code L̂} (true only for symmetric
     *                    {@code A} inside the hypothesis)
     */
    public record Recipe(long seed, int width, int labels, int batch, double asymmetry, boolean claimsExact) {
        public Recipe {
            if (width < 1 || labels < 1 || batch < 1 || !(asymmetry >= 0)) {
                throw new IllegalArgumentException("need n, m, batch ≥ 1 and asymmetry ≥ 0");
            }
        }
    }

    @Override
    public String id() {
        return "implied-quadratic-loss";
    }

    @Override
    public String paperReference() {
        return "§4 (implicit loss of a linear SG); PAPER.md §1 inference";
    }

    @Override
    public String statement() {
        return "For a linear SG(h, y) = hA + yB + C, the implied loss L(h) = 1/2 hAh^T + (yB + C)h^T has gradient"
                + " h(A + A^T)/2 + yB + C; SG minus that gradient is the asymmetric remainder h(A - A^T)/2, so the SG"
                + " is the gradient of L exactly when A is symmetric.";
    }

    @Override
    public Recipe randomRecipe(RandomGenerator random) {
        boolean symmetric = random.nextBoolean();
        return new Recipe(random.nextLong(), 1 + random.nextInt(8), 1 + random.nextInt(4), 1 + random.nextInt(4),
                symmetric ? 0 : 0.1 + 0.9 * random.nextDouble(), symmetric);
    }

    @Override
    public Verdict check(Recipe recipe) {
        RandomGenerator random = new RandomStreams(recipe.seed()).startOf("sg");
        int n = recipe.width();
        int m = recipe.labels();
        double[][] a = new double[n][n];
        double[][] mm = gaussian(n, n, random);
        double[][] kk = gaussian(n, n, random);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                // Both sums commute exactly in floating point, so asymmetry 0 gives A = Aᵀ bit for bit.
                a[i][j] = (mm[i][j] + mm[j][i]) + recipe.asymmetry() * (kk[i][j] - kk[j][i]);
            }
        }
        double[][] b = gaussian(m, n, random);
        double[] c = gaussian(1, n, random)[0];
        double[][] aSym = new double[n][n];
        double[][] aSkew = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                aSym[i][j] = (a[i][j] + a[j][i]) * 0.5;
                aSkew[i][j] = (a[i][j] - a[j][i]) * 0.5;
            }
        }
        double gradientSlack = CAP;
        double remainderSlack = CAP;
        double exactSlack = CAP;
        double remainder2 = 0;
        double sgMinusGradient2 = 0;
        int terms = n * n + n * m + n;
        for (int row = 0; row < recipe.batch(); row++) {
            double[] h = new double[n];
            for (int j = 0; j < n; j++) {
                h[j] = Math.rint((-2 + 4 * random.nextDouble()) / GRID) * GRID;
            }
            double[] y = gaussian(1, m, random)[0];
            for (int j = 0; j < n; j++) {
                double[] plus = h.clone();
                double[] minus = h.clone();
                plus[j] += STEP;
                minus[j] -= STEP;
                double[] up = quadratic(plus, y, a, b, c);
                double[] down = quadratic(minus, y, a, b, c);
                double fd = (up[0] - down[0]) / (2 * STEP);
                double fdBound = gamma(terms + 1) * (up[1] + down[1]) / (2 * STEP) + U * Math.abs(fd);

                double grad = c[j];
                double gradAbs = Math.abs(c[j]);
                double symAbs = 0;
                double sg = c[j];
                double sgAbs = Math.abs(c[j]);
                double rem = 0;
                double remAbs = 0;
                for (int i = 0; i < n; i++) {
                    grad += h[i] * aSym[i][j];
                    symAbs += Math.abs(h[i] * aSym[i][j]);
                    sg += h[i] * a[i][j];
                    sgAbs += Math.abs(h[i] * a[i][j]);
                    rem += h[i] * aSkew[i][j];
                    remAbs += Math.abs(h[i] * aSkew[i][j]);
                }
                for (int l = 0; l < m; l++) {
                    grad += y[l] * b[l][j];
                    gradAbs += Math.abs(y[l] * b[l][j]);
                    sg += y[l] * b[l][j];
                    sgAbs += Math.abs(y[l] * b[l][j]);
                }
                double gradBound = gamma(n + m + 1) * (gradAbs + symAbs) + U * symAbs;
                double sgBound = gamma(n + m + 1) * sgAbs;
                double remBound = (gamma(n) + U) * remAbs;
                double sgMinusFd = sg - fd;

                gradientSlack = Math.min(gradientSlack, slack(Math.abs(fd - grad),
                        SECOND_ORDER * (fdBound + gradBound + U * Math.abs(fd - grad))));
                remainderSlack = Math.min(remainderSlack, slack(Math.abs(sgMinusFd - rem),
                        SECOND_ORDER * (fdBound + sgBound + remBound + U * Math.abs(sgMinusFd) + U * Math.abs(sgMinusFd - rem))));
                exactSlack = Math.min(exactSlack, slack(Math.abs(sgMinusFd),
                        SECOND_ORDER * (fdBound + sgBound + U * Math.abs(sgMinusFd))));
                remainder2 += rem * rem;
                sgMinusGradient2 += sgMinusFd * sgMinusFd;
            }
        }
        double asym2 = 0;
        double norm2 = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                asym2 += (a[i][j] - a[j][i]) * (a[i][j] - a[j][i]);
                norm2 += a[i][j] * a[i][j];
            }
        }
        double margin = Math.min(gradientSlack, remainderSlack);
        if (recipe.claimsExact()) {
            margin = Math.min(margin, exactSlack);
        }
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("gradientOfImpliedLoss.log10Slack", gradientSlack);
        numbers.put("remainderIdentity.log10Slack", remainderSlack);
        numbers.put("sgIsGradient.log10Slack", exactSlack);
        numbers.put("remainder", Math.sqrt(remainder2));
        numbers.put("sgMinusGradient", Math.sqrt(sgMinusGradient2));
        numbers.put("relativeAsymmetryOfA", Math.sqrt(asym2 / norm2));
        return Verdict.byMargin(margin, recipe, numbers);
    }

    /** {@code L̂(h)} as one flat sum of its terms, and {@code Σ|terms|}. */
    static double[] quadratic(double[] h, double[] y, double[][] a, double[][] b, double[] c) {
        double sum = 0;
        double abs = 0;
        int n = h.length;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double t = 0.5 * h[i] * a[i][j] * h[j];
                sum += t;
                abs += Math.abs(t);
            }
        }
        for (int j = 0; j < n; j++) {
            for (int l = 0; l < y.length; l++) {
                double t = y[l] * b[l][j] * h[j];
                sum += t;
                abs += Math.abs(t);
            }
            double t = c[j] * h[j];
            sum += t;
            abs += Math.abs(t);
        }
        return new double[] {sum, abs};
    }

    static double slack(double gap, double allowed) {
        if (gap == 0) {
            return CAP;
        }
        if (!(gap > 0) || !(allowed > 0)) {
            return -CAP;
        }
        return Math.min(CAP, Math.log10(allowed / gap));
    }

    static double gamma(int k) {
        return k * U / (1 - k * U);
    }

    private static double[][] gaussian(int rows, int cols, RandomGenerator random) {
        double[][] g = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                g[i][j] = random.nextGaussian();
            }
        }
        return g;
    }
}
