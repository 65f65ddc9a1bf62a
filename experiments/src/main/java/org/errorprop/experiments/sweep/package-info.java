/**
 * {@code errorprop sweep}: a grid of run specs ({@link org.errorprop.experiments.sweep.SweepSpec}) resolved to cells
 * with stable ids ({@link org.errorprop.experiments.sweep.SweepCells}, {@link org.errorprop.experiments.sweep.CellId}),
 * a deterministic part of them per process ({@link org.errorprop.experiments.sweep.Shard}), run into a sweep
 * directory that a rerun continues ({@link org.errorprop.experiments.sweep.SweepDirectory},
 * {@link org.errorprop.experiments.sweep.SweepRun}) through the {@link org.errorprop.experiments.sweep.CellRunner}
 * seam, and the shards' directories gathered ({@link org.errorprop.experiments.sweep.SweepResults}) into one summary
 * ({@link org.errorprop.experiments.sweep.SweepSummary}).
 */
package org.errorprop.experiments.sweep;
