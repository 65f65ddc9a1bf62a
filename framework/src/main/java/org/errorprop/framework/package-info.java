/**
 * The errorprop framework: numerics, networks, the error-signal seam and training.
 *
 * <p><b>Shape convention, stated once.</b> Everything is double precision. A batch is a
 * row-major {@link org.ejml.data.DMatrixRMaj} whose rows are examples: {@code batch × features}.
 * A linear layer stores its weights {@code W} as {@code inputs × outputs}, so its forward pass is
 * {@code g = h W + b} and the error it carries down is {@code (∂L/∂g) Wᵀ}. Feedback matrices of
 * feedback alignment share {@code W}'s orientation.
 *
 * <p>The framework never names a propagation rule (those live in the methods module) and never
 * reads files, the environment or system properties.
 */
package org.errorprop.framework;
