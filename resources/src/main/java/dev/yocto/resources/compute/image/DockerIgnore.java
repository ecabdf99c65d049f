package dev.yocto.resources.compute.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of a {@code .dockerignore}, with Docker's semantics: Go-style globs ({@code *},
 * {@code ?}, {@code [...]}) plus {@code **} for any number of directories, {@code !} re-includes,
 * the last matching rule wins, and a rule that matches a directory matches everything in it.
 */
final class DockerIgnore {

    private record Rule(Pattern pattern, boolean reinclude) {
    }

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The rules of {@code <context>/.dockerignore}; none when there is no such file. */
    static DockerIgnore of(Path context) {
        Path file = context.resolve(".dockerignore");
        if (!Files.isRegularFile(file)) {
            return parse(List.of());
        }
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static DockerIgnore parse(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        for (String line : lines) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            boolean reinclude = text.startsWith("!");
            String pattern = clean(reinclude ? text.substring(1).strip() : text);
            if (!pattern.isEmpty()) {
                rules.add(new Rule(Pattern.compile(regex(pattern)), reinclude));
            }
        }
        return new DockerIgnore(rules);
    }

    /** True when the file (a path relative to the context, with {@code /}) is not sent to the daemon. */
    boolean excludes(String path) {
        boolean excluded = false;
        for (Rule rule : rules) {
            if (matchesOrParentMatches(rule.pattern(), path)) {
                excluded = !rule.reinclude();
            }
        }
        return excluded;
    }

    private static boolean matchesOrParentMatches(Pattern pattern, String path) {
        if (pattern.matcher(path).matches()) {
            return true;
        }
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            if (pattern.matcher(path.substring(0, slash)).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Like Go's filepath.Clean, without a leading slash: the context is the root. */
    private static String clean(String pattern) {
        List<String> parts = new ArrayList<>();
        for (String part : pattern.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..") && !parts.isEmpty() && !parts.get(parts.size() - 1).equals("..")) {
                parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    private static String regex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                i++;
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                    i++;
                    regex.append("(?:.*/)?");
                } else {
                    regex.append(".*");
                }
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else if (c == '[') {
                int end = glob.indexOf(']', i + 1);
                if (end < 0) {
                    regex.append("\\[");
                    continue;
                }
                String set = glob.substring(i + 1, end);
                regex.append('[').append(set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
                i = end;
            } else if (c == '\\' && i + 1 < glob.length()) {
                regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
