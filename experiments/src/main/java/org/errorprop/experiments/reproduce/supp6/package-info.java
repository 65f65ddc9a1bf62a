/**
 * {@code errorprop reproduce supp6}: the paper's Supp. A (Figure 6), a constant synthetic gradient creates
 * spurious critical points where backprop has none.
 */
package org.errorprop.experiments.reproduce.supp6;
