package org.errorprop.experiments.reproduce.supp6;

import static org.errorprop.proofs.statements.ConstantSyntheticGradientCreatesSpuriousCriticalPoints.convergenceRadius;
import static org.errorprop.proofs.statements.ConstantSyntheticGradientCreatesSpuriousCriticalPoints.loss;
import static org.errorprop.proofs.statements.ConstantSyntheticGradientCreatesSpuriousCriticalPoints.sgField;
import static org.errorprop.proofs.statements.ConstantSyntheticGradientCreatesSpuriousCriticalPoints.sgIterationCap;
import static org.errorprop.proofs.statements.ConstantSyntheticGradientCreatesSpuriousCriticalPoints.sgStationary;
import static org.errorprop.proofs.statements.ConstantSyntheticGradientCreatesSpuriousCriticalPoints.sgStep;
import static org.errorprop.proofs.statements.ConstantSyntheticGradientCreatesSpuriousCriticalPoints.smallestSubgradientNorm;
import static org.errorprop.proofs.statements.ConstantSyntheticGradientCreatesSpuriousCriticalPoints.subgradientBudget;
import static org.errorprop.proofs.statements.ConstantSyntheticGradientCreatesSpuriousCriticalPoints.subgradientStep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.errorprop.experiments.reproduce.Claim;
import org.errorprop.experiments.reproduce.Experiment;
import org.errorprop.experiments.reproduce.ExperimentReport;
import org.errorprop.experiments.reproduce.Progress;
import org.errorprop.experiments.reproduce.ReproductionContext;
import org.errorprop.experiments.report.CsvTable;
import org.errorprop.experiments.report.LinePlot;
import org.errorprop.experiments.report.MarkdownTable;
import org.errorprop.experiments.report.Series;
import org.errorprop.experiments.report.SurfacePlot;
import org.errorprop.proofs.statements.ConstantSyntheticGradientCreatesSpuriousCriticalPoints.Synthesizer;

/**
 * Supplementary Figure 6 (Supp. A): on data {−2, −1, 1, 2} with {@code f(x) = ax + b} and
 * {@code L = Σ|ax_i + b|}, a constant synthetic gradient {@code c} makes every {@code (a, b = 0, c = 0)}
 * critical for the SG system; trained from the same start, the SG system stops at {@code a ≠ 0} while
 * subgradient descent (backprop) reaches {@code a = b = 0}. The dynamics are the proofs-check's
 * ({@code ConstantSyntheticGradientCreatesSpuriousCriticalPoints}); this draws them. Nothing is random.
 */
public final class SpuriousCriticalPointsExperiment implements Experiment {
    private static final String NAME = "supp6";

    /** The SG's hypothesis space: the paper's constant; the affine one only in tests, to break the hypothesis. */
    private final Synthesizer synthesizer;

    public SpuriousCriticalPointsExperiment() {
        this(Synthesizer.CONSTANT);
    }

