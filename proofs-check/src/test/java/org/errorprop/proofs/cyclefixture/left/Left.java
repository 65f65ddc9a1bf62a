package org.errorprop.proofs.cyclefixture.left;

import org.errorprop.proofs.cyclefixture.right.Right;

/** Test-only fixture of {@code NoPackageCyclesTest}: holds a {@link Right}, whose package uses this one back. */
public final class Left {
    public Right partner;
}
