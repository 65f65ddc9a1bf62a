/**
 * Checkpoints of a run: what one holds ({@link org.errorprop.experiments.checkpoint.Checkpoint}) and its file
 * format ({@link org.errorprop.experiments.checkpoint.CheckpointFormat}). Where they live and when they are taken is
 * {@code run.ResumableRun}'s.
 */
package org.errorprop.experiments.checkpoint;
