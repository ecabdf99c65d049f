package dev.yocto.engine.plan;

/** What provision does, or did, to one resource. */
public enum Action {
    NO_OP("unchanged"), CREATE("create"), UPDATE("update"), REPLACE("replace"), DELETE("delete"),
    ADOPT("adopt");

    private final String verb;

    Action(String verb) {
        this.verb = verb;
    }

    public String verb() {
        return verb;
    }

    public boolean changes() {
        return this != NO_OP && this != ADOPT;
    }
}
