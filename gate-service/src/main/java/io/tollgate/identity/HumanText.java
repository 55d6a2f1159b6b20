package io.tollgate.identity;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.lang.UProperty;
import java.util.Locale;

/**
 * Rules for the text a person must supply: a reason, a ticket, a version. "Required" means a reader sees
 * something: {@code "\u200b"} (zero-width space) or a lone variation selector is as empty as {@code ""}.
 *
 * <p>Two strengths. {@link #textProblem} is for prose (reasons): controls (C0, C1, including tab and
 * newline), bidi controls (which reorder what an audit reader sees) and line/paragraph separators are
 * refused; other format characters (the zero-width joiner of an emoji sequence) and variation selectors may
 * appear, but something other than them and white space must remain. {@link #tokenProblem} is for
 * identifiers (tickets, versions, commits): the identity rules of {@link Identities#problem}, which refuse
 * every invisible character, plus the same "something visible" requirement.
 *
 * <p>The policies repeat the "something visible" test for the override ticket ({@code has_ticket} in
 * policies/tollgate/override/permission.rego), so an input sent to the OPA server directly is judged alike.
 */
public final class HumanText {
    /** U+2800 renders as nothing but is a symbol (So), not white space. */
    private static final int BRAILLE_BLANK = 0x2800;

    private HumanText() {
    }

    /** Null when {@code text} is acceptable prose, else what is wrong with it (for a 400 naming the field). */
    public static String textProblem(String text) {
        int position = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            int cp = text.codePointAt(i);
            if (refusedInProse(cp)) {
                return "must not contain control, bidi or line separator characters, found "
                        + String.format(Locale.ROOT, "U+%04X", cp) + " at character " + position;
            }
            position++;
        }
        return visible(text) ? null : "must contain visible text (white space and invisible characters do not count)";
    }

    /** Null when {@code token} is an acceptable identifier (ticket, version), else what is wrong with it. */
    public static String tokenProblem(String token) {
        String problem = Identities.problem(token);
        if (problem != null) {
            return problem;
        }
        return visible(token) ? null : "must contain visible text (white space and invisible characters do not count)";
    }

    /** Whether a reader sees anything: some code point that is not white space, a control or invisible. */
    public static boolean visible(String text) {
        return text.codePoints().anyMatch(cp -> !invisible(cp));
    }

    /** The policy's visible_text (override/permission.rego) spells the same classes as a regex. */
    private static boolean invisible(int cp) {
        return cp == BRAILLE_BLANK || Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || UCharacter.hasBinaryProperty(cp, UProperty.WHITE_SPACE)
                || UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT)
                || UCharacter.hasBinaryProperty(cp, UProperty.VARIATION_SELECTOR)
                || switch (UCharacter.getType(cp)) {
                    case UCharacterCategory.CONTROL, UCharacterCategory.FORMAT, UCharacterCategory.UNASSIGNED,
                         UCharacterCategory.SURROGATE, UCharacterCategory.PRIVATE_USE -> true;
                    default -> false;
                };
    }

    private static boolean refusedInProse(int cp) {
        return switch (UCharacter.getType(cp)) {
            case UCharacterCategory.CONTROL, UCharacterCategory.LINE_SEPARATOR, UCharacterCategory.PARAGRAPH_SEPARATOR,
                 UCharacterCategory.SURROGATE -> true;
            default -> UCharacter.hasBinaryProperty(cp, UProperty.BIDI_CONTROL);
        };
    }
}
