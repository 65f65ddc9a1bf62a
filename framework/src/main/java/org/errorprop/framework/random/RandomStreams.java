package org.errorprop.framework.random;

import java.nio.charset.StandardCharsets;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Named random streams derived from one master seed.
 *
 * <p>The stream called {@code "init/block-3"} depends only on the master seed and its name, never
 * on which other streams were drawn or in what order, so adding a layer never shifts another
 * layer's numbers. The derivation hashes the name (UTF-8 bytes, FNV-1a 64) together with the master
 * seed through SplitMix64's finaliser and seeds a WELL19937c generator, whose output is defined by
 * its algorithm and therefore the same on every JDK.
 */
public final class RandomStreams {
    private final long masterSeed;

    public RandomStreams(long masterSeed) {
        this.masterSeed = masterSeed;
    }

    public long masterSeed() {
        return masterSeed;
    }

    /**
     * A new generator at the start of the named stream. Every call starts the sequence anew, so keep the
     * generator and draw from it: {@code startOf("x").nextGaussian()} in a loop repeats the first draw. Opening
     * a name again on purpose is allowed (the same data for several runs).
     */
    public RandomGenerator startOf(String name) {
        long mixed = mix(masterSeed ^ mix(fnv1a(name)));
        return new Well19937c(new int[] {(int) mixed, (int) (mixed >>> 32), name.length()});
    }

    /**
     * An independent family of streams for one part of a run (a method's feedback matrices, a
     * synthesizer): derived from this master seed and {@code prefix}, deterministic, and distinct from
     * this family's own streams. It is not the same as prefixing names: {@code child("a").startOf("b")}
     * and {@code startOf("a/b")} are different streams.
     */
    public RandomStreams child(String prefix) {
        return new RandomStreams(mix(masterSeed ^ mix(fnv1a(prefix + "/"))));
    }

    private static long fnv1a(String name) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
