package io.tollgate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * An OCI image layout archive as {@code jib:buildTar} writes it: {@code index.json} → manifest → config and layers,
 * each a blob under {@code blobs/sha256/}. Reads it with commons-compress; {@link #unpack} lays the layers out as a
 * root file system the way a container runtime does.
 */
final class ImageArchive {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path tar;
    private final JsonNode config;
    private final List<String> layers;

    private ImageArchive(Path tar, JsonNode config, List<String> layers) {
        this.tar = tar;
        this.config = config;
        this.layers = layers;
    }

    /** One file of a layer: its path (no leading slash), mode, owner and, for small files, the content. */
    record Entry(String path, int mode, long uid, long gid, boolean directory, byte[] content) {
    }

    /** Reads the index, the manifest and the config; fails naming what is missing. */
    static ImageArchive read(Path tar) {
        if (!Files.isRegularFile(tar)) {
            throw new AssertionError(tar + " does not exist: build it with mvn -Pimage package (gate-service)");
        }
        var small = new LinkedHashMap<String, byte[]>();
        forEachEntry(tar, (name, size, in) -> {
            if (size < 1_000_000) {
                small.put(name, in.readAllBytes());
            }
        });
        JsonNode index = json(small, "index.json");
        JsonNode manifest = json(small, blob(index.at("/manifests/0/digest").asText()));
        JsonNode config = json(small, blob(manifest.at("/config/digest").asText()));
        var layers = new ArrayList<String>();
        manifest.path("layers").forEach(l -> layers.add(blob(l.path("digest").asText())));
        return new ImageArchive(tar, config, List.copyOf(layers));
    }

    /** The image configuration's {@code config} object (User, Entrypoint, Env, ExposedPorts, WorkingDir, …). */
    JsonNode config() {
        return config.path("config");
    }

    /** The environment of the image config, as a map. */
    Map<String, String> env() {
        var env = new LinkedHashMap<String, String>();
        config().path("Env").forEach(e -> {
            String[] kv = e.asText().split("=", 2);
            env.put(kv[0], kv.length > 1 ? kv[1] : "");
        });
        return env;
    }

    /** Every file of every layer, the later layer's entry winning; contents kept for files under 64 KiB. */
    Map<String, Entry> files() {
        var files = new LinkedHashMap<String, Entry>();
        forEachEntry(tar, (name, size, in) -> {
            if (!layers.contains(name)) {
                return;
            }
            var layer = new TarArchiveInputStream(new GzipCompressorInputStream(in));
            for (var e = layer.getNextEntry(); e != null; e = layer.getNextEntry()) {
                String path = e.getName().replaceFirst("^/", "").replaceFirst("/$", "");
                byte[] content = !e.isDirectory() && e.getSize() < 65_536 ? layer.readAllBytes() : null;
                files.put(path, new Entry(path, e.getMode(), e.getLongUserId(), e.getLongGroupId(), e.isDirectory(), content));
            }
        });
        return files;
    }

    /** Extracts the layers in order into {@code root} with the system's tar (as root: modes and owners kept). */
    Path unpack(Path root) throws IOException {
        Path blobs = Files.createDirectories(root.resolveSibling(root.getFileName() + "-archive"));
        Files.createDirectories(root);
        Commands.run(new ProcessBuilder("tar", "-xf", tar.toString(), "-C", blobs.toString()), Duration.ofMinutes(2), "tar -xf " + tar)
                .outOrFail();
        for (var layer : layers) {
            Commands.run(new ProcessBuilder("tar", "--warning=no-unknown-keyword", "-xzpf", blobs.resolve(layer).toString(), "-C", root.toString()),
                    Duration.ofMinutes(2), "tar -xzf " + layer).outOrFail();
        }
        return root;
    }

    private interface EntryReader {
        void read(String name, long size, InputStream in) throws IOException;
    }

    private static void forEachEntry(Path tar, EntryReader reader) {
        try (var in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (!e.isDirectory()) {
                    reader.read(e.getName(), e.getSize(), in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tar, e);
        }
    }

    private static String blob(String digest) {
        if (!digest.startsWith("sha256:")) {
            throw new AssertionError("not a sha256 digest: '" + digest + "'");
        }
        return "blobs/sha256/" + digest.substring("sha256:".length());
    }

    private static JsonNode json(Map<String, byte[]> entries, String name) {
        byte[] bytes = entries.get(name);
        if (bytes == null) {
            throw new AssertionError("the image archive has no " + name + " (has " + entries.keySet() + ")");
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new AssertionError(name + " in the image archive is not JSON", e);
        }
    }
}
