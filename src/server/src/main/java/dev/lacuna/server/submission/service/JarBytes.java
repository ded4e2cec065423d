package dev.lacuna.server.submission.service;

import dev.lacuna.engine.plugin.JarLimits;
import dev.lacuna.engine.plugin.JarRefusal;
import dev.lacuna.engine.plugin.PluginDescriptor;
import dev.lacuna.engine.plugin.PluginException;
import dev.lacuna.engine.plugin.PluginLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A plugin JAR's bytes and their sha256, read under the engine's size cap, and the check every stored JAR passes:
 * {@link PluginLoader#describe(Path)}, which validates the JAR and reads its manifest without loading a class.
 * Plugin code never runs in the server; it runs only in workers' sandboxes.
 */
record JarBytes(byte[] bytes, String sha256) {

    /** The largest JAR read at all: the engine's limit, so nothing the validator would refuse for size is stored. */
    static final long MAX_BYTES = JarLimits.defaults().maxJarBytes();

    static JarBytes of(byte[] bytes) {
        try {
            return new JarBytes(bytes, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Whether the file is larger than {@link #MAX_BYTES}, asked before reading it. */
    static boolean tooLarge(Path file) {
        try {
            return Files.size(file) > MAX_BYTES;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + file, e);
        }
    }

    static JarBytes read(Path file) {
        try {
            return of(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The submission's id: the first 12 hex digits of the sha256. */
    String submissionId() {
        return sha256.substring(0, 12);
    }

    /**
     * Validates the bytes as a plugin JAR (from a private temporary copy, so the checked file is the stored bytes)
     * and returns what the JAR declares.
     *
     * @throws Refused with the validator's reason, told without the temporary file's path
     */
    PluginDescriptor describe() {
        Path copy = null;
        try {
            copy = Files.createTempFile("lacuna-plugin-", ".jar");
            Files.write(copy, bytes);
            return PluginLoader.describe(copy);
        } catch (JarRefusal e) {
            throw new Refused(reason(e.getMessage(), copy), e.rule(), e.entry());
        } catch (PluginException e) {
            throw new Refused(reason(e.getMessage(), copy), null, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a temporary copy of a plugin JAR", e);
        } finally {
            if (copy != null) {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException ignored) {
                    // a leftover temporary file costs only disk; the answer stands
                }
            }
        }
    }

    /** The validator's message names the file it read; the person who uploaded it knows it by another name. */
    private static String reason(String message, Path copy) {
        String prefix = copy + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /**
     * A JAR the validator refused.
     *
     * @param rule the refusing rule's stable id ({@code path}, {@code services}, ...), null if none was named
     * @param entry the entry the rule is about, or null
     */
    static final class Refused extends RuntimeException {
        private final String rule;
        private final String entry;

        Refused(String reason, String rule, String entry) {
            super(reason);
            this.rule = rule;
            this.entry = entry;
        }

        String rule() {
            return rule;
        }

        String entry() {
            return entry;
        }
    }
}
