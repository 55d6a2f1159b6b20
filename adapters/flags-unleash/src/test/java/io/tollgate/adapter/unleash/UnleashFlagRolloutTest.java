package io.tollgate.adapter.unleash;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.FlagTarget;
import io.tollgate.adapter.Observation;
import io.tollgate.adapter.unleash.UnleashShareSampler.Sample;
import io.tollgate.testsupport.UnleashFixture;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** UnleashFlagRollout against a real unleash-server 7.5 (UnleashFixture), checked by Admin API and SDK. */
@Tag("live")
class UnleashFlagRolloutTest {
    private static final List<String> USERS = IntStream.range(0, 2000).mapToObj(i -> "user-" + i).toList();
    private static final Duration SDK_DEADLINE = Duration.ofSeconds(10);
    private static final Latencies APPLY = new Latencies("apply");
    private static final Latencies OBSERVE = new Latencies("observe");
    private static final Latencies PROPAGATION = new Latencies("change visible to a new SDK client");

    private static UnleashFixture unleash;
    private static UnleashFlagRollout adapter;
    private static UnleashShareSampler sampler;
    private static HandAdmin hand;

    @BeforeAll
    static void start() {
        long begin = System.nanoTime();
        unleash = UnleashFixture.shared();
        System.out.printf("Unleash ready after %dms (server start %dms), log %s%n",
                Latencies.since(begin).toMillis(), unleash.lastStartTook().toMillis(), unleash.logFile());
        adapter = new UnleashFlagRollout(UnleashConfig.defaults(unleash.baseUrl(), unleash.adminToken()));
        sampler = new UnleashShareSampler(unleash.clientApiUrl(), unleash.clientToken(), UnleashFixture.ENVIRONMENT);
        hand = new HandAdmin(unleash);
    }

    @AfterAll
    static void report() {
        System.out.println("Unleash adapter latencies (127.0.0.1): " + APPLY.summary() + "; " + OBSERVE.summary()
                + "; " + PROPAGATION.summary());
        adapter.close();
    }

    @Test
    void creates_an_absent_flag_at_1_percent_and_ramps_to_5_25_100_serving_exactly_the_expected_users() {
        var flag = target("ramp");
        for (int percent : new int[] {1, 5, 25, 100}) {
            var result = apply(flag, percent);
            assertThat(result).as("apply %d%%", percent).isInstanceOf(AdapterResult.Applied.class);
            assertThat(observe(flag)).as("observe after %d%%", percent)
                    .isInstanceOfSatisfying(Observation.Observed.class, o -> assertThat(o.percent()).isEqualTo(percent));

            Set<String> expected = expectedOn(flag.feature(), percent);
            Sample sample = awaitSample(flag.feature(), expected);
            assertThat(sample.onUserIds()).as("SDK on-set at %d%%", percent).isEqualTo(expected);
            System.out.printf("rollout %3d%%: SDK share %.2f%% of %d users (expected %d users)%n",
                    percent, 100 * sample.share(), sample.sampled(), expected.size());
            assertThat(sample.share()).isCloseTo(percent / 100.0, org.assertj.core.data.Offset.offset(0.02));
        }
        assertThat(hand.environment(flag.feature()).path("strategies")).hasSize(1);
    }

    @Test
    void applying_the_same_percentage_again_changes_nothing() {
        var flag = target("idempotent");
        assertThat(apply(flag, 10)).isInstanceOf(AdapterResult.Applied.class);
        var before = hand.environment(flag.feature());

        var again = apply(flag, 10);

        assertThat(again).isInstanceOfSatisfying(AdapterResult.Applied.class,
                a -> assertThat(a.detail()).contains("already so"));
        assertThat(hand.environment(flag.feature())).isEqualTo(before);
    }

    @Test
    void reset_turns_the_flag_off_observed_0_and_served_to_nobody_and_is_idempotent() {
        var flag = target("reset");
        assertThat(apply(flag, 50)).isInstanceOf(AdapterResult.Applied.class);
        awaitSample(flag.feature(), expectedOn(flag.feature(), 50));

        assertThat(adapter.reset(flag)).isInstanceOf(AdapterResult.Applied.class);

        assertThat(hand.environment(flag.feature()).path("enabled").asBoolean()).isFalse();
        assertThat(observe(flag)).isInstanceOfSatisfying(Observation.Observed.class, o -> assertThat(o.percent()).isZero());
        assertThat(awaitSample(flag.feature(), Set.of()).onUserIds()).isEmpty();
        assertThat(adapter.reset(flag)).isInstanceOfSatisfying(AdapterResult.Applied.class,
                a -> assertThat(a.detail()).contains("already so"));
        assertThat(adapter.reset(target("never-created"))).isInstanceOf(AdapterResult.Applied.class);

        // back on: the rollout is set before the flag is turned on again
        assertThat(apply(flag, 20)).isInstanceOf(AdapterResult.Applied.class);
        assertThat(awaitSample(flag.feature(), expectedOn(flag.feature(), 20)).onUserIds())
                .isEqualTo(expectedOn(flag.feature(), 20));
    }

