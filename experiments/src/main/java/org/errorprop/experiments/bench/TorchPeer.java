package org.errorprop.experiments.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.errorprop.framework.InvalidInputException;

/**
 * The PyTorch peer: errorprop's own script ({@code torch_peer.py}, shipped inside the jar) run by a Python
 * interpreter with PyTorch (Debian's {@code python3-torch}), on the same {@link BenchmarkNetwork}, one PyTorch
 * thread, in float32 or float64, with the BLAS threads of {@link BlasThreads}. It prints one line per method, which {@link #parse} reads.
 */
public final class TorchPeer {
    /** Debian's interpreter, where {@code python3-torch} installs. */
    public static final String DEBIAN_PYTHON = "/usr/bin/python3";
    private static final String SCRIPT = "torch_peer.py";
    private static final Pattern LINE = Pattern.compile(
            "^peer method=(\\w+) depth=(\\d+) width=\\d+ batch=\\d+ threads=\\d+ dtype=(float32|float64)"
                    + " samples_per_second=([0-9.]+)$");

    private final Path python;

    public TorchPeer(Path python) {
        this.python = python;
    }

    /** Checks, before any work, that the interpreter exists (whether it has PyTorch shows when it runs). */
    public void requireInterpreter() {
        if (!Files.isExecutable(python)) {
            throw new InvalidInputException("--peer needs Python with PyTorch: " + python
                    + " is not an executable (on Debian: apt-get install -y python3-torch)");
        }
    }

    /**
     * How many threads the BLAS under PyTorch may use. Debian's PyTorch does its products in the system's BLAS
     * (OpenBLAS), whose threads {@code torch.set_num_threads(1)} does not limit: they follow
     * {@code OPENBLAS_NUM_THREADS}. Which is faster depends on the machine, so the bench runs both and keeps the
     * faster, PyTorch at its fastest setting.
     */
    public enum BlasThreads {
        /** {@code OPENBLAS_NUM_THREADS} removed from the peer's environment: OpenBLAS's default, one per core. */
        OPENBLAS_DEFAULT("OpenBLAS default threads"),
        /** {@code OPENBLAS_NUM_THREADS=1}. */
        ONE("OpenBLAS 1 thread");

        private final String label;

        BlasThreads(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * Runs the peer for both methods; {@code float64} selects the precision, {@code blasThreads} the BLAS threads
     * beside PyTorch's own single thread.
     */
    public List<Throughput> measure(BenchmarkNetwork spec, int steps, boolean float64, BlasThreads blasThreads) {
        requireInterpreter();
        Path script = extractScript();
        try {
            ProcessBuilder builder = new ProcessBuilder(python.toString(), script.toString(),
                    Integer.toString(spec.depth()), Integer.toString(spec.width()), Integer.toString(spec.batch()),
                    Integer.toString(steps), "1", float64 ? "f64" : "f32").redirectErrorStream(true);
            if (blasThreads == BlasThreads.ONE) {
                builder.environment().put("OPENBLAS_NUM_THREADS", "1");
            } else {
                builder.environment().remove("OPENBLAS_NUM_THREADS");
            }
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = process.waitFor();
            if (code != 0) {
                List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
                String last = lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
                throw new InvalidInputException("the PyTorch peer failed (exit " + code + "): " + last
                        + (last.contains("torch") ? " (on Debian: apt-get install -y python3-torch)" : ""));
            }
            return parse(output);
        } catch (IOException e) {
            throw new InvalidInputException("cannot run the PyTorch peer with " + python + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the PyTorch peer ran", e);
        } finally {
            try {
                Files.deleteIfExists(script);
            } catch (IOException ignored) {
                // a temporary file left behind in the system's temp directory is harmless
            }
        }
    }

    /** The peer's result lines, in order; anything else it printed is ignored. */
    static List<Throughput> parse(String output) {
        List<Throughput> results = new ArrayList<>();
        for (String line : output.lines().toList()) {
            Matcher m = LINE.matcher(line.strip());
            if (m.matches()) {
                String implementation = m.group(3).equals("float64") ? "pytorch-f64" : "pytorch-f32";
                results.add(new Throughput(m.group(1), Integer.parseInt(m.group(2)), implementation,
                        Double.parseDouble(m.group(4)), Double.NaN));
            }
        }
        if (results.size() != 2) {
            throw new IllegalStateException("the PyTorch peer printed " + results.size()
                    + " result lines, expected 2:\n" + output);
        }
        return results;
    }

    private static Path extractScript() {
        try (InputStream in = TorchPeer.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the jar");
            }
            Path file = Files.createTempFile("errorprop-torch-peer-", ".py");
            Files.write(file, in.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the PyTorch peer script", e);
        }
    }
}
