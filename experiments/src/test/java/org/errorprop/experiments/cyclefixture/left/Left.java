package org.errorprop.experiments.cyclefixture.left;

import org.errorprop.experiments.cyclefixture.right.Right;

/** Test-only fixture of {@code NoPackageCyclesTest}: holds a {@link Right}, whose package uses this one back. */
public final class Left {
    public Right partner;
}
