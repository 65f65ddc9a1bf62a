/**
 * Representations of deep networks trained by backprop, one SG, SG everywhere and DFA (the paper's §5.2):
 * {@code errorprop reproduce fig3} (dissimilarity matrices per layer, with Supp. Fig. 7's DFA row) and
 * {@code supp8} (linear classifier and regressor probes per layer), which share the networks trained here.
 */
package org.errorprop.experiments.reproduce.representations;
