package dev.lacuna.spi;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * The version of this plugin contract, {@code MAJOR.MINOR}, and which plugins a harness of one version runs.
 *
 * <p>A plugin records the version it was compiled against in its manifest ({@link PluginManifest#SPI_VERSION},
 * {@code Lacuna-SPI-Version: 1.0}); the harness refuses a JAR without it, or one built for a version it cannot run,
 * before any of the plugin's code runs. The rule, the usual one for an API that plugins call:
 *
 * <ul>
 *   <li>A <em>minor</em> version only adds: new types, new methods on the interfaces the harness implements
 *       ({@link LocalizationContext}, {@link ModelView}, {@link ObjectiveInputs}, {@link AnswerOutputs}), new
 *       default methods on the ones plugins implement. A plugin built for {@code 1.0} therefore runs unchanged on
 *       a {@code 1.3} harness.</li>
 *   <li>A plugin built for a later minor ({@code 1.4} on a {@code 1.3} harness) may call what that harness does
 *       not have, so it is refused, as is a plugin of another major version: a major version may remove or
 *       change anything. Any change that would break a plugin built for an earlier version, in a type of any
 *       stability label, increments the major version; that is what makes this check sound.</li>
 * </ul>
 *
 * <p>Compatible therefore means: the same major version, and a minor version no later than the harness's.
 *
 * @param major incremented by changes that break plugins built for the previous version
 * @param minor incremented by additions; reset to 0 with each major version
 */
@API(status = STABLE, since = "1.0")
public record SpiVersion(int major, int minor) {

    /**
     * The version of this SPI. Plugin builds write it as {@code Lacuna-SPI-Version}; the parent POM's
     * {@code lacuna.spi.version} and the projects {@code ./lacuna new} writes hold the same value.
     */
    public static final String CURRENT = "1.0";

    private static final Pattern FORM = Pattern.compile("(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})");

    public SpiVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("SPI version numbers cannot be negative: " + major + "." + minor);
        }
    }

    /** The version of the SPI on the class path: {@link #CURRENT}. */
    public static SpiVersion current() {
        return parse(CURRENT);
    }

    /**
     * Reads {@code MAJOR.MINOR}, such as {@code 1.0} (surrounding blanks are ignored).
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static SpiVersion parse(String text) {
        Matcher matcher = FORM.matcher(text == null ? "" : text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an SPI version: expected MAJOR.MINOR, such as "
                    + CURRENT);
        }
        return new SpiVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    }

    /**
     * Whether a harness implementing this version runs a plugin built for {@code plugin}: the same major version
     * and a minor version no later than this one.
     */
    public boolean runs(SpiVersion plugin) {
        return plugin.major == major && plugin.minor <= minor;
    }

    /** The versions whose plugins this version runs, for messages: {@code 1.0} or {@code 1.0 to 1.3}. */
    public String runnableRange() {
        return minor == 0 ? toString() : major + ".0 to " + this;
    }

    /** {@code MAJOR.MINOR}, as written in manifests. */
    @Override
    public String toString() {
        return major + "." + minor;
    }
}
