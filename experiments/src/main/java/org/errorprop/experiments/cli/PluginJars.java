package org.errorprop.experiments.cli;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.methods.MethodCatalog;

/**
 * Rules from users' jars ({@code --plugin JAR}): each jar gets its own class loader below errorprop's, so
 * its rules see errorprop's classes, and its providers are taken from its own
 * {@code META-INF/services/org.errorprop.methods.MethodProvider}. The loaders stay open for the life of the
 * process, since a rule's classes load as it runs.
 */
final class PluginJars {
    private PluginJars() {
    }

    /** The standard catalog and the rules of every jar in {@code jars}, in order. */
    static MethodCatalog catalog(List<Path> jars) {
        MethodCatalog catalog = MethodCatalog.standard();
        for (Path jar : jars) {
            catalog = catalog.withRulesFrom(loaderFor(jar), jar.toString());
        }
        return catalog;
    }

    private static ClassLoader loaderFor(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new InvalidInputException("--plugin " + jar + ": no such file");
        }
        try (JarFile ignored = new JarFile(jar.toFile())) {
            URL url = jar.toAbsolutePath().toUri().toURL();
            return new URLClassLoader("plugin " + jar.getFileName(), new URL[] {url}, PluginJars.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new InvalidInputException("--plugin " + jar + ": not a usable path: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidInputException("--plugin " + jar + " is not a jar: " + e.getMessage(), e);
        }
    }
}
