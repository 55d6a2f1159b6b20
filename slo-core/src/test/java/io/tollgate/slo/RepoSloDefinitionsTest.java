package io.tollgate.slo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The repository's own {@code slo-definitions/} must always load. */
class RepoSloDefinitionsTest {

    /** Walks up from the working directory to the first {@code slo-definitions/} directory. */
    static Path repoDefinitions() {
        for (var dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            var candidate = dir.resolve("slo-definitions");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no slo-definitions/ above " + Path.of("").toAbsolutePath());
    }

    @Test
    void the_repository_definitions_are_valid() {
        var catalog = SloDefinitions.load(repoDefinitions());

        assertThat(catalog.slos()).extracting(Slo::name).containsExactly("checkout-availability", "payments-authorisation");
    }

    @Test
    void checkout_uses_its_three_burn_rate_conditions() {
        var checkout = SloDefinitions.load(repoDefinitions()).find("checkout-availability").orElseThrow();

        assertThat(checkout.target()).isEqualTo(0.999);
        assertThat(checkout.window()).isEqualTo(Duration.ofDays(28));
        assertThat(checkout.indicator().dataSource()).isEqualTo("prometheus");
        assertThat(checkout.burnRules()).extracting(BurnRateRule::threshold, BurnRateRule::longWindow, BurnRateRule::shortWindow)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(14.4, Duration.ofHours(1), Duration.ofMinutes(5)),
                        org.assertj.core.groups.Tuple.tuple(6.0, Duration.ofHours(6), Duration.ofMinutes(30)),
                        org.assertj.core.groups.Tuple.tuple(1.0, Duration.ofDays(3), Duration.ofHours(6)));
    }

    @Test
    void payments_uses_an_inline_bad_over_total_indicator_and_the_default_rules() {
        var payments = SloDefinitions.load(repoDefinitions()).find("payments-authorisation").orElseThrow();

        assertThat(payments.indicator().kind()).isEqualTo(RatioIndicator.Kind.BAD_OVER_TOTAL);
        assertThat(payments.burnRules()).isEqualTo(BurnRateRule.WORKBOOK_DEFAULTS);
    }
}
