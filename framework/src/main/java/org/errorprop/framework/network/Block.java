package org.errorprop.framework.network;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.state.StateReader;
import org.errorprop.framework.state.StateWriter;
import org.errorprop.framework.state.Stateful;

/**
 * One layer of the paper's notation, {@code h_k = f_k(h_{k-1})}: a {@link Linear} map followed by
 * element-wise or per-feature layers (BatchNorm, a non-linearity). The linear map's output
 * {@code g_k} is the block's pre-activation; everything a propagation rule changes happens at the
 * linear map, so the block exposes the error at {@code g_k} separately.
 */
public final class Block implements Stateful {
    private final String name;
    private final Linear linear;
    private final List<Layer> tail;

    public Block(String name, Linear linear, List<Layer> tail) {
        this.name = name;
        this.linear = linear;
        this.tail = List.copyOf(tail);
        int width = linear.outputWidth();
        for (Layer layer : this.tail) {
            if (layer.inputWidth() != width) {
                throw new IllegalArgumentException(name + ": " + layer.kind() + " expects width " + layer.inputWidth()
                        + " after width " + width);
            }
            width = layer.outputWidth();
        }
    }

    public String name() {
        return name;
    }

    public Linear linear() {
        return linear;
    }

    /** The layers after the linear map, in forward order. */
    public List<Layer> tail() {
        return tail;
    }

    public int inputWidth() {
        return linear.inputWidth();
    }

    public int outputWidth() {
        return tail.isEmpty() ? linear.outputWidth() : tail.get(tail.size() - 1).outputWidth();
    }

    public DMatrixRMaj forward(DMatrixRMaj input, Mode mode) {
        DMatrixRMaj current = linear.forward(input, mode);
        for (int i = 0; i < tail.size(); i++) {  // indexed: no iterator per step
            current = tail.get(i).forward(current, mode);
        }
        return current;
    }

    /**
     * Carries {@code ∂L/∂h_k} back through the tail to {@code ∂L/∂g_k}, overwriting the tail's
     * parameter gradients on the way. The linear map is not touched.
     */
    public DMatrixRMaj backwardToPreActivation(DMatrixRMaj outputGradient) {
        DMatrixRMaj current = outputGradient;
        for (int i = tail.size() - 1; i >= 0; i--) {
            current = tail.get(i).backward(current);
        }
        return current;
    }

    /** Ordinary backprop through the whole block: gradients of every parameter, returns {@code ∂L/∂h_{k-1}}. */
    public DMatrixRMaj backward(DMatrixRMaj outputGradient) {
        DMatrixRMaj g = backwardToPreActivation(outputGradient);
        return linear.backward(g);
    }

    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(linear.parameters());
        for (Layer layer : tail) {
            all.addAll(layer.parameters());
        }
        return List.copyOf(all);
    }

    /** The linear map's state under {@code linear}, each tail layer's under {@code i-kind} (1-based). */
    @Override
    public void exportState(StateWriter out) {
        linear.exportState(out.under("linear"));
        for (int i = 0; i < tail.size(); i++) {
            tail.get(i).exportState(out.under((i + 1) + "-" + tail.get(i).kind()));
        }
    }

    @Override
    public void importState(StateReader in) {
        linear.importState(in.under("linear"));
        for (int i = 0; i < tail.size(); i++) {
            tail.get(i).importState(in.under((i + 1) + "-" + tail.get(i).kind()));
        }
    }
}
