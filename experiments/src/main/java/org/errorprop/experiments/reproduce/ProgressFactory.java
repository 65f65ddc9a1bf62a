package org.errorprop.experiments.reproduce;

/** Opens progress indicators; the command line draws bars on a terminal and nothing otherwise. */
@FunctionalInterface
public interface ProgressFactory {

    ProgressFactory SILENT = (task, total) -> Progress.SILENT;

    Progress open(String task, long total);
}
