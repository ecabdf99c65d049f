package dev.yocto.resources.api;

import java.util.regex.Pattern;

/**
 * The logical id of a resource, such as {@code network/subnet/public-a}: its first segment is the
 * layer. Parsed from and printed as that string.
 */
public record Address(String value) implements Comparable<Address> {

    private static final Pattern SYNTAX = Pattern.compile("[a-z0-9-]+(/[a-z0-9-]+)+");

    public Address {
        if (value == null || !SYNTAX.matcher(value).matches()) {
            throw new IllegalArgumentException("not a resource address: '" + value
                    + "' (expected layer/kind[/name], lower case, e.g. network/subnet/public-a)");
        }
    }

    public static Address of(String value) {
        return new Address(value);
    }

    public String layer() {
        return value.substring(0, value.indexOf('/'));
    }

    /** The address with {@code /} replaced by {@code -}, as used in the Name tag. */
    public String dashed() {
        return value.replace('/', '-');
    }

    @Override
    public int compareTo(Address other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
