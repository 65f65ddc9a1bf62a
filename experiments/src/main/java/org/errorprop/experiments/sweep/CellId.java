package org.errorprop.experiments.sweep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.experiments.spec.SpecYaml;

/**
 * A cell's id: {@code METHOD-seedN-} and the first {@value #HEX_DIGITS} hex digits of the SHA-256 of the spec's
 * canonical YAML ({@link SpecYaml#write}). It depends on the resolved settings alone, so it is the same on every
 * run, machine and shard count; 40 bits make a collision among a sweep's cells unlikely (about n²/2⁴¹ for n cells),
 * and one is refused rather than merged ({@link SweepCells}).
 */
public final class CellId {
    static final int HEX_DIGITS = 10;

    private CellId() {
    }

    public static String of(RunSpec spec) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(SpecYaml.write(spec).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        return spec.method() + "-seed" + spec.seed() + "-" + HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
    }
}
