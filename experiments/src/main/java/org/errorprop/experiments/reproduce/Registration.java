package org.errorprop.experiments.reproduce;

import java.util.Optional;

/**
 * How a claim's criterion stands against the {@link CriteriaRegistry}.
 *
 * @param status     registered as run, registered but changed after an earlier run, different from the registered
 *                   text, or not registered at all
 * @param scale      the scale the claim was judged at
 * @param registered the registered entry, when there is one
 */
public record Registration(Status status, Scale scale, Optional<RegisteredCriterion> registered) {
    /** The four cases; only the first two let a claim count. */
    public enum Status {
        REGISTERED, CHANGED_AFTER_A_RUN, DIFFERS, NOT_REGISTERED;

        /** Whether a claim under this status may count as holding. */
        public boolean counts() {
            return this == REGISTERED || this == CHANGED_AFTER_A_RUN;
        }
    }

    /** A short cell for the report's summary table. */
    public String describe() {
        return switch (status) {
            case REGISTERED -> "pre-registered";
            case CHANGED_AFTER_A_RUN -> {
                StringBuilder text = new StringBuilder("changed after a run");
                for (CriterionChange change : registered.orElseThrow().changes()) {
                    text.append("; before: \"").append(change.previous()).append("\" ").append(change.previousVerdict())
                            .append(" (").append(change.judgedBy()).append(")");
                }
                yield text.toString();
            }
            case DIFFERS -> "**not as registered** (registered: \"" + registered.orElseThrow().at(scale).orElseThrow()
                    + "\")";
            case NOT_REGISTERED -> "**not registered** at " + scale.label() + " scale";
        };
    }
}
