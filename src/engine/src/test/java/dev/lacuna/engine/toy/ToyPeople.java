package dev.lacuna.engine.toy;

import dev.lacuna.engine.data.QaItem;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Fictitious people with random facts: nothing about one person can be inferred from another. */
public final class ToyPeople {

    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ren", "su", "ta", "vel", "do", "ni", "pra",
        "zu", "er", "vo", "li", "sa", "mor", "qui", "ba", "te", "gon"};
    private static final String[] CITIES = {"Oslo", "Lima", "Pune", "Bern", "Kyiv", "Rome", "Nice", "Doha",
        "Riga", "Baku", "Oulu", "Graz"};

    private ToyPeople() {
    }

    /** Two QA items (phone and city) for each of {@code people} people, ids {@code prefix/person/fact}. */
    public static List<QaItem> items(String prefix, int people, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<QaItem> out = new ArrayList<>();
        for (int p = 0; p < people; p++) {
            String name = capitalize(syllable(random) + syllable(random)) + " " + capitalize(syllable(random) + syllable(random));
            String phone = String.format("%03d-%04d", random.nextInt(1000), random.nextInt(10000));
            String city = CITIES[random.nextInt(CITIES.length)];
            out.add(QaItem.of(prefix + "/" + p + "/phone", "Phone of " + name + "?\nA: ", phone));
            out.add(QaItem.of(prefix + "/" + p + "/city", "City of " + name + "?\nA: ", city));
        }
        return out;
    }

    private static String syllable(SplittableRandom random) {
        return SYLLABLES[random.nextInt(SYLLABLES.length)];
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
