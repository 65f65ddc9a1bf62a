import java.util.*;
import org.errorprop.experiments.data.DataSource;
import org.errorprop.experiments.reproduce.*;
import org.errorprop.experiments.reproduce.depth.*;
import org.errorprop.experiments.reproduce.representations.*;
import org.errorprop.experiments.run.*;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.linalg.BlasBackend;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.optim.Adam;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.training.*;

/** SG everywhere's run of quick fig5 or fig3 alone, with the same streams as the reproduction. */
public class OnlySgEverywhere {
    public static void main(String[] a) {
        String which = a[0];
        long seed = Long.parseLong(a[1]);
        DataSplit data = DataSource.parse("embedded").load();
        Compute compute = Compute.of(BlasBackend.AUTO, 1);
        StudiedMethod m = StudiedMethod.SG_EVERYWHERE;
        if (which.equals("fig5")) {
            Fig5Settings s = Fig5Settings.forScale(Scale.QUICK);
            DepthNetwork network = new DepthNetwork(s.depth(), s.width(), Activation.RELU);
            int lossWindow = Math.max(1, (data.train().size() / s.batchSize()) / 4);
            DepthRunSpec spec = new DepthRunSpec(network, m, s.learningRate(m), s.l2(), s.batchSize(), s.epochs(),
                lossWindow, seed, "fig5/" + network.label());
            DepthRunResult r = DepthRuns.train(List.of(spec), data, 1, Progress.SILENT, compute).get(0);
            System.out.println("fig5 seed " + seed + " sg-everywhere final test accuracy " + r.curve().finalTestAccuracy());
        } else {
            RepresentationSettings s = RepresentationSettings.forScale(Scale.QUICK);
            RandomStreams random = new RandomStreams(seed);
            DataSplit train = DeepNetworkTraining.trainingData(s, data, random);
            RandomStreams streams = random.child("representations/networks");
            Adam adam = Adam.withLearningRate(s.learningRate(m));
            Trainer trainer = Trainer.start(new TrainingSetup(
                DeepNetworkTraining.architecture(s, train.train().inputWidth(), train.train().outputWidth()), streams,
                LossFunction.SOFTMAX_CROSS_ENTROPY.loss(), m.create(s.sgBoundary()),
                new MethodContext(streams.child("method/" + m.name()), adam, compute), adam));
            EpochMetrics last = trainer.epochs(train, new TrainingConfig(s.epochs(), s.batchSize()), TrainingListener.NONE)
                .requireComplete().last();
            System.out.println("fig3 seed " + seed + " sg-everywhere final test accuracy " + last.testAccuracy()
                + " train accuracy " + last.trainAccuracy());
        }
    }
}
