package io.tollgate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Identity hygiene: which names are refused, and which names share a skeleton. */
class IdentitiesTest {

    @ParameterizedTest
    @ValueSource(strings = {"dana\u200b", "\u200b", "\u202eanad", "\u2066dana\u2069", "da\u00adna", "dana\ufe0f",
        "\u3164", "lee\u0007", "lee\n", "dana\u2028", "\ue000", "\u061cdana", "\u200ddana", "\ufeffdana"})
    void refuses_control_bidi_and_invisible_characters(String name) {
        assertThat(Identities.problem(name)).startsWith("must not contain control, bidi or invisible characters, found U+");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dana", "Dana Scully", "d\u0430na", "Zo\u00eb", "\u5f20\u4f1f", "ｄａｎａ", "o'brien", "lee@example.com"})
    void accepts_visible_names(String name) {
        assertThat(Identities.problem(name)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dana", "Dana", "DANA", " dana ", "d\u0430na", "D\u0410NA", "ｄａｎａ", "\u0501ana", "dana\u200b"})
    void look_alikes_share_the_skeleton_of_dana(String name) {
        assertThat(Identities.skeleton(name)).isEqualTo("dana");
    }

    @Test
    void confusables_listed_for_one_case_meet_either_case() {
        assertThat(Identities.skeleton("Iee")).isEqualTo(Identities.skeleton("lee"));
        assertThat(Identities.skeleton("\u0500ANA")).isEqualTo("dana");
        assertThat(Identities.skeleton("d0na")).isEqualTo(Identities.skeleton("dona"));
    }

    @Test
    void different_people_keep_different_skeletons_and_invisible_names_have_none() {
        assertThat(Identities.skeleton("lee")).isNotEqualTo(Identities.skeleton("dana"));
        assertThat(Identities.skeleton("\u200b")).isEmpty();
    }

    @Test
    void normalizes_to_nfkc() {
        assertThat(Identities.normalize("ｄａｎａ")).isEqualTo("dana");
        assertThat(Identities.normalize("\ufb01ona")).isEqualTo("fiona");
    }

    /** The review's case: "kim" and "KIM" had the skeletons kirn and klrn (UTS #39 lists I, not i, as a look-alike of l). */
    @ParameterizedTest
    @ValueSource(strings = {"KIM", "Kim", "kIm", " kim ", "k\u0456m", "K\u0406M", "\u039a\u0399\u039c", "ｋｉｍ"})
    void case_and_look_alike_variants_of_kim_are_kim(String name) {
        assertThat(Identities.samePerson("kim", name)).isTrue();
        assertThat(Identities.samePerson(name, "kim")).isTrue();
    }

    @Test
    void both_skeletons_ignore_case() {
        assertThat(Identities.skeleton("KIM")).isEqualTo(Identities.skeleton("kim"));
        assertThat(Identities.foldedSkeleton("KIM")).isEqualTo(Identities.foldedSkeleton("kim")).isEqualTo("kirn");
        assertThat(Identities.foldedSkeleton("k\u0456m")).isEqualTo("kirn");
        assertThat(Identities.skeleton("release-manager-kim")).isEqualTo(Identities.skeleton("RELEASE-MANAGER-KIM"));
    }

    @Test
    void different_people_and_invisible_names_are_not_the_same_person() {
        assertThat(Identities.samePerson("kim", "lee")).isFalse();
        assertThat(Identities.samePerson("dana", "diana")).isFalse();
        assertThat(Identities.samePerson("\u200b", "\u2060")).isFalse();
        assertThat(Identities.foldedSkeleton("\u200b")).isEmpty();
    }
}
