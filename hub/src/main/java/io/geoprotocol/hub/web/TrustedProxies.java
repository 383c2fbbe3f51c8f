package io.geoprotocol.hub.web;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The reverse proxies whose word about the client the hub takes ({@code TRUSTED_PROXIES}): IP
 * addresses and CIDR ranges, IPv4 or IPv6. Empty trusts nobody, so forwarded headers are ignored.
 */
public final class TrustedProxies {

    public static final TrustedProxies NONE = new TrustedProxies(List.of(), "");

    private record Range(byte[] network, int prefix) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            int mask = rest == 0 ? 0 : (0xff << (8 - rest)) & 0xff;
            return rest == 0 || (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;
    private final String text;

    private TrustedProxies(List<Range> ranges, String text) {
        this.ranges = ranges;
        this.text = text;
    }

    /**
     * Parses a comma-separated list such as {@code 10.0.0.0/8, 192.168.1.10, fd00::/8}. Names are
     * refused rather than resolved: trust must not depend on what a DNS server answers.
     *
     * @throws IllegalArgumentException naming the first entry that is not an address or range
     */
    public static TrustedProxies parse(String value) {
        List<Range> ranges = new ArrayList<>();
        List<String> entries = new ArrayList<>();
        for (String raw : value.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            byte[] network = NetUtil.createByteArrayFromIpAddressString(address);
            if (network == null) {
                throw invalid(entry);
            }
            int prefix = network.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw invalid(entry);
                }
                if (prefix < 0 || prefix > network.length * 8) {
                    throw invalid(entry);
                }
            }
            if (network.length == 16 && isMapped(network)) {
                if (prefix < 96) {
                    throw invalid(entry);
                }
                prefix -= 96;
            }
            ranges.add(new Range(normalize(network), prefix));
            entries.add(entry);
        }
        return new TrustedProxies(List.copyOf(ranges), String.join(", ", entries));
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public boolean trusts(InetAddress address) {
        byte[] bytes = normalize(address.getAddress());
        return ranges.stream().anyMatch(r -> r.contains(bytes));
    }

    /** The entries as configured, for the start-up log. */
    @Override
    public String toString() {
        return text;
    }

    /**
     * The address written in a forwarded header, or null when it is not an IP literal: IPv4 with
     * or without a port, IPv6 bare or in brackets with or without a port, optionally quoted.
     * Never looks anything up.
     */
    public static InetAddress literal(String text) {
        String s = text.trim();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                return null;
            }
            s = s.substring(1, close);
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            s = s.substring(0, s.indexOf(':'));
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(s);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.1}) is the IPv4 address it carries. */
    private static byte[] normalize(byte[] address) {
        if (address.length == 16 && isMapped(address)) {
            byte[] v4 = new byte[4];
            System.arraycopy(address, 12, v4, 0, 4);
            return v4;
        }
        return address;
    }

    private static boolean isMapped(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
    }

    private static IllegalArgumentException invalid(String entry) {
        return new IllegalArgumentException(
                "must be comma-separated IP addresses or CIDR ranges (such as 10.0.0.0/8), got '" + entry + "'");
    }
}
