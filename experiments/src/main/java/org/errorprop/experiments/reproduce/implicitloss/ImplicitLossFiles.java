package org.errorprop.experiments.reproduce.implicitloss;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.errorprop.experiments.reproduce.ReproductionContext;
import org.errorprop.experiments.report.CsvTable;
import org.errorprop.experiments.report.HeatmapGrid;
import org.errorprop.experiments.report.LinePlot;
import org.errorprop.experiments.report.Series;

/**
 * Writes the runs of Figure 2 / Supp. Fig. 9 under a directory: one heat-map grid per run (rows: the true
 * loss and {@code L̂} at each SG boundary; columns: snapshots; colour range per cell, as in the paper),
 * correlation and loss-curve plots, and the numbers behind them as CSV.
 */
public final class ImplicitLossFiles {
    private static final int LOSS_CURVE_POINTS = 250;
    private final ReproductionContext context;
    private final String directory;
    private final ImplicitLossSettings settings;

    public ImplicitLossFiles(ReproductionContext context, String directory, ImplicitLossSettings settings) {
        this.context = context;
        this.directory = directory;
        this.settings = settings;
    }

    /** The relative path of a run's heat-map grid, for Markdown links. */
    public String heatmapPath(RunConfig config) {
        return directory + "/" + config.key() + ".png";
    }

    public void heatmap(RunRecord run) {
        List<Integer> boundaries = run.config().layout().boundaries(settings);
        List<String> rows = new ArrayList<>();
        rows.add("true loss");
        for (int k : boundaries) {
            rows.add("L̂ at boundary " + k);
        }
        List<String> columns = run.snapshots().stream().map(s -> "step " + s.iteration()).toList();
        double[][][][] cells = new double[rows.size()][columns.size()][][];
        for (int c = 0; c < columns.size(); c++) {
            Snapshot snapshot = run.snapshots().get(c);
            cells[0][c] = run.problem().image(snapshot.trueLoss());
            for (int i = 0; i < boundaries.size(); i++) {
                cells[i + 1][c] = run.problem().image(snapshot.reconstructed().get(boundaries.get(i)));
            }
        }
        new HeatmapGrid(run.config().title(), rows, columns, HeatmapGrid.ColourRange.PER_CELL,
                "", 64)
                .writePng(context.file(heatmapPath(run.config())), cells);
    }

    /** Every correlation: one row per run, snapshot and boundary. */
    public CsvTable correlations(List<ImplicitLossRuns> variants) {
        CsvTable table = new CsvTable("variant", "panel", "loss", "labels", "layout", "boundary", "iteration",
                "correlation");
        for (ImplicitLossRuns runs : variants) {
            for (RunRecord run : runs.runs()) {
                RunConfig config = run.config();
                for (Snapshot snapshot : run.snapshots()) {
                    snapshot.correlation().forEach((k, value) -> table.add(config.variant().key(), config.panel().letter(),
                            config.panel().squaredError() ? "mse" : "log-loss", config.panel().labelling().label(),
                            config.layout().name().toLowerCase(Locale.ROOT), k, snapshot.iteration(), value));
                }
            }
        }
        table.write(context.file(directory + "/correlations.csv"));
        return table;
    }

    /** The pictures' numbers: one row per run, snapshot and grid point; {@code L̂} columns blank without an SG. */
    public CsvTable grids(List<ImplicitLossRuns> variants) {
        List<String> header = new ArrayList<>(List.of("variant", "panel", "layout", "iteration", "row", "column", "x", "y",
                "label", "true_loss"));
        for (int k = 1; k <= settings.hiddenLayers(); k++) {
            header.add("implied_loss_boundary_" + k);
        }
        CsvTable table = new CsvTable(header.toArray(String[]::new));
        for (ImplicitLossRuns runs : variants) {
            for (RunRecord run : runs.runs()) {
                GridProblem problem = run.problem();
                for (Snapshot snapshot : run.snapshots()) {
                    for (int r = 0; r < problem.points(); r++) {
                        List<Object> cells = new ArrayList<>(List.of(run.config().variant().key(), run.config().panel().letter(),
                                run.config().layout().name().toLowerCase(Locale.ROOT), snapshot.iteration(),
                                r / problem.side(), r % problem.side(), problem.inputs().get(r, 0), problem.inputs().get(r, 1),
                                problem.targets().get(r, 1) > 0.5 ? 1 : 0, snapshot.trueLoss()[r]));
                        for (int k = 1; k <= settings.hiddenLayers(); k++) {
                            double[] implied = snapshot.reconstructed().get(k);
                            cells.add(implied == null ? "" : implied[r]);
                        }
                        table.add(cells.toArray());
                    }
                }
            }
        }
        table.write(context.file(directory + "/grids.csv"));
        return table;
    }

