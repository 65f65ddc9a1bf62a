package org.errorprop.experiments.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where errorprop keeps data it fetched (the full MNIST): {@value #VARIABLE} when set, else
 * {@code $XDG_CACHE_HOME/errorprop} when that is an absolute path (the XDG base directory rule), else
 * {@code ~/.cache/errorprop}.
 */
final class CacheDirectory {
    /** The environment variable that moves the cache. */
    static final String VARIABLE = "ERRORPROP_CACHE";

    private CacheDirectory() {
    }

    static Path resolve(Map<String, String> environment, String userHome) {
        String own = environment.get(VARIABLE);
        if (own != null && !own.isBlank()) {
            return Path.of(own.strip()).toAbsolutePath().normalize();
        }
        String xdg = environment.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg.strip()).isAbsolute()) {
            return Path.of(xdg.strip(), "errorprop").normalize();
        }
        return Path.of(userHome, ".cache", "errorprop").toAbsolutePath().normalize();
    }
}
