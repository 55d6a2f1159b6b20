package io.tollgate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Required text: something visible must remain, controls are refused; accents and emoji are text. */
class HumanTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"\u200b", " \u200b ", "\ufe0f", "\u2060\u00a0", "\u3164", "\u2800", "", "   ", "\u200d"})
    void invisible_text_is_no_text(String text) {
        assertThat(HumanText.textProblem(text)).startsWith("must contain visible text");
        assertThat(HumanText.tokenProblem(text)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0007", "a\u0000", "ok\u0085", "ok\n", "tab\there", "\u202eevil", "line\u2028two", "\u009b"})
    void control_and_bidi_characters_are_refused(String text) {
        assertThat(HumanText.textProblem(text)).startsWith("must not contain control, bidi or line separator characters, found U+");
        assertThat(HumanText.tokenProblem(text)).startsWith("must not contain control, bidi or invisible characters, found U+");
    }

    @ParameterizedTest
    @ValueSource(strings = {"incident over", "Zoë's café fix", "rollback 🔥", "family 👨\u200d👩\u200d👧", "❤\ufe0f", "修复", "INC-2231"})
    void prose_with_accents_and_emoji_is_text(String text) {
        assertThat(HumanText.textProblem(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"INC-2231", "1.4.2+build.7", "Zoë-7", "🔥42", "v2 beta"})
    void visible_tokens_are_accepted(String token) {
        assertThat(HumanText.tokenProblem(token)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"INC\u200b2231", "1.4.2\ufe0f", "\u2066v1\u2069"})
    void tokens_refuse_invisible_characters_anywhere(String token) {
        assertThat(HumanText.tokenProblem(token)).startsWith("must not contain control, bidi or invisible characters");
    }
}