    SpuriousCriticalPointsExperiment(Synthesizer synthesizer) {
        this.synthesizer = synthesizer;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** It makes its own data. */
    @Override
    public boolean readsData() {
        return false;
    }

    /** It is deterministic: its starting points are fixed in its settings. */
    @Override
    public boolean readsSeed() {
        return false;
    }

    @Override
    public String title() {
        return "Supplementary Figure 6: a constant SG creates critical points the loss does not have";
    }

    @Override
    public ExperimentReport run(ReproductionContext context) {
        SpuriousCriticalPointsSettings settings = SpuriousCriticalPointsSettings.of(context.scale());
        double radius = convergenceRadius(settings.step());
        List<Trajectory> sgTrajectories = new ArrayList<>();
        List<Trajectory> descentTrajectories = new ArrayList<>();
        try (Progress progress = context.progress(NAME, settings.starts().size())) {
            for (SpuriousCriticalPointsSettings.Start start : settings.starts()) {
                long budget = subgradientBudget(start.a(), start.b(), settings.step());
                descentTrajectories.add(descend(start, settings, budget));
                sgTrajectories.add(trainSg(start, settings, sgIterationCap(start.a(), start.b(), start.c(),
                        settings.step(), settings.sgStep()), synthesizer));
                progress.step();
            }
        }
        CsvTable paths = new CsvTable("start", "method", "iteration", "a", "b", "c", "loss");
        for (int s = 0; s < settings.starts().size(); s++) {
            sgTrajectories.get(s).writeTo(paths, s + 1, "sg");
            descentTrajectories.get(s).writeTo(paths, s + 1, "backprop");
        }
        paths.write(context.file(NAME + "/paths.csv"));
        writeSurface(context, settings, sgTrajectories, descentTrajectories);
        writeDistances(context, sgTrajectories, descentTrajectories, radius);

        double[] grid = staticGrid(settings.extent());
        double worstStaticField = 0;
        double smallestOriginalGradient = Double.POSITIVE_INFINITY;
        for (double a : grid) {
            worstStaticField = Math.max(worstStaticField, sgField(synthesizer, a, 0, 0, 0));
            smallestOriginalGradient = Math.min(smallestOriginalGradient, smallestSubgradientNorm(a, 0));
        }
        double smallestSgA = sgTrajectories.stream().mapToDouble(p -> Math.abs(p.last()[0])).min().orElseThrow();
        boolean sgAllStationary = sgTrajectories.stream().allMatch(Trajectory::stationary);
        double largestSgC = sgTrajectories.stream().mapToDouble(p -> Math.abs(p.last()[2])).max().orElseThrow();
        double largestDescentDistance = descentTrajectories.stream()
                .mapToDouble(p -> Math.hypot(p.last()[0], p.last()[1])).max().orElseThrow();

        List<Claim> claims = List.of(
                new Claim("(a, b = 0, c = 0) is a critical point of the SG system for any a, not of L",
                        "exact (Supp. A)",
                        "SG vector field = 0 exactly at " + grid.length + " values of a in [-" + settings.extent()
                                + ", " + settings.extent() + "] while the smallest subgradient of L there is > 0",
                        String.format(Locale.ROOT, "largest field %.1e; smallest |subgradient of L| %.2f",
                                worstStaticField, smallestOriginalGradient),
                        worstStaticField == 0 && smallestOriginalGradient > 0),
                new Claim("Trained with the constant SG, the system stops at a != 0 (with c = 0)",
                        "qualitative, Figure 6 right",
                        "every start: SG run stationary, |a| > R = " + fmt(radius) + " (the radius subgradient "
                                + "descent provably enters)",
                        String.format(Locale.ROOT, "smallest final |a| %.3f, largest final |c| %.1e, stationary: %s",
                                smallestSgA, largestSgC, sgAllStationary ? "all" : "not all"),
                        sgAllStationary && smallestSgA > radius),
                new Claim("Backprop (subgradient descent) reaches the minimum a = b = 0",
                        "exact (Supp. A)",
                        "every start: final |(a, b)| <= R = " + fmt(radius),
                        String.format(Locale.ROOT, "largest final |(a, b)| %.4f", largestDescentDistance),
                        largestDescentDistance <= radius));

        MarkdownTable runs = new MarkdownTable("start (a, b, c)", "SG: iterations", "SG: final (a, b, c)",
                "backprop: iterations", "backprop: final (a, b)");
        for (int s = 0; s < settings.starts().size(); s++) {
            SpuriousCriticalPointsSettings.Start start = settings.starts().get(s);
            Trajectory sg = sgTrajectories.get(s);
            Trajectory bp = descentTrajectories.get(s);
            runs.add(String.format(Locale.ROOT, "(%.2f, %.2f, %.2f)", start.a(), start.b(), start.c()),
                    sg.iterations() + (sg.stationary() ? "" : " (cap, not stationary)"),
                    String.format(Locale.ROOT, "(%.3f, %.3f, %.1e)", sg.last()[0], sg.last()[1], sg.last()[2]),
                    Long.toString(bp.iterations()),
                    String.format(Locale.ROOT, "(%.4f, %.4f)", bp.last()[0], bp.last()[1]));
        }
        String markdown = "The paper's counter-example, run as stated: data {-2, -1, 1, 2}, f(x) = ax + b, "
                + "L(a, b) = sum |ax_i + b|, a synthetic gradient that is one trainable constant c fitted to the "
                + "per-example gradients sign(ax_i + b). Both runs start from the same (a, b); the SG system "
                + "updates (a, b) with c and c towards the mean of the signs, simultaneously. The SG run stops "
                + "when its vector field is below sqrt(eps) times the smallest subgradient of L "
                + "(the proofs-check's tolerance); backprop runs the iteration budget derived in "
                + "`ConstantSyntheticGradientCreatesSpuriousCriticalPoints`.\n\n"
                + new MarkdownTable("setting", "value", "why")
                        .add("step of (a, b), both runs", fmt(settings.step()), "not stated; inside the proofs-check range")
                        .add("step of c", fmt(settings.sgStep()), "not stated; the SG regression is stable below 1/4")
                        .add("starts", Integer.toString(settings.starts().size()), "generic points off both axes")
                        .add("image", settings.gridPoints() + " x " + settings.gridPoints(), "resolution only")
                        .text()
                + "\n![loss surface with paths](" + NAME + "/surface.png)\n\n"
                + "![distance to the minimum](" + NAME + "/distance.png)\n\n"
                + runs.text()
                + "\nThe set where the SG system is stationary is the band |b| < |a| with c = 0 (there the signs "
                + "at x = +-1, +-2 balance), of which the paper's line b = 0 is the centre; the SG run stops "
                + "wherever it first enters the band with c settled, so its final b need not be 0. Backprop leaves "
                + "the band because its per-example gradients do not average out in a: sum sign(ax_i)x_i = 6 sign(a).\n"
                + "\nData: `" + NAME + "/paths.csv` (every " + settings.recordEvery() + "th iterate of each run), `"
                + NAME + "/surface.csv` (the loss on the image grid).\n";
        return new ExperimentReport(claims, markdown);
    }

    /** Values of a for the static check: an even grid without 0 (where the point is the true minimum). */
    private static double[] staticGrid(double extent) {
        double[] grid = new double[40];
        for (int i = 0; i < grid.length; i++) {
            double t = -extent + 2 * extent * (i + 0.5) / grid.length;
            grid[i] = t;
        }
        return grid;
    }

    private static Trajectory trainSg(SpuriousCriticalPointsSettings.Start start, SpuriousCriticalPointsSettings settings,
                                long cap, Synthesizer synthesizer) {
        double[] state = {start.a(), start.b(), start.c(), 0};
        Trajectory path = new Trajectory(settings.recordEvery());
        path.record(0, state);
        long k = 0;
        while (k < cap && !sgStationary(synthesizer, state)) {
            sgStep(synthesizer, state, settings.step(), settings.sgStep());
            k++;
            path.record(k, state);
        }
        path.finish(k, state, sgStationary(synthesizer, state));
        return path;
    }

    private static Trajectory descend(SpuriousCriticalPointsSettings.Start start, SpuriousCriticalPointsSettings settings,
                                long budget) {
        double[] ab = {start.a(), start.b()};
        Trajectory path = new Trajectory(settings.recordEvery());
        path.record(0, new double[] {ab[0], ab[1], Double.NaN});
        for (long k = 1; k <= budget; k++) {
            subgradientStep(ab, settings.step());
            path.record(k, new double[] {ab[0], ab[1], Double.NaN});
        }
        path.finish(budget, new double[] {ab[0], ab[1], Double.NaN}, true);
        return path;
    }

    private static void writeSurface(ReproductionContext context, SpuriousCriticalPointsSettings settings,
                                     List<Trajectory> sgTrajectories, List<Trajectory> descentTrajectories) {
        int n = settings.gridPoints();
        double e = settings.extent();
        double[] axis = new double[n];
        for (int i = 0; i < n; i++) {
            axis[i] = -e + 2 * e * i / (n - 1);
        }
        double[][] z = new double[n][n];
        CsvTable surface = new CsvTable("a", "b", "loss");
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                z[i][j] = loss(axis[i], axis[j]);
                surface.add(axis[i], axis[j], z[i][j]);
            }
        }
        surface.write(context.file(NAME + "/surface.csv"));
        List<Series> overlays = new ArrayList<>();
        overlays.add(new Series("SG critical points b = 0, c = 0 (paper)", "sg-critical",
                new double[] {-e, e}, new double[] {0, 0}));
        overlays.add(new Series("edge of the SG-stationary band |b| = |a|", "band", new double[] {-e, e},
                new double[] {-e, e}));
        overlays.add(new Series("edge of the SG-stationary band (b = -a)", "band", new double[] {-e, e},
                new double[] {e, -e}));
        for (int s = 0; s < sgTrajectories.size(); s++) {
            // Names must differ; the legend shows the first of each group.
            overlays.add(sgTrajectories.get(s).series(s == 0 ? "SG paths" : "SG path " + (s + 1), "sg"));
            overlays.add(descentTrajectories.get(s).series(s == 0 ? "backprop paths" : "backprop path " + (s + 1),
                    "backprop"));
        }
        for (int s = 0; s < sgTrajectories.size(); s++) {
            double[] end = sgTrajectories.get(s).last();
            overlays.add(new Series(s == 0 ? "where the SG runs stop" : "SG end " + (s + 1), "sg-end",
                    new double[] {end[0]}, new double[] {end[1]}));
        }
        overlays.add(new Series("minimum of L (a = b = 0)", "minimum", new double[] {0}, new double[] {0}));
        new SurfacePlot("Supp. Fig. 6: L(a, b) = sum |a x_i + b| with SG and backprop paths", "a", "b", "L(a, b)")
                .writePng(context.file(NAME + "/surface.png"), axis, axis, z, overlays);
    }

    private static void writeDistances(ReproductionContext context, List<Trajectory> sgTrajectories, List<Trajectory> descentTrajectories,
                                       double radius) {
        List<Series> series = new ArrayList<>();
        for (int s = 0; s < sgTrajectories.size(); s++) {
            series.add(sgTrajectories.get(s).distanceSeries("SG, start " + (s + 1), "SG"));
        }
        for (int s = 0; s < descentTrajectories.size(); s++) {
            series.add(descentTrajectories.get(s).distanceSeries("backprop, start " + (s + 1), "backprop"));
        }
        double longest = sgTrajectories.stream().mapToLong(Trajectory::iterations).max().orElse(1);
        series.add(new Series("radius R backprop provably enters", "R", new double[] {0, longest},
                new double[] {radius, radius}));
        LinePlot.of("Supp. A: distance |(a, b)| to the minimum of L", "iteration", "|(a, b)|").withLogY()
                .writePng(context.file(NAME + "/distance.png"), series);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.4g", value);
    }
}
