package org.errorprop.methods.cyclefixture.left;

import org.errorprop.methods.cyclefixture.right.Right;

/** Test-only fixture of {@code NoPackageCyclesTest}: holds a {@link Right}, whose package uses this one back. */
public final class Left {
    public Right partner;
}
