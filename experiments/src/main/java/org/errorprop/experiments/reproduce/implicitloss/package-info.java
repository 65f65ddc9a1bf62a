/**
 * The implicit loss of a synthetic gradient on a 2-D grid (the paper's §3 and Figure 2, Supp. Fig. 9):
 * {@code errorprop reproduce fig2} (linear, MLP and label-only synthesizers on the grid problems) and
 * {@code supp9} (SG without labels and with labels only), which share the grid training and the implicit-loss
 * computation here.
 */
package org.errorprop.experiments.reproduce.implicitloss;
