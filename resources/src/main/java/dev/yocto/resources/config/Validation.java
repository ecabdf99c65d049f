package dev.yocto.resources.config;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;

/** The rules behind the configuration's checks, each a pure function. */
final class Validation {

    /** Fargate's valid memory (MiB) per CPU unit: minimum, maximum and step. */
    private static final Map<Integer, int[]> FARGATE = Map.of(
            256, new int[] {512, 2048, 512},
            512, new int[] {1024, 4096, 1024},
            1024, new int[] {2048, 8192, 1024},
            2048, new int[] {4096, 16384, 1024},
            4096, new int[] {8192, 30720, 1024},
            8192, new int[] {16384, 61440, 4096},
            16384, new int[] {32768, 122880, 8192});

    private Validation() {
    }

    static boolean isKnownRegion(String region) {
        return Region.regions().stream().anyMatch(r -> r.id().equals(region) && !r.isGlobalRegion());
    }

    static boolean isLabel(String label) {
        return label.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    }

    static boolean isDomainName(String domain) {
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2 || domain.length() > 200) {
            return false;
        }
        for (String label : labels) {
            if (!isLabel(label)) {
                return false;
            }
        }
        return !labels[labels.length - 1].matches("\\d+");
    }

    /**
     * A VPC CIDR must be IPv4 with host bits zero, between /16 (AWS's largest) and /21 (six /24
     * subnets must fit).
     */
    static Optional<String> checkVpcCidr(String cidr) {
        String[] parts = cidr.split("/", -1);
        if (parts.length != 2 || !parts[1].matches("\\d{1,2}")) {
            return Optional.of("'" + cidr + "' is not an IPv4 CIDR block like 10.0.0.0/16");
        }
        String[] octets = parts[0].split("\\.", -1);
        if (octets.length != 4) {
            return Optional.of("'" + cidr + "' is not an IPv4 CIDR block like 10.0.0.0/16");
        }
        long address = 0;
        for (String octet : octets) {
            if (!octet.matches("\\d{1,3}") || Integer.parseInt(octet) > 255) {
                return Optional.of("'" + cidr + "' is not an IPv4 CIDR block like 10.0.0.0/16");
            }
            address = (address << 8) | Integer.parseInt(octet);
        }
        int prefix = Integer.parseInt(parts[1]);
        if (prefix < 16 || prefix > 21) {
            return Optional.of("'" + cidr + "' has prefix /" + prefix + "; AWS allows /16 at most and six /24 "
                    + "subnets need /21 at least, so use /16 to /21");
        }
        long hostMask = (1L << (32 - prefix)) - 1;
        if ((address & hostMask) != 0) {
            return Optional.of("'" + cidr + "' has host bits set; the network address is "
                    + ipv4(address & ~hostMask) + "/" + prefix);
        }
        return Optional.empty();
    }

    static String ipv4(long address) {
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "."
                + (address & 255);
    }

    static boolean isCapacity(double acu, double minimum) {
        return acu >= minimum && acu <= 256 && Math.rint(acu * 2) == acu * 2;
    }

    static Optional<String> checkFargateSize(int cpu, int memory) {
        int[] range = FARGATE.get(cpu);
        if (range == null) {
            return Optional.of("cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384 (Fargate sizes), got " + cpu);
        }
        if (memory < range[0] || memory > range[1] || (memory - range[0]) % range[2] != 0) {
            return Optional.of("memory " + memory + " MiB does not fit cpu " + cpu + " on Fargate: use " + range[0]
                    + " to " + range[1] + " in steps of " + range[2]);
        }
        return Optional.empty();
    }

    /** The allowed key nearest to a mistyped one, if it is close enough to be a typo. */
    static Optional<String> closest(String key, Collection<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int distance = distance(key.toLowerCase(), candidate.toLowerCase());
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 3) ? Optional.ofNullable(best) : Optional.empty();
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
