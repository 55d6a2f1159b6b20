package io.tollgate.policy;

import static io.tollgate.policy.PolicyFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.decision.Reason;
import io.tollgate.decision.Verdict;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DecisionParserTest {

    @Test
    void parses_a_deny_with_reasons_sorted() {
        var parsed = DecisionParser.parse(json("""
                {"outcome":"deny","reasons":[{"code":"b","message":"2"},{"code":"a","message":"1","extra":true}]}"""));
        assertThat(parsed).isEqualTo(new DecisionParser.Valid(
                new Verdict.Deny(List.of(new Reason("a", "1"), new Reason("b", "2")))));
    }

    @Test
    void accepts_an_allow_without_reasons() {
        assertThat(DecisionParser.parse(json("{\"outcome\":\"allow\",\"reasons\":[]}")))
                .isEqualTo(new DecisionParser.Valid(new Verdict.Allow(List.of())));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "null                                              | decision must be an object, got null",
            "[]                                                | decision must be an object, got an array []",
            "{}                                                | decision has no \"outcome\"",
            "{\"outcome\":\"maybe\",\"reasons\":[]}            | decision.outcome must be one of allow, deny, hold, got \"maybe\"",
            "{\"outcome\":1,\"reasons\":[]}                    | decision.outcome must be one of allow, deny, hold, got 1",
            "{\"outcome\":\"deny\"}                            | decision has no \"reasons\"",
            "{\"outcome\":\"deny\",\"reasons\":{}}             | decision.reasons must be an array, got an object {}",
            "{\"outcome\":\"hold\",\"reasons\":[]}             | decision.reasons must not be empty for outcome \"hold\"",
            "{\"outcome\":\"deny\",\"reasons\":[\"x\"]}        | decision.reasons[0] must be an object with \"code\" and \"message\", got \"x\"",
            "{\"outcome\":\"deny\",\"reasons\":[{\"message\":\"m\"}]} | decision.reasons[0].code must be a non-blank string, got nothing",
            "{\"outcome\":\"deny\",\"reasons\":[{\"code\":\" \",\"message\":\"m\"}]} | decision.reasons[0].code must be a non-blank string, got \" \"",
            "{\"outcome\":\"deny\",\"reasons\":[{\"code\":\"c\"}]} | decision.reasons[0].message must be a string, got nothing",
    })
    void explains_what_is_wrong_with_a_malformed_decision(String decision, String problem) {
        assertThat(DecisionParser.parse(json(decision))).isEqualTo(new DecisionParser.Invalid(problem));
    }

    @Test
    void treats_a_missing_decision_as_undefined() {
        assertThat(DecisionParser.parse(null)).isEqualTo(new DecisionParser.Invalid("decision is undefined"));
    }
}
