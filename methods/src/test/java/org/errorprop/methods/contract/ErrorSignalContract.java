package org.errorprop.methods.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.loss.SquaredError;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.LockingProfile;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.signal.SignalNeed;
import org.errorprop.framework.training.TrainingStep;
import org.opentest4j.AssertionFailedError;

/**
 * The {@link ErrorSignal} contract as reusable checks on a {@link Method}, so any rule, shipped or
 * deliberately broken, goes through the very same code. Every check trains a small network (2 hidden
 * layers of 6 and 5 ReLU units with BatchNorm, no biases, one linear scalar output, squared-error
 * regression, batches of 8) for {@value #STEPS} SGD steps from a fixed seed, and throws
 * {@link AssertionFailedError} on a breach. (A scalar output keeps Kickback's signal non-degenerate.)
 *
 * <p>Signal-level checks evaluate the signal at every hidden boundary even where the method does not
 * train the block below (so {@code shallow}'s zero signals are checked too); training-level checks run
 * the method as it is. Not a test class. A rule in another project runs it from the test-jar
 * {@code org.errorprop:errorprop-methods:tests} with {@code new ErrorSignalContract(name, factory).checkAll()}
 * (see {@code methods/examples/sparse-dfa}).
 */
public final class ErrorSignalContract {
    private static final Compute COMPUTE = Compute.sequential();

    public static final int STEPS = 5;
    public static final int BATCH = 8;
    public static final long SEED = 42;
    public static final Architecture ARCHITECTURE = new Architecture(4, List.of(6, 5), 1, Activation.RELU, false, true,
            false, Initializer.UNIFORM_FAN_IN);
    public static final Loss LOSS = new SquaredError();
    private static final Sgd SGD = new Sgd(0.05, 0);

    private final String name;
    private final Supplier<Method> factory;

    /** @param factory a fresh instance of the method per call */
    public ErrorSignalContract(String name, Supplier<Method> factory) {
        this.name = name;
        this.factory = factory;
    }

    // ------------------------------------------------------------------------------ observation

    /** What one call of {@code signal()} (and the {@code learn()} after it) did. */
    public static final class Call {
        final int step;
        final int boundary;
        final int expectedRows;
        final int expectedCols;
        DMatrixRMaj value;
        String changedNetwork;
        String changedOwn;
        String changedBoundary;
        boolean repeatable;
        Boolean survivedLearn;

        Call(int step, int boundary, int expectedRows, int expectedCols) {
            this.step = step;
            this.boundary = boundary;
            this.expectedRows = expectedRows;
            this.expectedCols = expectedCols;
        }

        public DMatrixRMaj value() {
            return value;
        }

        public int boundary() {
            return boundary;
        }

        public int step() {
            return step;
        }

        /**
         * Whether the matrix {@code signal()} returned still held its value after {@code learn()}; {@code null}
         * if {@code learn()} was not observed. An observation, not a requirement: a rule may reuse the
         * workspace in {@code learn()}, since the trainer has consumed {@code δ̂} by then.
         */
        public Boolean survivedLearn() {
            return survivedLearn;
        }

        String where() {
            return "step " + step + ", boundary " + boundary;
        }
    }

    /** Wraps a signal and records what it does, declaring exactly the inner signal's needs. */
    static final class Probe implements ErrorSignal {
        private final ErrorSignal inner;
        private final Network network;
        private final int width;
        private final List<Call> calls;
        private final int[] step;
        private Call last;
        private DMatrixRMaj lastReturned;

        Probe(ErrorSignal inner, Network network, int width, List<Call> calls, int[] step) {
            this.inner = inner;
            this.network = network;
            this.width = width;
            this.calls = calls;
            this.step = step;
        }

        @Override
        public Set<SignalNeed> needs() {
            return inner.needs();
        }

        @Override
        public Set<SignalNeed> learningNeeds() {
            return inner.learningNeeds();
        }

        @Override
        public LockingProfile locking() {
            return inner.locking();
        }

        @Override
        public List<Parameter> parameters() {
            return inner.parameters();
        }

        @Override
        public java.util.OptionalDouble learningLoss() {
            return inner.learningLoss();
        }

