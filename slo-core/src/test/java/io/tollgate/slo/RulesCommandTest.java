package io.tollgate.slo;

import static io.tollgate.slo.SloFiles.aSlo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesCommandTest {

    @TempDir
    Path tmp;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return RulesCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void prints_the_rules_of_valid_definitions() {
        var files = new SloFiles(tmp).withCheckout(aSlo("checkout-availability").yaml());

        assertThat(run(files.dir.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("record: tollgate:slo_error_ratio:rate5m");
    }

    @Test
    void writes_the_rules_to_the_output_file() throws Exception {
        var files = new SloFiles(tmp).withCheckout(aSlo("checkout-availability").yaml());
        var output = tmp.resolve("rules.yaml");

        assertThat(run(files.dir.toString(), output.toString())).isZero();
        assertThat(Files.readString(output)).contains("alert: TollgateErrorBudgetBurn");
    }

    @Test
    void exits_with_two_and_prints_every_problem_for_invalid_definitions() {
        var files = new SloFiles(tmp).withCheckout(aSlo("checkout-availability").target("1.5").yaml());

        assertThat(run(files.dir.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(
                "slo-definitions/checkout.yaml[3]: spec.objectives[0].target: must be in (0,1), got 1.5");
        assertThat(out.size()).isZero();
    }

    @Test
    void exits_with_sixty_four_on_bad_usage() {
        assertThat(run()).isEqualTo(64);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:");
    }
}
