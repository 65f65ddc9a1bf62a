/**
 * The registry of every check ({@link org.errorprop.proofs.catalog.Statements}). A leaf: it imports the
 * checks, and only the command line imports it, so no package of proofs-check depends back on it.
 */
package org.errorprop.proofs.catalog;
