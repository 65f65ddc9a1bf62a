package org.errorprop.experiments.reproduce.table2;

import java.util.ArrayList;
import java.util.List;
import org.errorprop.framework.data.ArtificialKind;

/**
 * One cell of Table 2: a data distribution ({@code linear2}, {@code noisy100}, ...), a model depth and a
 * loss, with the paper's value for it (PAPER.md §4.1: "difference in final loss, SG versus the global
 * optimum", mean over 10 data sets).
 *
 * @param kind      the labelling
 * @param dimension the input dimension k (2 or 100)
 * @param depth     shallow or deep
 * @param loss      squared error or log loss
 * @param paper     the paper's number for this cell
 */
public record Table2Cell(ArtificialKind kind, int dimension, ModelDepth depth, OutputLoss loss, double paper)
        implements java.io.Serializable {

    /** The data set's name as Table 2 writes it: {@code linear2}, {@code random100}. */
    public String datasetLabel() {
        return kind.label() + dimension;
    }

    /** A short unique name, {@code linear2/shallow/mse}. */
    public String key() {
        return datasetLabel() + "/" + depth.label() + "/" + loss.label();
    }

    /** Table 2's rows in the paper's order, each with its MSE and log-loss cell (20 cells). */
    public static List<Table2Cell> paperTable() {
        List<Table2Cell> cells = new ArrayList<>();
        // shallow rows: dataset, MSE, log loss
        row(cells, ArtificialKind.LINEAR, 2, ModelDepth.SHALLOW, 0.00000, 0.03842);
        row(cells, ArtificialKind.LINEAR, 100, ModelDepth.SHALLOW, 0.00002, 0.08554);
        row(cells, ArtificialKind.NOISY, 2, ModelDepth.SHALLOW, 0.00000, 0.00036);
        row(cells, ArtificialKind.NOISY, 100, ModelDepth.SHALLOW, 0.00002, 0.00442);
        row(cells, ArtificialKind.RANDOM, 2, ModelDepth.SHALLOW, 0.00000, 0.00000);
        row(cells, ArtificialKind.RANDOM, 100, ModelDepth.SHALLOW, 0.00004, 0.00003);
        // deep rows (the paper has no linear_k deep rows)
        row(cells, ArtificialKind.NOISY, 2, ModelDepth.DEEP, 0.00000, 0.00000);
        row(cells, ArtificialKind.NOISY, 100, ModelDepth.DEEP, 0.00001, 0.00293);
        row(cells, ArtificialKind.RANDOM, 2, ModelDepth.DEEP, 0.00000, 0.00000);
        row(cells, ArtificialKind.RANDOM, 100, ModelDepth.DEEP, 0.00001, 0.00004);
        return List.copyOf(cells);
    }

    private static void row(List<Table2Cell> cells, ArtificialKind kind, int k, ModelDepth depth, double mse,
                            double logLoss) {
        cells.add(new Table2Cell(kind, k, depth, OutputLoss.MSE, mse));
        cells.add(new Table2Cell(kind, k, depth, OutputLoss.LOG_LOSS, logLoss));
    }
}
