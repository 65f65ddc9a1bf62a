package org.errorprop.experiments.cyclefixture.right;

import org.errorprop.experiments.cyclefixture.left.Left;

/** Test-only fixture of {@code NoPackageCyclesTest}: holds a {@link Left}, whose package uses this one back. */
public final class Right {
    public Left partner;
}