        @Override
        public DMatrixRMaj signal(Boundary at) {
            Call call = new Call(step[0], at.index(), at.batchSize(), width);
            List<DMatrixRMaj> networkBefore = Rig.snapshot(network.parameters());
            List<DMatrixRMaj> ownBefore = Rig.snapshot(inner.parameters());
            List<DMatrixRMaj> boundaryBefore = boundaryMatrices(at, inner.needs());

            DMatrixRMaj first = inner.signal(at);
            call.value = Rig.copy(first);
            calls.add(call);
            if (first.numRows != call.expectedRows || first.numCols != call.expectedCols) {
                throw new AssertionFailedError("contract: at " + call.where() + " the signal is " + first.numRows + "x"
                        + first.numCols + ", expected batch x width_k = " + call.expectedRows + "x" + call.expectedCols);
            }
            int net = Rig.firstChanged(networkBefore, network.parameters());
            call.changedNetwork = net < 0 ? null : network.parameters().get(net).name();
            int own = Rig.firstChanged(ownBefore, inner.parameters());
            call.changedOwn = own < 0 ? null : "own parameter " + own;
            List<DMatrixRMaj> boundaryAfter = boundaryMatrices(at, inner.needs());
            for (int j = 0; j < boundaryBefore.size(); j++) {
                if (!Rig.identical(boundaryBefore.get(j), boundaryAfter.get(j))) {
                    call.changedBoundary = "boundary matrix " + j + " of " + inner.needs();
                }
            }
            DMatrixRMaj again = inner.signal(at);
            call.repeatable = Rig.identical(call.value, again);
            last = call;
            lastReturned = again;
            return again;
        }

        @Override
        public void learn(Boundary at) {
            inner.learn(at);
            if (last != null && lastReturned != null) {
                last.survivedLearn = Rig.identical(last.value, lastReturned);
            }
        }

        private static List<DMatrixRMaj> boundaryMatrices(Boundary at, Set<SignalNeed> needs) {
            List<DMatrixRMaj> list = new ArrayList<>();
            if (needs.contains(SignalNeed.OWN_ACTIVATION)) {
                list.add(Rig.copy(at.activation()));
            }
            if (needs.contains(SignalNeed.LABEL)) {
                list.add(Rig.copy(at.targets()));
            }
            if (needs.contains(SignalNeed.OUTPUT_ERROR)) {
                list.add(Rig.copy(at.outputError()));
            }
            if (needs.contains(SignalNeed.UPSTREAM_SIGNAL)) {
                list.add(Rig.copy(at.upstreamPreActivationError()));
                list.add(Rig.copy(at.upstreamWeights()));
            }
            return list;
        }
    }

    /** One observed run: the calls, the network before and after, the method and its trainer. */
    public record Run(Method method, Network network, List<DMatrixRMaj> initial, List<Call> calls, TrainingStep step) {
    }

    /** The batches every check uses: inputs {@code U(−1, 1)}, targets {@code sin(x·w)}. */
    public static List<DMatrixRMaj[]> batches() {
        SplittableRandom random = new SplittableRandom(SEED);
        double[] w = {0.9, -1.3, 0.4, 1.1};
        List<DMatrixRMaj[]> list = new ArrayList<>();
        for (int s = 0; s < STEPS; s++) {
            DMatrixRMaj x = Rig.uniform(BATCH, 4, random, 1.0);
            DMatrixRMaj y = new DMatrixRMaj(BATCH, 1);
            for (int r = 0; r < BATCH; r++) {
                double dot = 0;
                for (int c = 0; c < 4; c++) {
                    dot += x.get(r, c) * w[c];
                }
                y.set(r, 0, Math.sin(dot));
            }
            list.add(new DMatrixRMaj[] {x, y});
        }
        return list;
    }

    /** Trains a fresh network with a fresh method; probes every signal when {@code probe} is set. */
    public Run observe(boolean probe) {
        return observe(probe, Handover.PLAIN);
    }

    /** How the method's signals are handed to the trainer in a run. */
    enum Handover {
        /** As the rule returns them. */
        PLAIN,
        /** A private copy of what the rule computed, so nothing the rule does later can reach the update. */
        SHIELDED,
        /** A private copy, overwritten with NaN as soon as {@code learn()} is called. */
        POISONED_IN_LEARN,
        /** A private copy, overwritten with NaN before the trainer gets it (a control for the poisoning). */
        POISONED_AT_ONCE
    }

