/**
 * Typed options per rule: each rule declares an immutable record, its keys ({@link
 * org.errorprop.methods.options.OptionKey}) and an {@link org.errorprop.methods.options.OptionsDescriptor}
 * that reads the record from command-line text or YAML and writes it back.
 */
package org.errorprop.methods.options;
