package io.geoprotocol.hub.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint;

/**
 * Ed25519 keys and signatures as the protocol carries them: raw 32-byte public keys and 64-byte
 * signatures in standard base64. Verification uses BouncyCastle's low-level RFC 8032 code, about
 * eight times cheaper per signature than the JDK provider, which matters since every payment is
 * verified.
 */
public final class Ed25519 {

    public static final int PUBLIC_KEY_BYTES = 32;
    public static final int SIGNATURE_BYTES = 64;

    private Ed25519() {
    }

    /** Decodes a base64 public key; empty when it is not 32 bytes or not a valid curve point. */
    public static Optional<byte[]> decodePublicKey(String base64) {
        byte[] key = decodeBase64(base64, PUBLIC_KEY_BYTES);
        if (key == null) {
            return Optional.empty();
        }
        PublicPoint point = org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyFullExport(key, 0);
        return point == null ? Optional.empty() : Optional.of(key);
    }

    public static boolean verify(byte[] publicKey, byte[] message, String signatureBase64) {
        byte[] signature = decodeBase64(signatureBase64, SIGNATURE_BYTES);
        if (signature == null || publicKey == null || publicKey.length != PUBLIC_KEY_BYTES) {
            return false;
        }
        return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, publicKey, 0, message, 0,
                message.length);
    }

    /** PID = Base58(SHA-256(raw public key)). */
    public static String pid(byte[] publicKey) {
        return Base58.encode(sha256(publicKey));
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static byte[] decodeBase64(String text, int expectedLength) {
        if (text == null || text.length() > 2 * expectedLength + 8) {
            return null;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(text.trim());
            return bytes.length == expectedLength ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