    /** As {@link #observe(boolean)}, with the signals handed over as {@code handover} says. */
    private Run observe(boolean probe, Handover handover) {
        Method method = factory.get();
        Network network = ARCHITECTURE.build(new RandomStreams(SEED), COMPUTE);
        List<DMatrixRMaj> initial = Rig.snapshot(network.parameters());
        List<Call> calls = new ArrayList<>();
        int[] step = {0};
        Method run = probe ? probing(method, network, calls, step) : handover == Handover.PLAIN ? method
                : handedOver(method, handover);
        TrainingStep trainer = new TrainingStep(network, LOSS, run, SGD,
                new MethodContext(new RandomStreams(SEED).child("method"), SGD, COMPUTE));
        for (DMatrixRMaj[] batch : batches()) {
            step[0]++;
            trainer.run(batch[0], batch[1]);
        }
        return new Run(method, network, initial, calls, trainer);
    }

    /** The method's signals wrapped in probes, evaluated at every boundary. */
    private static Method probing(Method method, Network network, List<Call> calls, int[] step) {
        return new Method() {
            @Override
            public String name() {
                return method.name();
            }

            @Override
            public List<ErrorSignal> assign(NetworkShape shape, MethodContext context) {
                List<ErrorSignal> wrapped = new ArrayList<>();
                List<ErrorSignal> signals = method.assign(shape, context);
                for (int k = 1; k <= signals.size(); k++) {
                    wrapped.add(new Probe(signals.get(k - 1), network, shape.boundaryWidth(k), calls, step));
                }
                return wrapped;
            }

            @Override
            public Optional<ErrorSignal> outputSignal(NetworkShape shape, MethodContext context) {
                return method.outputSignal(shape, context)
                        .map(inner -> new Probe(inner, network, shape.outputWidth(), calls, step));
            }

            @Override
            public boolean trainsBlock(int k, NetworkShape shape) {
                return true;
            }
        };
    }

    /** The method's signals, each returning a private copy of its result, poisoned as {@code handover} says. */
    private static Method handedOver(Method method, Handover handover) {
        return new Method() {
            @Override
            public String name() {
                return method.name();
            }

            @Override
            public List<ErrorSignal> assign(NetworkShape shape, MethodContext context) {
                List<ErrorSignal> wrapped = new ArrayList<>();
                for (ErrorSignal inner : method.assign(shape, context)) {
                    wrapped.add(handedOver(inner, handover));
                }
                return wrapped;
            }

            @Override
            public Optional<ErrorSignal> outputSignal(NetworkShape shape, MethodContext context) {
                return method.outputSignal(shape, context).map(inner -> handedOver(inner, handover));
            }

            @Override
            public boolean trainsBlock(int k, NetworkShape shape) {
                return method.trainsBlock(k, shape);
            }
        };
    }

    /** {@code inner} returning a private copy of its result, poisoned as {@code handover} says. */
    private static ErrorSignal handedOver(ErrorSignal inner, Handover handover) {
        return new ErrorSignal() {
            private DMatrixRMaj handed;

            @Override
            public Set<SignalNeed> needs() {
                return inner.needs();
            }

            @Override
            public Set<SignalNeed> learningNeeds() {
                return inner.learningNeeds();
            }

            @Override
            public DMatrixRMaj signal(Boundary at) {
                handed = Rig.copy(inner.signal(at));
                if (handover == Handover.POISONED_AT_ONCE) {
                    java.util.Arrays.fill(handed.data, Double.NaN);
                }
                return handed;
            }

            @Override
            public void learn(Boundary at) {
                if (handover == Handover.POISONED_IN_LEARN && handed != null) {
                    java.util.Arrays.fill(handed.data, Double.NaN);
                }
                inner.learn(at);
            }

            @Override
            public List<Parameter> parameters() {
                return inner.parameters();
            }
        };
    }

    private AssertionFailedError breach(String what) {
        return new AssertionFailedError("contract breach by '" + name + "': " + what);
    }

    // ----------------------------------------------------------------------------------- checks

    /** Every check, in order. */
    public void checkAll() {
        checkAssignment();
        checkShapes();
        checkSignalChangesNothing();
        checkRepeatable();
        checkSignalIsConsumedBeforeLearn();
        checkUpdateUsesTheComputedSignal();
        checkSameSeedSameSignals();
        checkTrainsWhatItSays();
        checkTrainedBoundariesGetSignals();
        checkLockingFollowsNeeds();
    }

