package dev.yocto.resources.data.secrets;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/** PEM text of RSA keys, and the public key that belongs to a private one. */
public final class RsaKeys {

    private RsaKeys() {
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + SecretValues.base64(der) + "\n-----END " + type + "-----\n";
    }

    /** A short fingerprint of a public key PEM: the SHA-256 of its DER, whatever the PEM's line breaks. */
    public static String fingerprint(String publicPem) {
        try {
            String body = publicPem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            byte[] der = Base64.getDecoder().decode(body);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der)).substring(0, 16);
        } catch (NoSuchAlgorithmException | IllegalArgumentException e) {
            return "unreadable";
        }
    }

    /** The SubjectPublicKeyInfo PEM ("PUBLIC KEY") of a PKCS#8 RSA private key, as CloudFront wants it. */
    public static String publicPem(String privatePem) {
        try {
            String body = privatePem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            KeyFactory factory = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) factory.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
            BigInteger modulus = key.getModulus();
            byte[] der = factory.generatePublic(new RSAPublicKeySpec(modulus, key.getPublicExponent())).getEncoded();
            return pem("PUBLIC KEY", der);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            // The message would not hold the key, but say nothing about its content anyway.
            throw new IllegalArgumentException("the cloudfront-key secret does not hold an RSA private key in PKCS#8 PEM");
        }
    }
}
