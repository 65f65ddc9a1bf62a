package org.errorprop.experiments.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.errorprop.experiments.reproduce.depth.DepthNetwork;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.state.StateArrays;
import org.junit.jupiter.api.Test;

class StoredNetworkTest {
    private static final Compute COMPUTE = Compute.sequential();

    private static Network network(int depth, int width, long seed) {
        return new DepthNetwork(depth, width, Activation.RELU).architecture(5, 3).build(new RandomStreams(seed), COMPUTE);
    }

    private static StateArrays state(Network network) {
        StateArrays state = new StateArrays();
        network.exportState(state.writer());
        return state;
    }

    @Test
    void aStoredNetworkSerialisedAndRestoredIntoAnotherHasTheSameBits() throws Exception {
        Network trained = network(3, 4, 1);
        Network fresh = network(3, 4, 2);
        assertFalse(state(trained).sameBits(state(fresh)), "the control: two seeds give different weights");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(StoredNetwork.of(trained));
        }
        StoredNetwork read;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            read = (StoredNetwork) in.readObject();
        }
        read.restoreInto(fresh);
        assertTrue(state(trained).sameBits(state(fresh)));
        assertEquals(state(trained).names(), read.names());
    }

    @Test
    void anotherShapeIsRefused() {
        StoredNetwork stored = StoredNetwork.of(network(3, 4, 1));
        assertThrows(InvalidInputException.class, () -> stored.restoreInto(network(3, 5, 1)));
        assertThrows(InvalidInputException.class, () -> stored.restoreInto(network(2, 4, 1)));
        assertThrows(InvalidInputException.class, () -> stored.restoreInto(network(4, 4, 1)));
    }
}
