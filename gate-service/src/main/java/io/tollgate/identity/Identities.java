package io.tollgate.identity;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.SpoofChecker;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Rules for identity text: who wrote a change, who approved it, who calls the API.
 *
 * <p>Names are NFKC-normalized ({@code ｄａｎａ} is {@code dana}) and must not contain characters a
 * reader cannot see or that reorder what they see: controls (Cc), format characters (Cf, which include
 * the bidi controls and zero-width characters), line and paragraph separators, private-use, surrogate
 * and unassigned code points, and anything with the Unicode property Default_Ignorable_Code_Point
 * (soft hyphen, variation selectors, Hangul fillers, ...).
 *
 * <p>{@link #skeleton} gives the UTS #39 confusable skeleton, case-folded, so that {@code dana},
 * {@code Dana} and {@code dаna} (Cyrillic а) share one skeleton. Different people can share a skeleton
 * ({@code arnie}, {@code amie}); the policy then does not count one's approval for the other's change,
 * which fails safe.
 */
public final class Identities {
    /** Thread-safe once built; only the skeleton, whose data is fixed per ICU version, is used. */
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder().build();

    private Identities() {
    }

    /**
     * Null when {@code name} may be used as an identity, else what is wrong with it (for a 400 or a
     * configuration error that names the field). Does not judge blankness or length.
     */
    public static String problem(String name) {
        int position = 0;
        for (int i = 0; i < name.length(); i += Character.charCount(name.codePointAt(i))) {
            int cp = name.codePointAt(i);
            if (forbidden(cp)) {
                return "must not contain control, bidi or invisible characters, found "
                        + String.format(Locale.ROOT, "U+%04X", cp) + " at character " + position;
            }
            position++;
        }
        return null;
    }

    /** The NFKC form of {@code name} (compatibility characters folded: fullwidth, ligatures, no-break spaces). */
    public static String normalize(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC);
    }

    /**
     * The confusable skeleton of a name for comparing identities: NFKC, surrounding white space
     * removed, then the UTS #39 skeleton case-folded, twice over, so confusables that are listed for one
     * case only ({@code I} looks like {@code l}, {@code Ԁ} like {@code d}) meet whichever case is written.
     * Default-ignorable characters vanish, so an invisible name has the skeleton {@code ""}.
     */
    public static String skeleton(String name) {
        String s = normalize(name).strip();
        for (int pass = 0; pass < 2; pass++) {
            s = UCharacter.foldCase(SPOOF.getSkeleton(s), true);
        }
        return s;
    }

    private static boolean forbidden(int cp) {
        return switch (UCharacter.getType(cp)) {
            case UCharacterCategory.CONTROL, UCharacterCategory.FORMAT, UCharacterCategory.LINE_SEPARATOR,
                 UCharacterCategory.PARAGRAPH_SEPARATOR, UCharacterCategory.PRIVATE_USE, UCharacterCategory.SURROGATE,
                 UCharacterCategory.UNASSIGNED -> true;
            default -> UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT)
                    || UCharacter.hasBinaryProperty(cp, UProperty.BIDI_CONTROL);
        };
    }
}
