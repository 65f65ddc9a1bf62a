package org.errorprop.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.errorprop.methods.MethodProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin path end to end without a nested Maven build: a tiny rule with one typed option
 * ({@code FrozenBelow.java.txt}, backprop with the lowest {@code frozen_blocks} blocks frozen) is compiled
 * here against errorprop's classes, packed into a jar with its service line, and loaded with {@code --plugin}.
 */
class PluginTest {
    private static final String SERVICE = "META-INF/services/" + MethodProvider.class.getName();
    private static final String[] SMALL = {"--epochs", "1", "--hidden", "8", "--probe-every", "0"};

    @TempDir
    static Path jars;

    static Path plugin;

    @TempDir
    Path temp;

    @BeforeAll
    static void buildThePluginJar() throws Exception {
        Path sources = Files.createDirectories(jars.resolve("src/org/errorprop/testplugin"));
        Path source = sources.resolve("FrozenBelow.java");
        try (InputStream in = PluginTest.class.getResourceAsStream("FrozenBelow.java.txt")) {
            Files.copy(in, source);
        }
        Path classes = Files.createDirectories(jars.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter log = new StringWriter();
        int status = javac.getTask(new PrintWriter(log), null, null,
                List.of("--release", "17", "-d", classes.toString(), "-cp", errorpropClassPath()), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(source.toFile()))
                .call() ? 0 : 1;
        assertEquals(0, status, log.toString());
        plugin = jar(jars.resolve("frozen-below.jar"), classes, "org.errorprop.testplugin.FrozenBelow$Provider\n");
    }

    /** The jars or directories holding errorprop's framework and methods and the libraries their signatures name. */
    private static String errorpropClassPath() throws URISyntaxException {
        List<String> path = new ArrayList<>();
        for (Class<?> type : List.of(MethodProvider.class, org.errorprop.framework.signal.Method.class,
                org.ejml.data.DMatrixRMaj.class, org.ejml.data.DMatrix.class,
                org.apache.commons.math3.random.RandomGenerator.class)) {
            path.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        return String.join(java.io.File.pathSeparator, path);
    }

    /** A jar of every file under {@code classes} and the service file {@code services}. */
    private static Path jar(Path target, Path classes, String services) throws IOException {
        try (OutputStream out = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(file));
                jar.closeEntry();
            }
            jar.putNextEntry(new JarEntry(SERVICE));
            jar.write(services.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return target;
    }

    private CliRun train(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("--plugin", plugin.toString(), "train", "--out", out.toString()));
        args.addAll(List.of(SMALL));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void thePluginsRuleTrainsWithItsTypedOptionAndItsSpecReplays() throws IOException {
        Path frozen = temp.resolve("frozen");
        CliRun run = train(frozen, "--method", "frozen-below", "--frozen-blocks", "1");
        assertEquals(0, run.exitCode(), run.err());
        String spec = Files.readString(frozen.resolve("spec.yaml"));
        assertTrue(spec.contains("method: frozen-below") && spec.contains("frozen_blocks: 1"), spec);
        assertFalse(spec.contains("feedback_scale") || spec.contains("sg_at"), "only the rule's own keys: " + spec);

        Path replay = temp.resolve("replay");
        CliRun again = CliRun.of("--plugin", plugin.toString(), "train", "--spec", frozen.resolve("spec.yaml").toString(),
                "--out", replay.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertArrayEquals(Files.readAllLines(frozen.resolve("metrics.csv")).stream().map(PluginTest::withoutSeconds).toArray(),
                Files.readAllLines(replay.resolve("metrics.csv")).stream().map(PluginTest::withoutSeconds).toArray());
    }

    @Test
    void theOptionReachesTheRule() throws IOException {
        // frozen_blocks 0 is backprop, bit for bit; frozen_blocks 1 is not: the option is read, typed and used.
        Path backprop = temp.resolve("backprop");
        assertEquals(0, CliRun.of("train", "--out", backprop.toString(), "--epochs", "1", "--hidden", "8",
                "--probe-every", "0").exitCode());
        Path none = temp.resolve("none");
        Path one = temp.resolve("one");
        assertEquals(0, train(none, "--method", "frozen-below", "--frozen-blocks", "0").exitCode());
        assertEquals(0, train(one, "--method", "frozen-below", "--frozen-blocks=1").exitCode());
        List<String> expected = Files.readAllLines(backprop.resolve("metrics.csv")).stream().map(PluginTest::withoutSeconds)
                .toList();
        assertEquals(expected, Files.readAllLines(none.resolve("metrics.csv")).stream().map(PluginTest::withoutSeconds)
                .toList());
        assertFalse(expected.equals(Files.readAllLines(one.resolve("metrics.csv")).stream()
                .map(PluginTest::withoutSeconds).toList()));
    }

    private static String withoutSeconds(String metricsLine) {
        return metricsLine.substring(0, metricsLine.lastIndexOf(','));
    }

    @Test
    void infoListsThePluginsRuleWithItsJar() {
        CliRun run = CliRun.of("--plugin", plugin.toString(), "info");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("sign-symmetric, frozen-below"), run.out());
        assertTrue(run.out().lines().anyMatch(line -> line.contains("frozen-below") && line.contains("--frozen-blocks")
                && line.contains("(plugin " + plugin + ")")), run.out());
    }

    @Test
    void aPluginsOptionGivenToAnotherRuleIsAMistake() {
        CliRun run = train(temp.resolve("x"), "--method", "dfa", "--frozen-blocks", "1");
        assertEquals(2, run.exitCode());
        assertEquals(List.of("errorprop train: option frozen_blocks (--frozen-blocks) does not apply to rule 'dfa', it is "
                + "an option of frozen-below; 'dfa' takes feedback_scale"), run.errLines());
    }

    @Test
    void aJarWithoutAProviderOrWithABrokenOneIsOneLine() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        Path noProvider = jar(temp.resolve("none.jar"), empty, "");
        CliRun none = CliRun.of("--plugin", noProvider.toString(), "info");
        assertEquals(2, none.exitCode());
        assertEquals(List.of("errorprop info: " + noProvider + " declares no errorprop rule: it needs the class names "
                + "of its providers in " + SERVICE), none.errLines());

        Path broken = jar(temp.resolve("broken.jar"), empty, "org.example.Missing\n");
        CliRun run = CliRun.of("--plugin", broken.toString(), "info");
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.errLines().get(0).contains(broken + " has a broken rule provider")
                && run.errLines().get(0).contains("org.example.Missing"), run.err());
    }

    @Test
    void aPluginRuleNamedLikeALoadedOneIsRefused() {
        CliRun run = CliRun.of("--plugin", plugin.toString(), "--plugin", plugin.toString(), "info");
        assertEquals(2, run.exitCode());
        assertEquals(List.of("errorprop info: rule 'frozen-below' of " + plugin + " clashes with the rule of that name in "
                + plugin), run.errLines());
    }
}
