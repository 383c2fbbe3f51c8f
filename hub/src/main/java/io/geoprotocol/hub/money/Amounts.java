package io.geoprotocol.hub.money;

import io.geoprotocol.hub.web.ApiException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Amounts as the contract carries them: decimal strings, exact, never rounded. An amount with
 * more decimals than its equivalent's precision is refused, as is anything that is not a plain
 * decimal (signs, exponents, spaces, JSON numbers).
 *
 * <p>Every amount must fit in {@link #MAX_MINOR_UNITS} minor units, so the routing graph can hold
 * it as a {@code long} and sum a few thousand of them without overflow.
 */
public final class Amounts {

    /** 10^15 minor units: 10 trillion at precision 2, ten million at precision 8. */
    public static final long MAX_MINOR_UNITS = 1_000_000_000_000_000L;

    private static final Pattern PLAIN_DECIMAL = Pattern.compile("^[0-9]{1,20}(\\.[0-9]{1,18})?$");

    private Amounts() {
    }

    /** Parses a strictly positive amount in an equivalent of the given precision. */
    public static BigDecimal positive(String text, int precision, String field) {
        BigDecimal value = nonNegative(text, precision, field);
        if (value.signum() == 0) {
            throw invalid(field, text, "must be greater than zero");
        }
        return value;
    }

    /** Parses an amount that may be zero (such as a trust line limit). */
    public static BigDecimal nonNegative(String text, int precision, String field) {
        if (text == null || text.isEmpty()) {
            throw invalid(field, text, "is required, as a decimal string such as \"10.50\"");
        }
        if (!PLAIN_DECIMAL.matcher(text).matches()) {
            throw invalid(field, text, "must be a plain decimal string such as \"10.50\"");
        }

        BigDecimal value = new BigDecimal(text);
        if (value.stripTrailingZeros().scale() > precision) {
            throw invalid(field, text, "has more than " + precision + " decimal places allowed by the equivalent");
        }
        if (toMinor(value, precision) > MAX_MINOR_UNITS) {
            throw invalid(field, text, "exceeds the largest amount the hub accepts");
        }
        return value.setScale(precision);
    }

    /** The amount in minor units (amount x 10^precision); exact or it throws. */
    public static long toMinor(BigDecimal value, int precision) {
        BigInteger minor = value.movePointRight(precision).toBigIntegerExact();
        if (minor.bitLength() > 62) {
            return Long.MAX_VALUE;
        }
        return minor.longValueExact();
    }

    public static BigDecimal fromMinor(long minor, int precision) {
        return BigDecimal.valueOf(minor, precision);
    }

    /** The wire form: exactly {@code precision} decimals. */
    public static String format(BigDecimal value, int precision) {
        return value.setScale(precision).toPlainString();
    }

    /**
     * For reports and admin views: exactly {@code precision} decimals, like {@link #format}, but a
     * stored value with more decimals than its equivalent allows is shown in full rather than
     * refused or rounded, so a report can still show what is wrong.
     */
    public static String report(BigDecimal value, int precision) {
        return value.setScale(Math.max(precision, value.stripTrailingZeros().scale())).toPlainString();
    }

    private static ApiException invalid(String field, String text, String problem) {
        return ApiException.validation("Invalid " + field + ": " + problem,
                Map.of("field", field, "value", text == null ? "" : text));
    }
}