    /** One signal per boundary, and a name. */
    public void checkAssignment() {
        Method method = factory.get();
        NetworkShape shape = ARCHITECTURE.shape();
        List<ErrorSignal> signals = method.assign(shape, new MethodContext(new RandomStreams(SEED).child("method"), SGD, COMPUTE));
        if (signals.size() != shape.boundaries()) {
            throw breach(signals.size() + " signals for " + shape.boundaries() + " boundaries");
        }
        if (method.name() == null || method.name().isBlank()) {
            throw breach("no name");
        }
    }

    /** {@code signal()} returns {@code batch × width_k}, finite. */
    public void checkShapes() {
        Run run = observe(true);
        if (run.calls().isEmpty()) {
            throw breach("no signal was ever computed");
        }
        for (Call call : run.calls()) {
            // The probe already refused a wrong shape during training; here finiteness.
            for (int i = 0; i < call.value.getNumElements(); i++) {
                if (!Double.isFinite(call.value.data[i])) {
                    throw breach("non-finite signal at " + call.where());
                }
            }
        }
    }

    /** {@code signal()} changes no network weight, none of the signal's own parameters, no boundary matrix. */
    public void checkSignalChangesNothing() {
        for (Call call : observe(true).calls()) {
            if (call.changedNetwork != null) {
                throw breach("signal() changed network parameter " + call.changedNetwork + " at " + call.where());
            }
            if (call.changedOwn != null) {
                throw breach("signal() changed its " + call.changedOwn + " at " + call.where());
            }
            if (call.changedBoundary != null) {
                throw breach("signal() wrote into " + call.changedBoundary + " at " + call.where());
            }
        }
    }

    /** Calling {@code signal()} twice on the same boundary gives the same numbers. */
    public void checkRepeatable() {
        for (Call call : observe(true).calls()) {
            if (!call.repeatable) {
                throw breach("a second signal() on the same boundary gave other numbers at " + call.where());
            }
        }
    }

    /**
     * The trainer consumes {@code δ̂_k} (block {@code k}'s backward pass and local gradients) before it calls
     * {@code learn()}, so a rule may reuse the matrix it returned as a workspace while learning: training in
     * which every signal hands over a private copy that is overwritten with NaN the moment {@code learn()} is
     * called gives bit for bit the weights of training with unpoisoned copies.
     */
    public void checkSignalIsConsumedBeforeLearn() {
        checkSignalIsConsumedBeforeLearn(Handover.POISONED_IN_LEARN);
    }

    /** The check above with the poison applied as {@code poison} says (the control poisons at once). */
    void checkSignalIsConsumedBeforeLearn(Handover poison) {
        compareWeights(observe(false, Handover.SHIELDED), observe(false, poison),
                "from training on copies of the signals that " + (poison == Handover.POISONED_AT_ONCE
                        ? "were NaN when handed over" : "turned NaN when learn() was called")
                        + ": the trainer read δ̂_k after the rule started learning");
    }

    private void compareWeights(Run expected, Run actual, String consequence) {
        List<Parameter> a = expected.network().parameters();
        List<Parameter> b = actual.network().parameters();
        for (int j = 0; j < a.size(); j++) {
            if (!Rig.identical(a.get(j).value(), b.get(j).value())) {
                throw breach("after " + STEPS + " steps " + a.get(j).name() + " differs by up to "
                        + Rig.maxGap(a.get(j).value(), b.get(j).value()) + " " + consequence);
            }
        }
    }

    /**
     * End to end: training with the method as it is gives bit for bit the weights of training where
     * every signal hands over a private copy of its result; i.e. the update uses the {@code δ̂} that
     * {@code signal()} computed, whatever happens to the rule's workspaces afterwards.
     */
    public void checkUpdateUsesTheComputedSignal() {
        compareWeights(observe(false, Handover.SHIELDED), observe(false, Handover.PLAIN),
                "from training on copies of the signals: the update did not use what signal() returned");
    }

    /** Two fresh instances, the same seed and data: the same signals, bit for bit. */
    public void checkSameSeedSameSignals() {
        List<Call> first = observe(true).calls();
        List<Call> second = observe(true).calls();
        if (first.size() != second.size()) {
            throw breach(first.size() + " vs " + second.size() + " signal calls from the same seed");
        }
        for (int i = 0; i < first.size(); i++) {
            if (!Rig.identical(first.get(i).value, second.get(i).value)) {
                throw breach("the same seed gave different signals at " + first.get(i).where() + " (largest gap "
                        + Rig.maxGap(first.get(i).value, second.get(i).value) + ")");
            }
        }
    }

