package io.tollgate.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * <p>Two names are the same person when their confusable skeletons (UTS #39) match. The skeleton of a
 * name depends on its case ({@code I} is listed as a look-alike of {@code l}, {@code i} is not; Greek
 * {@code Κ} of {@code k}, Greek {@code κ} is not), so each name has two case-insensitive skeletons:
 * {@link #skeleton} of its upper-case form and {@link #foldedSkeleton} of its case-folded form. Names match
 * when either pair matches ({@link #samePerson}; the policies' {@code same_person}, identity.rego, is the
 * same test): {@code kim}, {@code KIM}, {@code Kim}, {@code kіm} (Cyrillic і) and {@code ΚΙΜ} (Greek)
 * are one person. Different people can match ({@code arnie}, {@code amie}); the policy then does not
 * count one's approval for the other's change, which fails safe.
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
     * The upper-case skeleton of a name: NFKC, surrounding white space removed, upper-cased, then the
     * UTS #39 skeleton case-folded until it no longer changes (at most three passes), so confusables listed
     * for capitals ({@code I} looks like {@code l}, {@code Ԁ} like {@code d}) meet whichever case is written.
     * Default-ignorable characters vanish, so an invisible name has the skeleton {@code ""}.
     */
    public static String skeleton(String name) {
        return skeletonOf(UCharacter.toUpperCase(Locale.ROOT, normalize(name).strip()));
    }

    /**
     * The case-folded skeleton of a name: as {@link #skeleton}, but of the full case folding, so confusables
     * listed for small letters ({@code і} looks like {@code i}, {@code m} like {@code rn}) meet whichever case
     * is written: {@code kim}, {@code KIM} and {@code kіm} all have {@code kirn}.
     */
    public static String foldedSkeleton(String name) {
        return skeletonOf(UCharacter.foldCase(normalize(name).strip(), true));
    }

    /**
     * Whether two names are the same person for the gate's rules (self-approval, overriding one's own change):
     * either of their skeletons match, and neither is empty.
     */
    public static boolean samePerson(String a, String b) {
        String upper = skeleton(a);
        String folded = foldedSkeleton(a);
        return (!upper.isEmpty() && upper.equals(skeleton(b))) || (!folded.isEmpty() && folded.equals(foldedSkeleton(b)));
    }

    /**
     * Writes the two skeletons of {@code name} into a policy input object as {@code <prefix>Skeleton} and
     * {@code <prefix>FoldedSkeleton} (e.g. {@code authorSkeleton}, {@code authorFoldedSkeleton}): every identity
     * the policies compare is written here, so they all compare alike.
     */
    public static void putSkeletons(ObjectNode node, String prefix, String name) {
        node.put(prefix + "Skeleton", skeleton(name));
        node.put(prefix + "FoldedSkeleton", foldedSkeleton(name));
    }

    private static String skeletonOf(String s) {
        for (int pass = 0; pass < 3; pass++) {
            String next = UCharacter.foldCase(SPOOF.getSkeleton(s), true);
            if (next.equals(s)) {
                return next;
            }
            s = next;
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
