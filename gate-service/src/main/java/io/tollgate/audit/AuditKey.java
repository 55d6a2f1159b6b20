package io.tollgate.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The Ed25519 key that signs the audit chain, held by the service and never by the database: rows written
 * by anyone without it cannot carry a valid signature. Stored as PKCS#8 PEM with mode 0600; its public key
 * (X.509 PEM) beside it as {@code <file>.pub}, which is all an offline verifier needs.
 */
public final class AuditKey {
    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";

    private final Ed25519PrivateKeyParameters bcPrivate;
    private final AuditPublicKey publicKey;

    private AuditKey(PrivateKey privateKey, PublicKey publicKey) {
        this.bcPrivate = new Ed25519PrivateKeyParameters(rawKey(privateKey.getEncoded()), 0);
        this.publicKey = new AuditPublicKey(publicKey, bcPrivate);
    }

    /** The raw 32-byte key at the end of a PKCS#8 or X.509 Ed25519 encoding (RFC 8410: fixed-length DER). */
    private static byte[] rawKey(byte[] encoded) {
        return Arrays.copyOfRange(encoded, encoded.length - Ed25519PrivateKeyParameters.KEY_SIZE, encoded.length);
    }

    /**
     * Reads the key in {@code file}, or creates one there (0600, in a directory created 0700) when the file
     * does not exist. Two instances creating it at once get the same key: the loser of the race reads it.
     *
     * @throws AuditKeyException naming the file when it exists but is not an Ed25519 PKCS#8 PEM key
     */
    public static AuditKey loadOrCreate(Path file) {
        if (!Files.exists(file)) {
            try {
                create(file);
            } catch (FileAlreadyExistsException raced) {
                // another instance created it first: use theirs
            } catch (IOException e) {
                throw new AuditKeyException(file + ": cannot create the audit signing key: " + e.getMessage());
            }
        }
        return load(file);
    }

    static AuditKey load(Path file) {
        try {
            var der = Pem.decode(Files.readString(file, StandardCharsets.US_ASCII), PRIVATE);
            var factory = KeyFactory.getInstance("Ed25519");
            var priv = factory.generatePrivate(new PKCS8EncodedKeySpec(der));
            var pubFile = publicKeyFile(file);
            PublicKey pub;
            if (Files.exists(pubFile)) {
                pub = AuditPublicKey.read(pubFile).key();
            } else {
                throw new AuditKeyException(pubFile + ": public key missing beside the signing key; restore it or delete both to start a new key");
            }
            var key = new AuditKey(priv, pub);
            if (!key.publicKey.verify("probe".getBytes(StandardCharsets.US_ASCII), key.signBytes("probe".getBytes(StandardCharsets.US_ASCII)))) {
                throw new AuditKeyException(pubFile + ": does not belong to the private key in " + file);
            }
            return key;
        } catch (IOException e) {
            throw new AuditKeyException(file + ": cannot read the audit signing key: " + e.getMessage());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new AuditKeyException(file + ": not an Ed25519 private key in PKCS#8 PEM (" + e.getMessage() + ")");
        }
    }

    private static void create(Path file) throws IOException {
        try {
            var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            var dir = file.toAbsolutePath().getParent();
            if (!Files.exists(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            // The public key first: a key file is only ever seen with its public key beside it.
            Files.writeString(publicKeyFile(file), Pem.encode(pair.getPublic().getEncoded(), PUBLIC), StandardCharsets.US_ASCII);
            Files.writeString(file, Pem.encode(pair.getPrivate().getEncoded(), PRIVATE), StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK 15+ has Ed25519", e);
        }
    }

    /** {@code <file>.pub}. */
    public static Path publicKeyFile(Path privateKeyFile) {
        return privateKeyFile.resolveSibling(privateKeyFile.getFileName() + ".pub");
    }

    /** Base64 signature over {@code message}. */
    public String sign(byte[] message) {
        return Base64.getEncoder().encodeToString(signBytes(message));
    }

    private byte[] signBytes(byte[] message) {
        return signWith(bcPrivate, message);
    }

    private static byte[] signWith(Ed25519PrivateKeyParameters key, byte[] message) {
        // Bouncy Castle's Ed25519 over the same key: deterministic signatures identical to the JDK's, ~10x faster.
        var signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    public AuditPublicKey publicKey() {
        return publicKey;
    }

    /**
     * A public key that verifies audit signatures, and its id. The one the service holds beside its private key
     * ({@link AuditKey#publicKey}) checks a signature by signing again first: Ed25519 signatures are deterministic
     * (RFC 8032), so a stored signature equal to the one the key makes now is valid, at half the cost of a
     * verification; any other goes through the verification, so a valid signature made otherwise still passes.
     */
    public static final class AuditPublicKey {
        private final PublicKey key;
        private final Ed25519PublicKeyParameters bcPublic;
        private final String id;
        /** The holder's private key, or null for a key read from a file (offline verification). */
        private final Ed25519PrivateKeyParameters resigner;

        public AuditPublicKey(PublicKey key) {
            this(key, null);
        }

        private AuditPublicKey(PublicKey key, Ed25519PrivateKeyParameters resigner) {
            this.key = key;
            this.bcPublic = new Ed25519PublicKeyParameters(rawKey(key.getEncoded()), 0);
            this.id = idOf(key);
            this.resigner = resigner;
        }

        public PublicKey key() {
            return key;
        }

        /** The first 16 hex digits of SHA-256 over the encoded public key. */
        public String id() {
            return id;
        }

        private static String idOf(PublicKey key) {
            try {
                var digest = java.security.MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
                return HexFormat.of().formatHex(digest).substring(0, 16);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
        }

        public boolean verify(byte[] message, byte[] signature) {
            if (signature.length != Ed25519PublicKeyParameters.KEY_SIZE * 2) {
                return false;
            }
            if (resigner != null && MessageDigest.isEqual(signWith(resigner, message), signature)) {
                return true;
            }
            var verifier = new Ed25519Signer();
            verifier.init(false, bcPublic);
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(signature);
        }

        /** Verifies a base64 signature; false for anything malformed. */
        public boolean verify(byte[] message, String base64Signature) {
            try {
                return base64Signature != null && verify(message, Base64.getDecoder().decode(base64Signature));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        /** Reads an X.509 PEM Ed25519 public key. @throws AuditKeyException naming the file */
        public static AuditPublicKey read(Path file) {
            try {
                var der = Pem.decode(Files.readString(file, StandardCharsets.US_ASCII), PUBLIC);
                return new AuditPublicKey(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)));
            } catch (IOException e) {
                throw new AuditKeyException(file + ": cannot read the public key: " + e.getMessage());
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new AuditKeyException(file + ": not an Ed25519 public key in X.509 PEM (" + e.getMessage() + ")");
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AuditPublicKey other && key.equals(other.key);
        }

        @Override
        public int hashCode() {
            return key.hashCode();
        }

        @Override
        public String toString() {
            return "AuditPublicKey[" + id + "]";
        }
    }

    /** PEM armour, without a library: base64 lines between BEGIN/END markers. */
    private static final class Pem {
        static String encode(byte[] der, String label) {
            return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(der) + "\n-----END " + label + "-----\n";
        }

        static byte[] decode(String pem, String label) {
            String begin = "-----BEGIN " + label + "-----";
            String end = "-----END " + label + "-----";
            int from = pem.indexOf(begin);
            int to = pem.indexOf(end);
            if (from < 0 || to < from) {
                throw new IllegalArgumentException("no " + label + " block");
            }
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        }
    }
}
