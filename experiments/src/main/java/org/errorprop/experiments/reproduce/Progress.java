package org.errorprop.experiments.reproduce;

/**
 * A progress indicator over a known number of units of work; closing it ends the display. Implementations
 * accept {@link #step()} and {@link #message} from several threads at once (independent runs report as they go).
 */
public interface Progress extends AutoCloseable {

    /** A progress indicator that shows nothing. */
    Progress SILENT = new Progress() {
        @Override
        public void step() {
        }

        @Override
        public void message(String text) {
        }

        @Override
        public void close() {
        }
    };

    /** One unit done. */
    void step();

    /** A short status shown beside the bar (latest loss, current depth, ...). */
    void message(String text);

    @Override
    void close();
}
