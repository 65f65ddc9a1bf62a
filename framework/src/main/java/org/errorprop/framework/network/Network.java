package org.errorprop.framework.network;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.state.StateReader;
import org.errorprop.framework.state.StateWriter;
import org.errorprop.framework.state.Stateful;

/**
 * A stack of {@link Block}s. The last block produces the network output {@code p} (logits for a
 * classifier); the outputs of the others are the hidden representations {@code h_1 … h_{K-1}}.
 */
public final class Network implements Stateful {
    private final List<Block> blocks;
    private final NetworkShape shape;
    private final Compute compute;

    /** {@code blocks}, bottom to top, whose layers compute on {@code compute}. */
    public Network(List<Block> blocks, Compute compute) {
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one block");
        }
        this.blocks = List.copyOf(blocks);
        List<Integer> widths = new ArrayList<>();
        widths.add(this.blocks.get(0).inputWidth());
        for (Block block : this.blocks) {
            if (block.inputWidth() != widths.get(widths.size() - 1)) {
                throw new IllegalArgumentException(block.name() + " expects width " + block.inputWidth()
                        + " after width " + widths.get(widths.size() - 1));
            }
            widths.add(block.outputWidth());
        }
        this.shape = new NetworkShape(widths);
        this.compute = compute;
    }

    /** Where the layers compute; the training step and the optimiser use the same. */
    public Compute compute() {
        return compute;
    }

    public NetworkShape shape() {
        return shape;
    }

    public List<Block> blocks() {
        return blocks;
    }

    /** Block {@code k}, 1-based as in the paper. */
    public Block block(int k) {
        return blocks.get(k - 1);
    }

    /** The output {@code p} in the given mode; hidden outputs stay readable from the blocks. */
    public DMatrixRMaj forward(DMatrixRMaj input, Mode mode) {
        DMatrixRMaj current = input;
        for (int k = 0; k < blocks.size(); k++) {  // indexed: no iterator per call
            current = blocks.get(k).forward(current, mode);
        }
        return current;
    }

    /** Every parameter, block by block, in a fixed order. */
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Block block : blocks) {
            all.addAll(block.parameters());
        }
        return List.copyOf(all);
    }

    /** Every block's state under {@code block-k}, bottom to top. */
    @Override
    public void exportState(StateWriter out) {
        for (int k = 1; k <= blocks.size(); k++) {
            block(k).exportState(out.under("block-" + k));
        }
    }

    @Override
    public void importState(StateReader in) {
        for (int k = 1; k <= blocks.size(); k++) {
            block(k).importState(in.under("block-" + k));
        }
    }
}
