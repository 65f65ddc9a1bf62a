/**
 * The paper's depth experiments on MNIST (Czarnecki et al. 2017, §5): Figure 4, learning curves of
 * backprop against one synthetic gradient in the middle of the hidden stack for several depths and two
 * activations, and Figure 5, the normalised squared weight norms per layer of backprop, one synthetic
 * gradient and a synthetic gradient at every layer: {@code errorprop reproduce fig4} and {@code fig5}, which
 * share the depth runs trained here.
 */
package org.errorprop.experiments.reproduce.depth;