    /**
     * After {@value #STEPS} steps every block the method trains has a changed weight matrix, and every
     * parameter of every other block is unchanged, bit for bit.
     */
    public void checkTrainsWhatItSays() {
        Run run = observe(false);
        NetworkShape shape = run.network().shape();
        for (int k = 1; k <= shape.blocks(); k++) {
            List<Parameter> parameters = run.network().block(k).parameters();
            int offset = offset(run.network(), k);
            if (run.method().trainsBlock(k, shape)) {
                DMatrixRMaj before = run.initial().get(offset);
                if (Rig.identical(before, run.network().block(k).linear().weight().value())) {
                    throw breach("block " + k + " is trained but its weights never changed in " + STEPS + " steps");
                }
            } else {
                for (int j = 0; j < parameters.size(); j++) {
                    if (!Rig.identical(run.initial().get(offset + j), parameters.get(j).value())) {
                        throw breach("block " + k + " is not trained but " + parameters.get(j).name() + " changed");
                    }
                }
            }
        }
    }

    /** By the last step, every boundary above a trained block carries a signal that is not all zero. */
    public void checkTrainedBoundariesGetSignals() {
        Run run = observe(true);
        NetworkShape shape = run.network().shape();
        for (int k = 1; k <= shape.boundaries(); k++) {
            if (!run.method().trainsBlock(k, shape)) {
                continue;
            }
            Call lastCall = null;
            for (Call call : run.calls()) {
                if (call.boundary == k && call.step == STEPS) {
                    lastCall = call;
                }
            }
            if (lastCall == null) {
                throw breach("boundary " + k + " got no signal in the last step");
            }
            if (Rig.allZero(lastCall.value)) {
                throw breach("boundary " + k + " above a trained block still gets an all-zero signal after " + STEPS
                        + " steps");
            }
        }
        if (run.step().outputSignal().isPresent() && run.method().trainsBlock(shape.blocks(), shape)) {
            Call lastCall = null;
            for (Call call : run.calls()) {
                if (call.boundary == shape.blocks() && call.step == STEPS) {
                    lastCall = call;
                }
            }
            if (lastCall == null || Rig.allZero(lastCall.value)) {
                throw breach("the output boundary's signal is missing or all zero after " + STEPS + " steps");
            }
        }
    }

    /**
     * {@code locking() = LockingProfile.of(needs())}; needs, learning needs and parameters fixed for life. The
     * output boundary's signal, if any, is checked last, as boundary {@code K}.
     */
    public void checkLockingFollowsNeeds() {
        Run run = observe(false);
        Method fresh = factory.get();
        MethodContext context = new MethodContext(new RandomStreams(SEED).child("method"), SGD, COMPUTE);
        List<ErrorSignal> before = new ArrayList<>(fresh.assign(ARCHITECTURE.shape(), context));
        fresh.outputSignal(ARCHITECTURE.shape(), context).ifPresent(before::add);
        List<ErrorSignal> after = new ArrayList<>(run.step().signals());
        run.step().outputSignal().ifPresent(after::add);
        if (before.size() != after.size()) {
            throw breach("a fresh instance places " + before.size() + " signals, the trained one " + after.size());
        }
        for (int k = 1; k <= after.size(); k++) {
            ErrorSignal signal = after.get(k - 1);
            if (!signal.locking().equals(LockingProfile.of(signal.needs()))) {
                throw breach("boundary " + k + ": locking() " + signal.locking() + " but needs " + signal.needs()
                        + " imply " + LockingProfile.of(signal.needs()));
            }
            ErrorSignal original = before.get(k - 1);
            if (!original.needs().equals(signal.needs())
                    || !original.learningNeeds().equals(signal.learningNeeds())) {
                throw breach("boundary " + k + ": needs changed during training");
            }
            if (original.parameters().size() != signal.parameters().size()) {
                throw breach("boundary " + k + ": parameters() grew from " + original.parameters().size() + " to "
                        + signal.parameters().size() + " (state created lazily)");
            }
        }
    }

    private static int offset(Network network, int k) {
        int offset = 0;
        for (int j = 1; j < k; j++) {
            offset += network.block(j).parameters().size();
        }
        return offset;
    }
}
