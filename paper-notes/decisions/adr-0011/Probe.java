import java.util.*;
import org.errorprop.experiments.data.DataSource;
import org.errorprop.experiments.reproduce.StudiedMethod;
import org.errorprop.experiments.reproduce.depth.*;
import org.errorprop.experiments.run.*;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.linalg.BlasBackend;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.network.*;
import org.errorprop.framework.optim.Adam;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.training.*;

public class Probe {
    static double[] fitCos = new double[64], fitRel = new double[64]; static int[] fitN = new int[64];
    static org.errorprop.framework.signal.Method wrap(org.errorprop.framework.signal.Method inner) {
        return new org.errorprop.framework.signal.Method() {
            public String name() { return inner.name(); }
            public java.util.List<org.errorprop.framework.signal.ErrorSignal> assign(org.errorprop.framework.network.NetworkShape shape, MethodContext c) {
                java.util.List<org.errorprop.framework.signal.ErrorSignal> out = new java.util.ArrayList<>();
                for (org.errorprop.framework.signal.ErrorSignal s : inner.assign(shape, c)) out.add(new org.errorprop.framework.signal.ErrorSignal() {
                    public java.util.Set<org.errorprop.framework.signal.SignalNeed> needs() { return s.needs(); }
                    public java.util.Set<org.errorprop.framework.signal.SignalNeed> learningNeeds() { return s.learningNeeds(); }
                    public org.ejml.data.DMatrixRMaj signal(org.errorprop.framework.signal.Boundary at) { return s.signal(at); }
                    public void learn(org.errorprop.framework.signal.Boundary at) {
                        if (s.learningNeeds().contains(org.errorprop.framework.signal.SignalNeed.UPSTREAM_SIGNAL)) {
                            org.ejml.data.DMatrixRMaj t = at.upstreamErrorCarriedBy(at.upstreamWeights()).copy();
                            org.ejml.data.DMatrixRMaj g = s.signal(at);
                            double d=0,gg=0,tt=0,e=0; for (int i=0;i<t.getNumElements();i++){d+=g.data[i]*t.data[i];gg+=g.data[i]*g.data[i];tt+=t.data[i]*t.data[i];e+=(g.data[i]-t.data[i])*(g.data[i]-t.data[i]);}
                            int k = at.index(); if (gg>0&&tt>0){fitCos[k]+=d/Math.sqrt(gg*tt);} fitRel[k]+= tt>0? e/tt:0; fitN[k]++;
                        }
                        s.learn(at);
                    }
                    public java.util.OptionalDouble learningLoss() { return s.learningLoss(); }
                    public java.util.List<Parameter> parameters() { return s.parameters(); }
                    public void exportState(org.errorprop.framework.state.StateWriter w) { s.exportState(w); }
                    public void importState(org.errorprop.framework.state.StateReader r) { s.importState(r); }
                });
                return out;
            }
        };
    }

    public static void main(String[] a) {
        Map<String,String> o = new HashMap<>();
        for (String s : a) { String[] kv = s.split("="); o.put(kv[0], kv[1]); }
        double lr = Double.parseDouble(o.getOrDefault("lr", "1e-3"));
        double slr = lr * Double.parseDouble(o.getOrDefault("slr", "1"));
        double l2 = Double.parseDouble(o.getOrDefault("l2", "0"));
        int epochs = Integer.parseInt(o.getOrDefault("epochs", "3"));
        int depth = Integer.parseInt(o.getOrDefault("depth", "20"));
        int width = Integer.parseInt(o.getOrDefault("width", "128"));
        int batch = Integer.parseInt(o.getOrDefault("batch", "64"));
        long seed = Long.parseLong(o.getOrDefault("seed", "1"));
        int probe = Integer.parseInt(o.getOrDefault("probe", "10"));
        String mn = o.getOrDefault("method", "SG_EVERYWHERE");
        org.errorprop.framework.signal.Method method = mn.equals("SHALLOW") ? new org.errorprop.methods.shallow.Shallow() : mn.startsWith("AT:") ? org.errorprop.methods.synthetic.SyntheticGradients.conditioned(org.errorprop.methods.synthetic.SyntheticGradientOptions.DEFAULTS.withSynthesizer(org.errorprop.methods.SynthesizerKind.valueOf(o.getOrDefault("synth","LINEAR"))).withPlacement(org.errorprop.methods.SgPlacement.parse(mn.substring(3)))) : StudiedMethod.valueOf(mn).create(depth / 2 + 1);
        String show = o.getOrDefault("show", "1,2,5,10,15,18,19,20");
        DataSplit data = DataSource.parse("embedded").load();
        Compute compute = Compute.of(BlasBackend.AUTO, 1);
        DepthNetwork net = new DepthNetwork(depth, width, Activation.RELU);
        RandomStreams random = new RandomStreams(seed).child("probe/" + net.label());
        TrainingSetup setup = new TrainingSetup(net.architecture(data.train().inputWidth(), data.train().outputWidth()),
            random, LossFunction.SOFTMAX_CROSS_ENTROPY.loss(), o.containsKey("fit") ? wrap(method) : method,
            new MethodContext(random.child("method"), o.containsKey("ssgd") ? new org.errorprop.framework.optim.Sgd(Double.parseDouble(o.get("ssgd")), 0.0) : new Adam(slr, 0.9, 0.999, 1e-8, 0.0), compute),
            new Adam(lr, 0.9, 0.999, 1e-8, l2));
        Trainer t = Trainer.start(setup);
        Set<Integer> shown = new HashSet<>();
        for (String s : show.split(",")) shown.add(Integer.parseInt(s));
        long t0 = System.nanoTime();
        t.epochs(data, new TrainingConfig(epochs, batch), probe, System::nanoTime, new TrainingListener() {
            public void epochFinished(EpochMetrics e) {
                System.out.printf(Locale.ROOT, "epoch %d train_loss %.4f train_acc %.4f test_acc %.4f (%.1fs)%n",
                    e.epoch(), e.trainLoss(), e.trainAccuracy(), e.testAccuracy(), (System.nanoTime() - t0) / 1e9);
            }
            public void diagnosticsFinished(EpochDiagnostics d) {
                StringBuilder sb = new StringBuilder("  cos");
                StringBuilder nr = new StringBuilder("  norm");
                for (BoundaryDiagnostics b : d.boundaries()) {
                    if (shown.contains(b.boundary())) {
                        sb.append(String.format(Locale.ROOT, " %d:%.2f", b.boundary(), b.cosine()));
                        nr.append(String.format(Locale.ROOT, " %d:%.2f", b.boundary(), b.normRatio()));
                    }
                }
                System.out.println(sb); System.out.println(nr);
                if (o.containsKey("fit")) { StringBuilder f = new StringBuilder("  fitcos"); StringBuilder r = new StringBuilder("  fitrel");
                  for (int k : new java.util.TreeSet<>(shown)) if (fitN[k]>0) { f.append(String.format(Locale.ROOT, " %d:%.2f", k, fitCos[k]/fitN[k])); r.append(String.format(Locale.ROOT, " %d:%.2f", k, fitRel[k]/fitN[k])); fitCos[k]=0; fitRel[k]=0; fitN[k]=0; }
                  System.out.println(f); System.out.println(r); }
                StringBuilder w = new StringBuilder("  |W|");
                for (int k = 0; k < d.weightNorms().size(); k += 4) w.append(String.format(Locale.ROOT, " %d:%.2f", k + 1, d.weightNorms().get(k)));
                System.out.println(w);
            }
        });
    }
}
