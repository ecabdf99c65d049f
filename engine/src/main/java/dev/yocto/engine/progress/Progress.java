package dev.yocto.engine.progress;

/** Receives the events of a run and shows them; called from many worker threads. */
public interface Progress extends AutoCloseable {

    void accept(Event event);

    /** A line about the run as a whole, not one resource. */
    void note(String message);

    @Override
    void close();

    Progress SILENT = new Progress() {
        @Override
        public void accept(Event event) {
        }

        @Override
        public void note(String message) {
        }

        @Override
        public void close() {
        }
    };
}
