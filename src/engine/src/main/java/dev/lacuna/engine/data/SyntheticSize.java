package dev.lacuna.engine.data;

import java.util.List;

/**
 * How large a generated synthetic corpus is. {@link #TINY} is meant to be memorized by a model of about a
 * million parameters on a CPU in minutes (CI and smoke runs); {@link #SMALL} is the CPU default.
 *
 * @param name              short name used on the command line and in testbed ids
 * @param people            number of fictitious individuals
 * @param itemsPerPerson    items rendered per individual (1..{@value SyntheticPiiGenerator#MAX_ITEMS_PER_PERSON})
 * @param forgetFraction    share of individuals whose items form the forget set (at least one person)
 * @param utilityItemsPerSet size of each of the three utility sets
 */
public record SyntheticSize(String name, int people, int itemsPerPerson, double forgetFraction, int utilityItemsPerSet) {

    public static final SyntheticSize TINY = new SyntheticSize("tiny", 40, 5, 0.1, 20);
    public static final SyntheticSize SMALL = new SyntheticSize("small", 300, 8, 0.1, 100);

    public SyntheticSize {
        if (people < 2) {
            throw new IllegalArgumentException("a synthetic corpus needs at least 2 people, got " + people);
        }
        if (itemsPerPerson < 1 || itemsPerPerson > SyntheticPiiGenerator.MAX_ITEMS_PER_PERSON) {
            throw new IllegalArgumentException("items per person must lie in 1.."
                    + SyntheticPiiGenerator.MAX_ITEMS_PER_PERSON + ", got " + itemsPerPerson);
        }
        if (!(forgetFraction > 0 && forgetFraction < 1)) {
            throw new IllegalArgumentException("forget fraction must lie strictly between 0 and 1, got " + forgetFraction);
        }
        if (utilityItemsPerSet < 1) {
            throw new IllegalArgumentException("utility sets need at least one item, got " + utilityItemsPerSet);
        }
    }

    /** Number of individuals in the forget set. */
    public int forgetPeople() {
        return Math.max(1, Math.min(people - 1, (int) Math.round(people * forgetFraction)));
    }

    /** The preset with this name ({@code tiny} or {@code small}). */
    public static SyntheticSize named(String name) {
        for (SyntheticSize size : List.of(TINY, SMALL)) {
            if (size.name.equalsIgnoreCase(name)) {
                return size;
            }
        }
        throw new IllegalArgumentException("unknown synthetic size '" + name + "': expected tiny or small");
    }
}
