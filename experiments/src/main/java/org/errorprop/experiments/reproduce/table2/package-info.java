/**
 * {@code errorprop reproduce table2}: the paper's Table 2, linear models trained by backprop and by a linear
 * synthetic gradient at the output on artificial data, against the global optimum; a configuration of the
 * framework's network, rules and training step.
 */
package org.errorprop.experiments.reproduce.table2;
