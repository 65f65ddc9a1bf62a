package org.errorprop.experiments.reproduce;

/**
 * One experiment's result as run: its report and how long it took.
 *
 * @param name    the experiment's command-line name
 * @param title   its heading
 * @param report  claims and Markdown
 * @param seconds wall-clock seconds it ran
 */
public record ExperimentOutcome(String name, String title, ExperimentReport report, double seconds) {
}
