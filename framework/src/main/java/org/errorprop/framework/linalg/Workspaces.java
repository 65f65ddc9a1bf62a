package org.errorprop.framework.linalg;

import org.ejml.data.DMatrixRMaj;

/** Reusable matrices that a layer or a signal owns and refills each step. */
public final class Workspaces {
    private Workspaces() {
    }

    /** Reshapes {@code workspace} to {@code rows × cols}, without allocating when its array is big enough. */
    public static DMatrixRMaj fit(DMatrixRMaj workspace, int rows, int cols) {
        workspace.reshape(rows, cols, false);
        return workspace;
    }
}