    @Test
    void refuses_a_flag_with_a_hand_made_strategy_and_leaves_it_unchanged() {
        var flag = target("foreign");
        hand.createFlag(flag.feature());
        hand.addStrategy(flag.feature(), """
                {"name":"flexibleRollout","constraints":[],
                 "parameters":{"rollout":"30","stickiness":"default","groupId":"someone-else"}}""");
        hand.turnOn(flag.feature());
        var before = hand.environment(flag.feature());

        var applied = apply(flag, 5);
        var reset = adapter.reset(flag);

        assertThat(applied).isInstanceOfSatisfying(AdapterResult.NotSupported.class,
                n -> assertThat(n.detail()).contains("flexibleRollout").contains("someone-else").contains("nothing changed"));
        assertThat(reset).isInstanceOf(AdapterResult.NotSupported.class);
        assertThat(observe(flag)).isInstanceOf(Observation.CannotVerify.class);
        assertThat(hand.environment(flag.feature())).isEqualTo(before);
    }

    @Test
    void cannot_verify_its_own_strategy_once_edited_by_hand_and_apply_restores_it() {
        var flag = target("edited");
        assertThat(apply(flag, 10)).isInstanceOf(AdapterResult.Applied.class);
        var ours = hand.environment(flag.feature()).path("strategies").get(0);
        hand.updateStrategy(flag.feature(), ours.path("id").asText(), """
                {"name":"flexibleRollout","title":"tollgate","constraints":[],
                 "parameters":{"rollout":"10","stickiness":"sessionId","groupId":"%s"}}""".formatted(flag.feature()));

        assertThat(observe(flag)).isInstanceOfSatisfying(Observation.CannotVerify.class,
                c -> assertThat(c.reason()).contains("changed by hand").contains("sessionId"));
        assertThat(apply(flag, 10)).isInstanceOf(AdapterResult.Applied.class);
        assertThat(observe(flag)).isInstanceOfSatisfying(Observation.Observed.class, o -> assertThat(o.percent()).isEqualTo(10));
    }

    @Test
    void observing_a_missing_flag_cannot_verify_and_a_bad_percentage_is_not_supported() {
        assertThat(observe(target("missing"))).isInstanceOfSatisfying(Observation.CannotVerify.class,
                c -> assertThat(c.reason()).contains("not found"));
        assertThat(adapter.apply(target("bad-percent"), 101)).isInstanceOf(AdapterResult.NotSupported.class);
        assertThat(adapter.apply(target("bad-percent"), -1)).isInstanceOf(AdapterResult.NotSupported.class);
    }

    @Test
    void a_rejected_token_fails_without_retry_and_cannot_verify() {
        try (var wrong = new UnleashFlagRollout(UnleashConfig.defaults(unleash.baseUrl(), "*:*.not-a-token"))) {
            assertThat(wrong.apply(target("bad-token"), 5)).isInstanceOfSatisfying(AdapterResult.Failed.class,
                    f -> assertThat(f.retryable()).isFalse());
            assertThat(wrong.observe(target("bad-token"))).isInstanceOfSatisfying(Observation.CannotVerify.class,
                    c -> assertThat(c.reason()).contains("HTTP 401"));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static FlagTarget target(String name) {
        return new FlagTarget("tollgate-" + name, UnleashFixture.ENVIRONMENT);
    }

    private static AdapterResult apply(FlagTarget flag, int percent) {
        return APPLY.time(() -> adapter.apply(flag, percent));
    }

    private static Observation observe(FlagTarget flag) {
        return OBSERVE.time(() -> adapter.observe(flag));
    }

    private static Set<String> expectedOn(String feature, int percent) {
        return USERS.stream().filter(u -> Murmur3.servedBy(feature, u, percent)).collect(Collectors.toSet());
    }

    /** Samples with fresh SDK clients until the on-set is {@code expected} or the deadline passes; the last sample. */
    private static Sample awaitSample(String feature, Set<String> expected) {
        long begin = System.nanoTime();
        long end = begin + SDK_DEADLINE.toNanos();
        Sample sample;
        do {
            sample = sampler.sample(feature, USERS);
            if (sample.onUserIds().equals(expected)) {
                PROPAGATION.record(Latencies.since(begin));
                break;
            }
            pause();
        } while (System.nanoTime() < end);
        return sample;
    }
}
