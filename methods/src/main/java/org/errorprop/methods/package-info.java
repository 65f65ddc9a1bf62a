/**
 * Propagation rules, one package per rule, each behind the framework's
 * {@link org.errorprop.framework.signal.ErrorSignal} seam. Each rule announces itself as a
 * {@link org.errorprop.methods.MethodProvider} in {@code META-INF/services} with its typed options
 * ({@link org.errorprop.methods.options}); {@link org.errorprop.methods.MethodCatalog} finds them by name
 * and imports none. Nothing here reads files, the environment or system properties.
 */
package org.errorprop.methods;
