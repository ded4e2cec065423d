package dev.lacuna.engine.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into the pieces that subword tokens never cross: a run of letters, a single digit, a
 * single other character, each taking at most one preceding space. Digits stay single so that phone
 * numbers, dates and ids are memorized digit by digit instead of as thousands of rare number tokens.
 * Concatenating the pieces gives back the text exactly.
 */
final class PreTokenizer {

    private PreTokenizer() {
    }

    static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            int start = i;
            int cp = text.codePointAt(i);
            if (cp == ' ' && i + 1 < n && !Character.isWhitespace(text.codePointAt(i + 1))) {
                i++;
                cp = text.codePointAt(i);
            }
            i += Character.charCount(cp);
            if (isWordCharacter(cp)) {
                while (i < n) {
                    int next = text.codePointAt(i);
                    if (!isWordCharacter(next)) {
                        break;
                    }
                    i += Character.charCount(next);
                }
            }
            pieces.add(text.substring(start, i));
        }
        return pieces;
    }

    private static boolean isWordCharacter(int cp) {
        if (Character.isLetter(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }
}
