package dev.lacuna.server.account.service;

import dev.lacuna.server.account.model.Role;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;
import java.io.PrintStream;

/**
 * {@code ./lacuna admin token create --name N --email E [--role R]}: the server application started without its
 * HTTP listener, creating one token through {@link TokenService} and exiting. The token is the only thing on
 * standard output, so {@code TOKEN=$(./lacuna admin token create ...)} captures it; everything else goes to
 * standard error. Exit status 0 when the token was created, 2 on a usage error or a refused name or e-mail.
 */
public class AdminTokenCreateCommand implements QuarkusApplication {

    /** The server jar's first argument that runs this command instead of the web server. */
    public static final String COMMAND = "admin-token-create";

    /**
     * System property set while this command runs, so start-up work meant for the server (imports, evaluations)
     * can stand aside. Outside the {@code lacuna.} prefix, which the configuration mapping keeps to its own keys.
     */
    public static final String RUNNING = "admin-token-create.running";

    public static final String USAGE = "usage: ./lacuna admin token create --name NAME --email EMAIL [--role submitter|worker|admin]";

    /** The command line, parsed. {@code role} is null when not given: an existing submitter keeps theirs. */
    public record Arguments(String name, String email, Role role) {
    }

    @Inject
    TokenService tokens;

    @Override
    public int run(String... args) {
        return run(System.out, System.err, args);
    }

    /** Runs the command with its output streams given, for tests. */
    public int run(PrintStream out, PrintStream err, String... args) {
        Arguments arguments;
        try {
            arguments = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("lacuna: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        CreatedToken created;
        try {
            created = tokens.create(arguments.name(), arguments.email(), arguments.role());
        } catch (IllegalArgumentException e) {
            err.println("lacuna: " + e.getMessage());
            return 2;
        }
        out.println(created.token());
        out.flush();
        err.println("lacuna: token for " + (created.newSubmitter() ? "new " : "") + "submitter '" + created.name()
                + "' (role " + created.role().label() + "); it is shown only this once and cannot be recovered");
        return 0;
    }

    /**
     * Parses {@code [admin-token-create] --name N --email E [--role R]}: every option once, all values present.
     *
     * @throws IllegalArgumentException naming the option at fault
     */
    public static Arguments parse(String... args) {
        String name = null;
        String email = null;
        Role role = null;
        int i = args.length > 0 && COMMAND.equals(args[0]) ? 1 : 0;
        for (; i < args.length; i += 2) {
            String option = args[i];
            if (!option.equals("--name") && !option.equals("--email") && !option.equals("--role")) {
                throw new IllegalArgumentException("admin token create: unknown option '" + option + "'");
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[i + 1];
            switch (option) {
                case "--name" -> name = once(option, name, value);
                case "--email" -> email = once(option, email, value);
                default -> role = role(once(option, role == null ? null : role.label(), value));
            }
        }
        if (name == null) {
            throw new IllegalArgumentException("admin token create: --name is required");
        }
        if (email == null) {
            throw new IllegalArgumentException("admin token create: --email is required");
        }
        return new Arguments(name, email, role);
    }

    private static Role role(String label) {
        try {
            return Role.fromLabel(label);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--role: " + e.getMessage(), e);
        }
    }

    private static String once(String option, String previous, String value) {
        if (previous != null) {
            throw new IllegalArgumentException(option + " given twice");
        }
        return value;
    }
}
