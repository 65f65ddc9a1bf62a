/**
 * Propagation rules, one package per rule, each behind the framework's
 * {@link org.errorprop.framework.signal.ErrorSignal} seam; {@link org.errorprop.methods.MethodCatalog}
 * finds them by name. Nothing here reads files, the environment or system properties.
 */
package org.errorprop.methods;
