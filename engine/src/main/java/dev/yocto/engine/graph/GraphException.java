package dev.yocto.engine.graph;

/** The resource graph is not a DAG over known addresses: a defect in the topology, not in AWS. */
public final class GraphException extends RuntimeException {
    public GraphException(String message) {
        super(message);
    }
}
