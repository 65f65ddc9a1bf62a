package org.errorprop.experiments.reproduce.representations;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.data.Dataset;

/**
 * A class-balanced sample of a labelled data set, sorted by label: the paper's "400 MNIST points sorted
 * by label" for the RDMs, and the small training sets of the smoke scale.
 */
public final class DigitSample {
    private DigitSample() {
    }

    /**
     * Indices of {@code perClass} examples of every class, drawn without replacement (a partial
     * Fisher-Yates shuffle of each class's examples), listed class by class and, within a class, in
     * data-set order.
     *
     * @throws IllegalArgumentException if a class has fewer than {@code perClass} examples
     */
    public static int[] balancedIndices(Dataset data, int perClass, RandomGenerator random) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < data.classes(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < data.size(); i++) {
            byClass.get(data.label(i)).add(i);
        }
        int[] chosen = new int[perClass * data.classes()];
        int at = 0;
        for (int c = 0; c < data.classes(); c++) {
            List<Integer> members = byClass.get(c);
            if (members.size() < perClass) {
                throw new IllegalArgumentException("class " + c + " has " + members.size() + " examples, fewer than "
                        + perClass);
            }
            int[] pool = members.stream().mapToInt(Integer::intValue).toArray();
            for (int i = 0; i < perClass; i++) {
                int j = i + random.nextInt(pool.length - i);
                int swap = pool[i];
                pool[i] = pool[j];
                pool[j] = swap;
            }
            int[] kept = java.util.Arrays.copyOf(pool, perClass);
            java.util.Arrays.sort(kept);
            System.arraycopy(kept, 0, chosen, at, perClass);
            at += perClass;
        }
        return chosen;
    }

    /** The examples at {@code indices}, in that order, as a new data set. */
    public static Dataset subset(Dataset data, int[] indices, String name) {
        DMatrixRMaj inputs = new DMatrixRMaj(indices.length, data.inputWidth());
        int[] labels = new int[indices.length];
        for (int r = 0; r < indices.length; r++) {
            System.arraycopy(data.inputs().data, indices[r] * data.inputWidth(), inputs.data, r * data.inputWidth(),
                    data.inputWidth());
            labels[r] = data.label(indices[r]);
        }
        return Dataset.classification(name, inputs, labels, data.classes());
    }
}
