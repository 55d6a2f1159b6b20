package io.tollgate.policy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The two parts of an OPA Wasm bundle ({@code opa build -t wasm}) that the embedded engine needs:
 * {@code /policy.wasm} and {@code /data.json}. Other entries (.manifest, Rego sources) are ignored.
 *
 * <p>{@link #revision()} is {@code "sha256:" + hex(SHA-256(L(wasm) || wasm || L(data) || data))}, where
 * {@code L(x)} is the length of {@code x} as an 8-byte big-endian integer, {@code wasm} the bytes of
 * {@code policy.wasm} and {@code data} the bytes of {@code data.json} exactly as stored in the bundle
 * (the two bytes {@code {}} when the bundle has none). The length prefixes keep the split between the two
 * parts unambiguous. Nothing else in the archive (timestamps, manifest, sources) affects the revision, so
 * rebuilding unchanged policies gives the same revision.
 */
public final class PolicyBundle {
    /** Where the Maven build puts the bundle compiled from {@code policies/}. */
    public static final String CLASSPATH_RESOURCE = "policy/bundle.tar.gz";

    private static final byte[] EMPTY_DATA = "{}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] WASM_MAGIC = {0x00, 0x61, 0x73, 0x6d};

    private final byte[] wasm;
    private final byte[] data;
    private final String revision;
    private final String source;

    private PolicyBundle(byte[] wasm, byte[] data, String source) {
        this.wasm = wasm;
        this.data = data;
        this.source = source;
        this.revision = computeRevision(wasm, data);
    }

    /** Reads the bundle at {@code file}. @throws PolicyBundleException naming the file when it is missing or not a Wasm bundle */
    public static PolicyBundle load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new PolicyBundleException("policy bundle " + file + " does not exist");
        } catch (IOException e) {
            throw new PolicyBundleException("policy bundle " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Reads {@value #CLASSPATH_RESOURCE} from the class path (the bundle built from the shipped policies). */
    public static PolicyBundle loadFromClasspath() {
        String name = "classpath:" + CLASSPATH_RESOURCE;
        try (InputStream in = PolicyBundle.class.getClassLoader().getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new PolicyBundleException("policy bundle " + name + " is not on the class path (was `opa build` skipped?)");
            }
            return read(in, name);
        } catch (IOException e) {
            throw new PolicyBundleException("policy bundle " + name + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Reads a bundle from a stream; {@code source} names it in error messages. */
    public static PolicyBundle read(InputStream in, String source) {
        byte[] wasm = null;
        byte[] data = null;
        try (var tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
            for (var entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (!entry.isFile()) {
                    continue;
                }
                switch (normalize(entry.getName())) {
                    case "policy.wasm" -> wasm = readAll(tar);
                    case "data.json" -> data = readAll(tar);
                    default -> { /* manifest, sources: not needed to evaluate */ }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new PolicyBundleException("policy bundle " + source + " is not a valid .tar.gz OPA bundle: " + e.getMessage(), e);
        }
        if (wasm == null) {
            throw new PolicyBundleException("policy bundle " + source + " has no /policy.wasm (build it with `opa build -t wasm`)");
        }
        if (wasm.length < 4 || !java.util.Arrays.equals(wasm, 0, 4, WASM_MAGIC, 0, 4)) {
            throw new PolicyBundleException("policy bundle " + source + ": /policy.wasm is not a WebAssembly module");
        }
        return new PolicyBundle(wasm, data == null ? EMPTY_DATA : data, source);
    }

    /** The compiled policy module. A copy: callers cannot change the bundle. */
    public byte[] wasm() {
        return wasm.clone();
    }

    /** The bundle's base document as JSON text ({@code {}} when the bundle has no data.json). */
    public String dataJson() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** {@code sha256:<hex>} over policy.wasm and data.json; see the class comment for the exact bytes. */
    public String revision() {
        return revision;
    }

    /** Where the bundle was read from (a file path or {@code classpath:...}). */
    public String source() {
        return source;
    }

    private static String normalize(String name) {
        String n = name;
        while (n.startsWith("/") || n.startsWith("./")) {
            n = n.substring(n.startsWith("/") ? 1 : 2);
        }
        return n;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    private static String computeRevision(byte[] wasm, byte[] data) {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(8).putLong(wasm.length).array());
            sha.update(wasm);
            sha.update(ByteBuffer.allocate(8).putLong(data.length).array());
            sha.update(data);
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
