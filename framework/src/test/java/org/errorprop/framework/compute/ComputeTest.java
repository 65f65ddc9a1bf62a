package org.errorprop.framework.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.linalg.BlasBackend;
import org.errorprop.framework.linalg.BlasKind;
import org.errorprop.framework.linalg.MatmulPrecision;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.network.Mode;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.parallel.SplitInvarianceTest;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.signal.SignalNeed;
import org.errorprop.framework.training.TrainingStep;
import org.junit.jupiter.api.Test;

class ComputeTest {

    @Test
    void itHoldsItsSettingsAndDescribesThem() {
        try (Compute compute = Compute.of(BlasBackend.EJML, 3)) {
            assertEquals(3, compute.parts());
            assertEquals(BlasBackend.EJML, compute.backend());
            assertEquals(BlasKind.EJML, compute.blas().kind());
            assertEquals("ejml BLAS (org.ejml.dense.row.CommonOps_DDRM), 3 parts, float64 products",
                    compute.describe());
            assertEquals(MatmulPrecision.FLOAT64, compute.precision());
        }
        assertEquals(1, Compute.sequential().parts());
        assertEquals(MatmulPrecision.FLOAT64, Compute.sequential().precision());
    }

    @Test
    void aPrecisionVariantSharesTheWorkersAndClosingItStopsNothing() throws Exception {
        Set<Thread> before = workerThreads();
        try (Compute compute = Compute.of(BlasBackend.JAVA, 2)) {
            assertSame(compute, compute.withPrecision(MatmulPrecision.FLOAT64));
            Compute single = compute.withPrecision(MatmulPrecision.FLOAT32);
            assertEquals(MatmulPrecision.FLOAT32, single.precision());
            assertEquals(MatmulPrecision.FLOAT32, single.blas().precision());
            assertSame(compute.splitter(), single.splitter());
            assertNotSame(compute.blas(), single.blas());
            assertEquals(BlasBackend.JAVA, single.backend());
            assertSame(single, single.withPrecision(MatmulPrecision.FLOAT32));
            assertTrue(single.describe().endsWith("2 parts, float32 products"), single.describe());
            Set<Thread> own = new java.util.HashSet<>(workerThreads());
            own.removeAll(before);
            assertEquals(1, own.size(), "the variant starts no worker of its own");
            single.close();
            for (Thread worker : own) {
                assertTrue(worker.isAlive(), "closing the variant stopped the shared worker");
            }
        }
    }

