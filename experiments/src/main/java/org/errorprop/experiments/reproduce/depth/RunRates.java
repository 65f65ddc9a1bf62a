package org.errorprop.experiments.reproduce.depth;

/**
 * Adam's learning rates of one run: the network's and its synthesizers' (the paper uses 3e-5 for both).
 * See paper-notes/decisions/ADR-0011-sg-everywhere-at-depth.md for why quick SG everywhere separates them.
 *
 * @param network      the network's rate
 * @param synthesizers the synthesizers' rate (unused by rules without synthesizers)
 */
public record RunRates(double network, double synthesizers) {

    public RunRates {
        if (!(network > 0) || !(synthesizers > 0)) {
            throw new IllegalArgumentException("learning rates must be positive, got " + network + " and "
                    + synthesizers);
        }
    }

    /** One rate for the network and its synthesizers, the paper's choice. */
    public static RunRates shared(double rate) {
        return new RunRates(rate, rate);
    }
}
