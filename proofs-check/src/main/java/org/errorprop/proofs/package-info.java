/**
 * The paper's formal statements as numerical checks. Each {@link org.errorprop.proofs.Check} is built
 * from a small recipe (sizes, seed, conditioning, learning rates), runs the numerical experiment and
 * returns a {@link org.errorprop.proofs.Verdict} with its margin. The same checks run from
 * {@code errorprop verify} and from the property tests. No I/O, no global state.
 */
package org.errorprop.proofs;
