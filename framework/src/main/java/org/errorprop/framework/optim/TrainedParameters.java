package org.errorprop.framework.optim;

import java.util.List;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.state.StateReader;
import org.errorprop.framework.state.StateWriter;
import org.errorprop.framework.state.Stateful;

/**
 * The state of a small trained model that is a list of parameters and the optimiser that updates them (a
 * synthesizer, say): the parameters' values by name, the optimiser's state under {@code optimizer}.
 */
public final class TrainedParameters {
    private TrainedParameters() {
    }

    public static void exportState(List<Parameter> parameters, Stateful optimizer, StateWriter out) {
        for (Parameter p : parameters) {
            out.matrix(p.name(), p.value());
        }
        optimizer.exportState(out.under("optimizer"));
    }

    public static void importState(List<Parameter> parameters, Stateful optimizer, StateReader in) {
        for (Parameter p : parameters) {
            in.matrix(p.name(), p.value());
        }
        optimizer.importState(in.under("optimizer"));
    }
}
