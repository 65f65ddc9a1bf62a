/**
 * The registry of every reproducible table and figure ({@link org.errorprop.experiments.catalog.Experiments}).
 * A leaf: it imports the experiment packages, and only the command line imports it.
 */
package org.errorprop.experiments.catalog;
