package io.tollgate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyBundleTest {
    @TempDir
    Path tmp;

    @Test
    void extracts_the_module_and_data() {
        var bundle = PolicyBundle.load(PolicyFixtures.fixtureBundle());
        assertThat(bundle.wasm()).startsWith(0x00, 0x61, 0x73, 0x6d);
        assertThat(bundle.dataJson()).contains("\"frozenServices\"");
        assertThat(bundle.source()).isEqualTo(PolicyFixtures.fixtureBundle().toString());
    }

    @Test
    void same_bundle_gives_the_same_revision_even_when_rebuilt() {
        var first = PolicyBundle.load(PolicyFixtures.fixtureBundle());
        var again = PolicyBundle.load(PolicyFixtures.fixtureBundle());
        var rebuilt = PolicyBundle.load(PolicyFixtures.build(PolicyFixtures.fixturePolicies()));
        assertThat(first.revision()).matches("sha256:[0-9a-f]{64}");
        assertThat(again.revision()).isEqualTo(first.revision());
        assertThat(rebuilt.revision()).isEqualTo(first.revision());
    }

    @Test
    void changed_data_gives_a_different_revision() throws IOException {
        Path policies = PolicyFixtures.copyTree(PolicyFixtures.fixturePolicies());
        Files.writeString(policies.resolve("tollgate/settings/data.json"), "{\"frozenServices\": [\"mainframe\"]}");
        var original = PolicyBundle.load(PolicyFixtures.fixtureBundle());
        var changed = PolicyBundle.load(PolicyFixtures.build(policies));
        assertThat(changed.revision()).isNotEqualTo(original.revision());
    }

    @Test
    void a_bundle_without_data_gets_an_empty_document() {
        var bundle = PolicyBundle.load(PolicyFixtures.echoBundle());
        assertThat(bundle.dataJson()).isEqualToIgnoringWhitespace("{}");
    }

    @Test
    void the_shipped_bundle_is_on_the_classpath() {
        var bundle = PolicyBundle.loadFromClasspath();
        assertThat(bundle.source()).isEqualTo("classpath:policy/bundle.tar.gz");
        assertThat(bundle.revision()).startsWith("sha256:");
    }

    @Test
    void a_missing_bundle_file_is_named_in_the_error() {
        Path missing = tmp.resolve("nope/bundle.tar.gz");
        assertThatThrownBy(() -> PolicyBundle.load(missing))
                .isInstanceOf(PolicyBundleException.class)
                .hasMessage("policy bundle " + missing + " does not exist");
    }

    @Test
    void a_corrupt_bundle_file_is_named_in_the_error() throws IOException {
        Path corrupt = Files.writeString(tmp.resolve("bundle.tar.gz"), "this is not gzip");
        assertThatThrownBy(() -> PolicyBundle.load(corrupt))
                .isInstanceOf(PolicyBundleException.class)
                .hasMessageStartingWith("policy bundle " + corrupt + " is not a valid .tar.gz OPA bundle");
    }

    @Test
    void a_rego_bundle_without_wasm_is_refused() throws Exception {
        Path out = tmp.resolve("rego.tar.gz");
        var p = new ProcessBuilder(io.tollgate.testsupport.OpaServerFixture.opaBinary().toString(), "build", "-o", out.toString(),
                PolicyFixtures.echoPolicies().toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor()).isZero();
        assertThatThrownBy(() -> PolicyBundle.load(out))
                .isInstanceOf(PolicyBundleException.class)
                .hasMessage("policy bundle " + out + " has no /policy.wasm (build it with `opa build -t wasm`)");
    }
}