    @Test
    void float32ProductsOnEjmlAreAUsersMistake() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Compute.of(BlasBackend.EJML, 1, MatmulPrecision.FLOAT32));
        assertTrue(e.getMessage().contains("ejml"), e.getMessage());
        try (Compute ejml = Compute.of(BlasBackend.EJML, 2)) {
            assertThrows(InvalidInputException.class, () -> ejml.withPrecision(MatmulPrecision.FLOAT32));
        }
    }

    @Test
    void float32ProductsGiveTheSameBitsTwiceAndReachTheNetwork() {
        // twenty Adam steps of 100-256-256-10 (SplitInvarianceTest.train) on two fresh Computes of each setting
        try (Compute a = Compute.of(BlasBackend.AUTO, 1, MatmulPrecision.FLOAT32);
             Compute b = Compute.of(BlasBackend.AUTO, 1, MatmulPrecision.FLOAT32);
             Compute c = Compute.of(BlasBackend.AUTO, 2);
             Compute d = Compute.of(BlasBackend.AUTO, 2)) {
            String once = SplitInvarianceTest.train(a);
            assertEquals(once, SplitInvarianceTest.train(b));
            assertEquals(SplitInvarianceTest.train(c.withPrecision(MatmulPrecision.FLOAT32)),
                    SplitInvarianceTest.train(d.withPrecision(MatmulPrecision.FLOAT32)));
            // the control: in double the same steps give other bits, so the float products were really used
            assertNotEquals(SplitInvarianceTest.train(Compute.sequential()), once);
        }
    }

    @Test
    void fewerThanOnePartIsAUsersMistake() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Compute.of(BlasBackend.AUTO, 0));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
    }

    @Test
    void twoNetworksInOneJvmComputeOnTheirOwnSettings() {
        Architecture architecture = new Architecture(20, List.of(30), 4, Activation.RELU, true, true, false,
                Initializer.UNIFORM_FAN_IN);
        try (Compute ejml = Compute.of(BlasBackend.EJML, 1); Compute java = Compute.of(BlasBackend.JAVA, 2)) {
            Network a = architecture.build(new RandomStreams(5), ejml);
            Network b = architecture.build(new RandomStreams(5), java);
            assertEquals(ejml, a.compute());
            assertEquals(java, b.compute());
            assertNotSame(a.compute().blas(), b.compute().blas());
            var input = new org.ejml.data.DMatrixRMaj(6, 20);
            for (int i = 0; i < input.data.length; i++) {
                input.data[i] = (i % 9) * 0.25 - 1;
            }
            var outA = a.forward(input, Mode.EVAL).copy();
            var outB = b.forward(input, Mode.EVAL).copy();
            // the same weights, two backends: equal up to the rounding of 20- and 30-long dot products
            assertArrayEquals(outA.data, outB.data, 1e-12);
        }
    }

    @Test
    void aStepRefusesSignalsThatWouldComputeElsewhereThanItsNetwork() {
        Architecture architecture = new Architecture(3, List.of(4), 2, Activation.RELU, false, false, false,
                Initializer.UNIFORM_FAN_IN);
        Compute mine = Compute.sequential();
        Compute other = Compute.sequential();
        Network network = architecture.build(new RandomStreams(1), mine);
        Sgd sgd = new Sgd(0.1, 0);
        Method chainRule = new Method() {
            @Override
            public String name() {
                return "chain-rule";
            }

            @Override
            public List<ErrorSignal> assign(NetworkShape shape, MethodContext context) {
                return List.of(new ErrorSignal() {
                    @Override
                    public Set<SignalNeed> needs() {
                        return Set.of(SignalNeed.UPSTREAM_SIGNAL);
                    }

                    @Override
                    public org.ejml.data.DMatrixRMaj signal(org.errorprop.framework.signal.Boundary at) {
                        return at.upstreamErrorCarriedBy(at.upstreamWeights());
                    }
                });
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TrainingStep(network,
                LossFunction.SQUARED_ERROR.loss(), chainRule, sgd, new MethodContext(new RandomStreams(2), sgd, other)));
        assertTrue(e.getMessage().contains("network's Compute"), e.getMessage());
        new TrainingStep(network, LossFunction.SQUARED_ERROR.loss(), chainRule, sgd,
                new MethodContext(new RandomStreams(2), sgd, mine));
    }

    @Test
    void closingStopsTheWorkersAndLaterPassesRunOnTheCaller() throws Exception {
        Set<Thread> before = workerThreads();
        Compute compute = Compute.of(BlasBackend.AUTO, 2);
        Set<Thread> own = new java.util.HashSet<>(workerThreads());
        own.removeAll(before);
        assertEquals(1, own.size(), "two parts: one worker thread");
        compute.close();
        for (Thread worker : own) {
            worker.join(5_000);
            assertFalse(worker.isAlive(), "the worker thread did not stop");
        }
        int[] visited = new int[100];
        compute.splitter().forEachRange(100, (from, to) -> {
            for (int i = from; i < to; i++) {
                visited[i]++;
            }
        });
        for (int v : visited) {
            assertEquals(1, v);
        }
        compute.close();  // idempotent
    }

    private static Set<Thread> workerThreads() {
        Set<Thread> workers = new java.util.HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("errorprop-worker") && t.isAlive()) {
                workers.add(t);
            }
        }
        return workers;
    }
}
