package dev.yocto.resources.config;

import java.util.List;

/** The configuration is not usable; lists every problem found, not only the first. */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super(source + " has " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + ":\n  - "
                + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
