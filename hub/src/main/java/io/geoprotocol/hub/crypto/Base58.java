package io.geoprotocol.hub.crypto;

import java.math.BigInteger;

/** Base58 with the Bitcoin alphabet, the encoding of participant identifiers. */
public final class Base58 {

    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);

    private Base58() {
    }

    public static String encode(byte[] input) {
        StringBuilder out = new StringBuilder();
        BigInteger value = new BigInteger(1, input);
        while (value.signum() > 0) {
            BigInteger[] qr = value.divideAndRemainder(BASE);
            out.append(ALPHABET.charAt(qr[1].intValue()));
            value = qr[0];
        }

        // Each leading zero byte is written as the alphabet's first character.
        for (int i = 0; i < input.length && input[i] == 0; i++) {
            out.append(ALPHABET.charAt(0));
        }
        return out.reverse().toString();
    }

    public static boolean isValid(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (ALPHABET.indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
