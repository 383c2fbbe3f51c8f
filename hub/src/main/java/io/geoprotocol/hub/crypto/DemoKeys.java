package io.geoprotocol.hub.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Deterministic key pairs for the demo community: the private key seed is
 * SHA-256("geo-hub-demo:" + name). Anyone can derive them, so they are for demos only.
 */
public final class DemoKeys {

    public static final String PREFIX = "geo-hub-demo:";

    private final byte[] privateKey;
    private final byte[] publicKey;

    private DemoKeys(byte[] privateKey) {
        this.privateKey = privateKey;
        this.publicKey = new byte[Ed25519.PUBLIC_KEY_BYTES];
        org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(privateKey, 0, publicKey, 0);
    }

    public static DemoKeys of(String name) {
        return new DemoKeys(Ed25519.sha256((PREFIX + name).getBytes(StandardCharsets.UTF_8)));
    }

    /** Key pair from a raw 32-byte private key seed. */
    public static DemoKeys fromSeed(byte[] seed) {
        return new DemoKeys(seed.clone());
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey);
    }

    public String pid() {
        return Ed25519.pid(publicKey);
    }

    public String sign(byte[] message) {
        byte[] signature = new byte[Ed25519.SIGNATURE_BYTES];
        org.bouncycastle.math.ec.rfc8032.Ed25519.sign(privateKey, 0, message, 0, message.length, signature, 0);
        return Base64.getEncoder().encodeToString(signature);
    }
}