    /** Training loss every {@code steps/250} steps (and the last), one row per run and recorded step. */
    public CsvTable lossCurves(List<ImplicitLossRuns> variants) {
        CsvTable table = new CsvTable("variant", "panel", "layout", "iteration", "loss");
        for (ImplicitLossRuns runs : variants) {
            for (RunRecord run : runs.runs()) {
                for (int t : recordedSteps()) {
                    table.add(run.config().variant().key(), run.config().panel().letter(),
                            run.config().layout().name().toLowerCase(Locale.ROOT), t, run.lossCurve()[t - 1]);
                }
            }
        }
        table.write(context.file(directory + "/loss-curves.csv"));
        return table;
    }

    private List<Integer> recordedSteps() {
        int every = Math.max(1, settings.steps() / LOSS_CURVE_POINTS);
        List<Integer> steps = new ArrayList<>();
        for (int t = 1; t <= settings.steps(); t += every) {
            steps.add(t);
        }
        if (steps.get(steps.size() - 1) != settings.steps()) {
            steps.add(settings.steps());
        }
        return steps;
    }

    /**
     * Correlation against iteration for one layout: a colour per panel (per variant when several are
     * given), a dash pattern per boundary. Returns the relative path.
     */
    public String correlationPlot(List<ImplicitLossRuns> variants, SgLayout layout, String name) {
        List<Series> series = new ArrayList<>();
        for (ImplicitLossRuns runs : variants) {
            for (LossPanel panel : LossPanel.values()) {
                RunRecord run = runs.get(panel, layout);
                String group = variants.size() > 1 ? runs.variant().formula() + " " + panel.title() : panel.title();
                for (int k : layout.boundaries(settings)) {
                    double[] x = run.snapshots().stream().mapToDouble(Snapshot::iteration).toArray();
                    double[] y = run.snapshots().stream().mapToDouble(s -> s.correlation().get(k)).toArray();
                    series.add(new Series(group + ", boundary " + k, group, x, y));
                }
            }
        }
        String path = directory + "/" + name + ".png";
        LinePlot.of("Pearson correlation of true loss and L̂ over the grid — " + layout.label(), "training step",
                "correlation(true loss, L̂)").writePng(context.file(path), series, 1100, 700);
        return path;
    }

    /** Training loss (log scale) per run of one layout: a colour per variant, a dash pattern per panel. */
    public String lossPlot(List<ImplicitLossRuns> variants, SgLayout layout, String name) {
        List<Series> series = new ArrayList<>();
        List<Integer> steps = recordedSteps();
        double[] x = steps.stream().mapToDouble(Integer::doubleValue).toArray();
        for (ImplicitLossRuns runs : variants) {
            for (LossPanel panel : LossPanel.values()) {
                RunRecord run = runs.get(panel, layout);
                double[] y = steps.stream().mapToDouble(t -> run.lossCurve()[t - 1]).toArray();
                series.add(new Series(runs.variant().formula() + " " + panel.title(), runs.variant().formula(), x, y));
            }
        }
        String path = directory + "/" + name + ".png";
        new LinePlot("Training loss (full batch) — " + layout.label(), "training step", "loss", true, List.of())
                .writePng(context.file(path), series, 1100, 700);
        return path;
    }
}
