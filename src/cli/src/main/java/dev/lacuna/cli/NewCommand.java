package dev.lacuna.cli;

import dev.lacuna.spi.Localizer;
import dev.lacuna.spi.PluginKind;
import dev.lacuna.spi.SpiVersion;
import dev.lacuna.spi.UnlearningObjective;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lacuna new objective|localizer NAME [--dir DIR]}: writes a standalone plugin project (no parent POM) that
 * builds with {@code mvn package} against an installed {@code dev.lacuna:lacuna-spi}: a pom pinning the versions
 * of this build (so it builds offline from a local repository this reactor filled), a simple, correct plugin
 * (gradient ascent, or a gradient-magnitude localizer), a unit test and a JAR check on {@code lacuna-spi-testkit},
 * the services entry, and {@code submission.yaml}. The templates are {@code scaffold/*.template} next to this class;
 * the versions come from {@code scaffold-versions.properties}, which the build writes from the parent POM.
 */
@Command(name = "new", mixinStandardHelpOptions = true,
        description = {"Create a plugin project: pom.xml (standalone, builds with 'mvn package' once lacuna-spi is installed), "
                + "a working objective (gradient ascent) or localizer (gradient magnitude) to start from, its tests on "
                + "lacuna-spi-testkit, the services entry and submission.yaml. Refuses a bad NAME or a non-empty target "
                + "folder (exit 2)."})
final class NewCommand implements Callable<Integer> {

    /** The plugin's first version: Lacuna-Plugin-Version, and the JAR's name {@code NAME-VERSION.jar}. */
    static final String PLUGIN_VERSION = "1.0.0";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final int MAX_NAME = 64;
    private static final String DEFAULT_AUTHORS = "Your Name <you@example.org>";

    /** Simple names the generated sources use or import: a plugin class of one of these names would not compile. */
    private static final Set<String> TAKEN = Set.of("ActivationVisitor", "AnswerOutputs", "Constants", "DataSplit",
            "GradientLoss", "LocalizationContext", "Localizer", "ModelShape", "ModelView", "ObjectiveInputs",
            "ObjectiveRequirements", "PluginKind", "PluginManifest", "SpiVersion", "UnlearningObjective",
            "ValueVectorGradients", "NDArray", "NDManager", "Test", "PluginJar", "PluginChecks", "FakeModel",
            "FakeLocalizationContext", "FakeAnswerOutputs", "FakeObjectiveInputs", "Boolean", "Double", "Float",
            "Integer", "Math", "Object", "Override", "String", "System");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "objective|localizer", description = "The kind of plugin.")
    String kind;

    @Parameters(index = "1", paramLabel = "NAME",
            description = "Lower-case letters, digits and single hyphens, starting with a letter (my-objective): the artifact "
                    + "id, Lacuna-Plugin-Name and the JAR's name.")
    String name;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where to create the project (default ./NAME); it must not exist or be empty. Inside submissions/ "
                    + "for a pull request, or anywhere.")
    Path dir;

    @Option(names = "--package", paramLabel = "PACKAGE",
            description = "Java package and Maven group id (default org.example.NAME without hyphens).")
    String javaPackage;

    @Option(names = "--author", paramLabel = "'NAME <EMAIL>'",
            description = "Lacuna-Plugin-Authors, shown on the board (default '" + DEFAULT_AUTHORS + "': change it in pom.xml "
                    + "and submission.yaml).")
    String authors;

    @Override
    public Integer call() {
        PluginKind pluginKind = kind();
        checkName();
        String className = className(name);
        String pkg = javaPackage == null ? "org.example." + packageSegment(name) : javaPackage.strip();
        if (!SourceVersion.isName(pkg)) {
            throw usage("--package must be a Java package name such as org.example.myobjective, got '" + pkg + "'");
        }
        String author = authors == null ? DEFAULT_AUTHORS : authors.strip();
        if (author.isEmpty() || author.chars().anyMatch(Character::isISOControl)) {
            throw usage("--author must be one non-empty line, such as 'Jane Doe <jane@example.org>'");
        }
        Path target = (dir == null ? Path.of(name) : dir).toAbsolutePath().normalize();
        checkTarget(target);

        Map<String, String> values = values(pluginKind, className, pkg, author);
        Map<String, String> files = new LinkedHashMap<>();
        String packagePath = pkg.replace('.', '/');
        String label = pluginKind.label();
        files.put("pom.xml", render("pom.xml.template", values));
        files.put("src/main/java/" + packagePath + "/" + className + ".java", render(label + ".java.template", values));
        files.put("src/main/resources/META-INF/services/" + pluginInterface(pluginKind).getName(), pkg + "." + className + "\n");
        files.put("src/test/java/" + packagePath + "/" + className + "Test.java", render(label + "-test.java.template", values));
        files.put("src/test/java/" + packagePath + "/" + className + "JarIT.java", render("jar-it.java.template", values));
        files.put("submission.yaml", render("submission.yaml.template", values));
        files.put("README.md", render("README.md.template", values));
        files.put(".gitignore", render("gitignore.template", values));
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = target.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the project under " + target + ": " + e.getMessage(), e);
        }

        PrintWriter out = spec.commandLine().getOut();
        String jar = "target/" + name + "-" + PLUGIN_VERSION + ".jar";
        out.println("created " + label + " plugin project " + name + " in " + target + ":");
        files.keySet().forEach(file -> out.println("  " + file));
        out.println("next (docs/submitting.md is the guide):");
        out.println("  ./mvnw install -pl src/spi,src/spi-testkit -am    # once, in the Lacuna Bench clone: lacuna-spi "
                + values.get("lacunaVersion"));
        out.println("  (cd " + target + " && mvn package)    # compile, test, build and check " + jar);
        out.println("  ./lacuna validate " + target.resolve(jar));
        out.println("  ./lacuna evaluate --plugin " + target.resolve(jar) + " --testbed synthetic/tiny --seeds 7 --out result.json");
        if (authors == null) {
            out.println("set your name: lacuna.plugin.authors in pom.xml, authors in submission.yaml");
        }
        out.flush();
        return 0;
    }

    private PluginKind kind() {
        try {
            return PluginKind.fromLabel(kind);
        } catch (IllegalArgumentException e) {
            throw usage("the kind must be 'objective' or 'localizer', got '" + kind + "'");
        }
    }

    private void checkName() {
        if (name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
            throw usage("NAME must be lower-case letters, digits and single hyphens, starting with a letter and at most "
                    + MAX_NAME + " characters (such as my-objective): it becomes the artifact id, Lacuna-Plugin-Name and the "
                    + "JAR's name; got '" + name + "'");
        }
    }

    private void checkTarget(Path target) {
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw usage(target + " exists and is not a folder; choose another --dir");
        }
        if (Files.isDirectory(target)) {
            try (Stream<Path> entries = Files.list(target)) {
                if (entries.findAny().isPresent()) {
                    throw usage(target + " exists and is not empty; choose another --dir (or NAME), or remove it");
                }
            } catch (IOException e) {
                throw usage(target + " cannot be read (" + e.getMessage() + "); choose another --dir");
            }
        }
    }

    private Map<String, String> values(PluginKind pluginKind, String className, String pkg, String author) {
        Properties versions = ScaffoldVersions.load();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", name);
        values.put("kind", pluginKind.label());
        values.put("class", className);
        values.put("package", pkg);
        values.put("groupId", pkg);
        values.put("version", PLUGIN_VERSION);
        values.put("authors", author);
        values.put("interface", pluginInterface(pluginKind).getSimpleName());
        values.put("kindConstant", pluginKind.name());
        values.put("aKind", pluginKind == PluginKind.OBJECTIVE ? "AnObjective" : "ALocalizer");
        values.put("options", pluginKind == PluginKind.OBJECTIVE ? "  length_normalize: \"false\"" : "  retain_weight: \"0\"");
        values.put("lacunaVersion", versions.getProperty("lacuna.version"));
        // the constant, not the build's property: SpiVersionTest holds the two equal
        values.put("spiVersion", SpiVersion.CURRENT);
        values.put("junitVersion", versions.getProperty("junit.version"));
        values.put("compilerPluginVersion", versions.getProperty("compiler-plugin.version"));
        values.put("resourcesPluginVersion", versions.getProperty("resources-plugin.version"));
        values.put("surefireVersion", versions.getProperty("surefire.version"));
        values.put("jarPluginVersion", versions.getProperty("jar-plugin.version"));
        values.put("installPluginVersion", versions.getProperty("install-plugin.version"));
        return values;
    }

    /** Fills a template's {@code {{key}}} placeholders, escaping values for the file's syntax. */
    private static String render(String template, Map<String, String> values) {
        String text;
        try (InputStream in = NewCommand.class.getResourceAsStream("scaffold/" + template)) {
            if (in == null) {
                throw new IllegalStateException("the scaffold template " + template + " is missing from the command line's JAR");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher matcher = Pattern.compile("\\{\\{(\\w+)}}").matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException("template " + template + " names an unknown value " + matcher.group());
            }
            if (template.endsWith(".xml.template")) {
                value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
            } else if (template.endsWith(".yaml.template") && matcher.group(1).equals("authors")) {
                value = value.replace("\\", "\\\\").replace("\"", "\\\"");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** {@code my-objective} to {@code MyObjective}; a name the sources already use gets {@code Plugin} appended. */
    static String className(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.split("-")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        String className = out.toString();
        return TAKEN.contains(className) ? className + "Plugin" : className;
    }

    /** {@code my-objective} to {@code myobjective}, a valid package segment (a Java keyword gets {@code _} appended). */
    static String packageSegment(String name) {
        String segment = name.replace("-", "");
        return SourceVersion.isKeyword(segment) ? segment + "_" : segment;
    }

    private static Class<?> pluginInterface(PluginKind kind) {
        return kind == PluginKind.OBJECTIVE ? UnlearningObjective.class : Localizer.class;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** The versions the build wrote into {@code scaffold-versions.properties}. */
    static final class ScaffoldVersions {

        private static final List<String> KEYS = List.of("lacuna.version", "junit.version",
                "compiler-plugin.version", "resources-plugin.version", "surefire.version", "jar-plugin.version",
                "install-plugin.version");

        private ScaffoldVersions() {
        }

        static Properties load() {
            Properties versions = new Properties();
            try (InputStream in = NewCommand.class.getResourceAsStream("scaffold-versions.properties")) {
                if (in == null) {
                    throw new IllegalStateException("scaffold-versions.properties is missing from the command line's JAR; "
                            + "rebuild it with './lacuna build'");
                }
                versions.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> unset = new ArrayList<>();
            for (String key : KEYS) {
                String value = versions.getProperty(key);
                if (value == null || value.isBlank() || value.contains("${")) {
                    unset.add(key);
                }
            }
            if (!unset.isEmpty()) {
                throw new IllegalStateException("scaffold-versions.properties was not filled in by the build ("
                        + String.join(", ", unset) + "); rebuild the command line with './lacuna build'");
            }
            return versions;
        }
    }
}
