package io.geoprotocol.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** Which address a request is attributed to, for every way a proxy may name its client. */
class ClientAddressResolutionTest {

    private static final TrustedProxies PROXIES = TrustedProxies.parse("10.0.0.0/8, 192.168.1.5, fd00::/8");

    private static String resolve(String peer, String... headerPairs) {
        return resolve(PROXIES, peer, headerPairs);
    }

    private static String resolve(TrustedProxies proxies, String peer, String... headerPairs) {
        HttpHeaders headers = new HttpHeaders();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.add(headerPairs[i], headerPairs[i + 1]);
        }
        return ClientAddress.resolve(TrustedProxies.literal(peer), headers, proxies).getHostAddress();
    }

    @Test
    void headersFromAnUntrustedPeerAreIgnored() {
        assertThat(resolve("198.51.100.9", "X-Forwarded-For", "203.0.113.1")).isEqualTo("198.51.100.9");
        assertThat(resolve("198.51.100.9", "Forwarded", "for=203.0.113.1")).isEqualTo("198.51.100.9");
        assertThat(resolve("2001:db8::9", "X-Forwarded-For", "203.0.113.1")).isEqualTo(text("2001:db8::9"));
        assertThat(resolve("192.168.1.6", "X-Forwarded-For", "203.0.113.1")).isEqualTo("192.168.1.6");
    }

    @Test
    void withNoTrustedProxiesEveryPeerIsTheClient() {
        assertThat(resolve(TrustedProxies.NONE, "10.0.0.2", "X-Forwarded-For", "203.0.113.1"))
                .isEqualTo("10.0.0.2");
        assertThat(resolve(TrustedProxies.NONE, "10.0.0.2", "Forwarded", "for=203.0.113.1"))
                .isEqualTo("10.0.0.2");
    }

    @Test
    void xForwardedForIsReadFromTheRightSkippingTrustedProxies() {
        assertThat(resolve("10.1.2.3", "X-Forwarded-For", "203.0.113.1")).isEqualTo("203.0.113.1");
        assertThat(resolve("10.1.2.3", "X-Forwarded-For", "6.6.6.6, 203.0.113.1, 10.9.9.9"))
                .isEqualTo("203.0.113.1");
        assertThat(resolve("10.1.2.3", "X-Forwarded-For", "6.6.6.6",
                "X-Forwarded-For", "203.0.113.1, 192.168.1.5"))
                .isEqualTo("203.0.113.1");
        assertThat(resolve("fd00::1", "X-Forwarded-For", "6.6.6.6, 2001:db8::5, fd12::7, 10.0.0.9"))
                .isEqualTo(text("2001:db8::5"));
    }

    @Test
    void whenEveryHopIsTrustedTheFarthestIsTheClient() {
        assertThat(resolve("10.1.2.3", "X-Forwarded-For", "10.7.7.7, 192.168.1.5")).isEqualTo("10.7.7.7");
    }

    @Test
    void anUnreadableHopStopsTheWalkAtTheLastReadableOne() {
        assertThat(resolve("10.1.2.3", "X-Forwarded-For", "not-an-ip, 10.7.7.7")).isEqualTo("10.7.7.7");
        assertThat(resolve("10.1.2.3", "X-Forwarded-For", "evil.example.org")).isEqualTo("10.1.2.3");
        assertThat(resolve("10.1.2.3", "X-Forwarded-For", "6.6.6.6, unknown")).isEqualTo("10.1.2.3");
    }

    @Test
    void hopsMayCarryPortsAndBrackets() {
        assertThat(resolve("10.1.2.3", "X-Forwarded-For", "203.0.113.1:5555")).isEqualTo("203.0.113.1");
        assertThat(resolve("10.1.2.3", "X-Forwarded-For", "[2001:db8::1]:5555")).isEqualTo(text("2001:db8::1"));
        assertThat(resolve("10.1.2.3", "X-Forwarded-For", "2001:db8::1")).isEqualTo(text("2001:db8::1"));
    }

    @Test
    void forwardedIsReadTheSameWayWhenXForwardedForIsAbsent() {
        assertThat(resolve("fd00::1", "Forwarded", "for=6.6.6.6, for=\"[2001:db8::7]:4711\";proto=https"))
                .isEqualTo(text("2001:db8::7"));
        assertThat(resolve("fd00::1", "Forwarded", "for=203.0.113.4;by=10.0.0.1, For=10.2.2.2"))
                .isEqualTo("203.0.113.4");
        assertThat(resolve("fd00::1", "Forwarded", "for=unknown")).isEqualTo(text("fd00::1"));
        assertThat(resolve("fd00::1", "Forwarded", "proto=https")).isEqualTo(text("fd00::1"));
        assertThat(resolve("10.1.2.3", "Forwarded", "for=203.0.113.4", "X-Forwarded-For", "203.0.113.3"))
                .isEqualTo("203.0.113.3");
    }

    @Test
    void xRealIpIsNotRead() {
        assertThat(resolve("10.1.2.3", "X-Real-IP", "203.0.113.2")).isEqualTo("10.1.2.3");
    }

    @Test
    void ipv4RangesMatchByPrefix() {
        TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8,172.16.0.0/12, 192.168.7.9 ,100.64.0.0/10");
        assertThat(proxies.trusts(TrustedProxies.literal("10.255.0.1"))).isTrue();
        assertThat(proxies.trusts(TrustedProxies.literal("11.0.0.1"))).isFalse();
        assertThat(proxies.trusts(TrustedProxies.literal("172.31.255.255"))).isTrue();
        assertThat(proxies.trusts(TrustedProxies.literal("172.32.0.0"))).isFalse();
        assertThat(proxies.trusts(TrustedProxies.literal("172.15.255.255"))).isFalse();
        assertThat(proxies.trusts(TrustedProxies.literal("192.168.7.9"))).isTrue();
        assertThat(proxies.trusts(TrustedProxies.literal("192.168.7.8"))).isFalse();
        assertThat(proxies.trusts(TrustedProxies.literal("100.127.255.255"))).isTrue();
        assertThat(proxies.trusts(TrustedProxies.literal("100.128.0.0"))).isFalse();
        assertThat(proxies.trusts(TrustedProxies.literal("0.0.0.0"))).isFalse();
    }

    @Test
    void ipv6RangesMatchByPrefix() {
        TrustedProxies proxies = TrustedProxies.parse("::1, 2001:db8:ab00::/40, fe80::/10, 2001:db8::8/125");
        assertThat(proxies.trusts(TrustedProxies.literal("::1"))).isTrue();
        assertThat(proxies.trusts(TrustedProxies.literal("::2"))).isFalse();
        assertThat(proxies.trusts(TrustedProxies.literal("2001:db8:abff::1"))).isTrue();
        assertThat(proxies.trusts(TrustedProxies.literal("2001:db8:ac00::1"))).isFalse();
        assertThat(proxies.trusts(TrustedProxies.literal("febf:ffff::1"))).isTrue();
        assertThat(proxies.trusts(TrustedProxies.literal("fec0::1"))).isFalse();
        assertThat(proxies.trusts(TrustedProxies.literal("2001:db8::f"))).isTrue();
        assertThat(proxies.trusts(TrustedProxies.literal("2001:db8::10"))).isFalse();
    }

    @Test
    void ipv4MappedAddressesCountAsIpv4AndFamiliesNeverMix() {
        TrustedProxies v4 = TrustedProxies.parse("10.0.0.0/8");
        assertThat(v4.trusts(TrustedProxies.literal("::ffff:10.1.1.1"))).isTrue();
        assertThat(v4.trusts(TrustedProxies.literal("a00::1"))).isFalse();

        TrustedProxies mapped = TrustedProxies.parse("::ffff:10.0.0.0/104");
        assertThat(mapped.trusts(TrustedProxies.literal("10.200.0.1"))).isTrue();
        assertThat(mapped.trusts(TrustedProxies.literal("11.0.0.1"))).isFalse();

        TrustedProxies all6 = TrustedProxies.parse("::/0");
        assertThat(all6.trusts(TrustedProxies.literal("2001:db8::1"))).isTrue();
        assertThat(all6.trusts(TrustedProxies.literal("10.0.0.1"))).isFalse();
    }

    @Test
    void parsingRefusesWhatIsNotAnAddressOrRangeNamingTheEntry() {
        for (String bad : new String[] {"proxy.internal", "10.0.0.0/33", "10.0.0.0/x", "10.0.0.0/", "1.2.3",
                "::1/129", "10.0.0.0/-1", "::ffff:10.0.0.0/95"}) {
            assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.1, " + bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
        assertThat(TrustedProxies.parse(" , ").isEmpty()).isTrue();
        assertThat(TrustedProxies.parse(" 10.0.0.0/8 ,, ::1 ")).hasToString("10.0.0.0/8, ::1");
    }

    /** The text Java gives an address, so IPv6 expectations do not depend on its spelling. */
    private static String text(String literal) {
        return TrustedProxies.literal(literal).getHostAddress();
    }
}
