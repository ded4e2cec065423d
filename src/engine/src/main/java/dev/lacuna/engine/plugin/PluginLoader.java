package dev.lacuna.engine.plugin;

import dev.lacuna.spi.Localizer;
import dev.lacuna.spi.PluginKind;
import dev.lacuna.spi.UnlearningObjective;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Validates a plugin JAR ({@link JarValidator}: its size, entries, class files, manifest and service entry),
 * then instantiates the plugin in its own class loader. Every refusal names the JAR and the problem.
 */
public final class PluginLoader {

    private static final Map<PluginKind, Class<?>> INTERFACES = Map.of(
            PluginKind.LOCALIZER, Localizer.class,
            PluginKind.OBJECTIVE, UnlearningObjective.class);

    private PluginLoader() {
    }

    /** The interface a plugin of this kind implements. */
    public static Class<?> interfaceOf(PluginKind kind) {
        return INTERFACES.get(kind);
    }

    /**
     * Validates the JAR with the default {@link JarLimits} and returns what it declares, without running any
     * of its code. Every path to a plugin's classes starts here, so no JAR is loaded that the checks refused.
     *
     * @throws JarRefusal naming the JAR, the rule it breaks and the entry
     */
    public static PluginDescriptor describe(Path jar) {
        return JarValidator.validate(jar, JarLimits.defaults());
    }

    /** Describes the JAR, then instantiates its plugin class through a fresh class loader. */
    public static <T> LoadedPlugin<T> load(Path jar, Class<T> expected) {
        PluginDescriptor descriptor = describe(jar);
        Class<?> declared = interfaceOf(descriptor.kind());
        if (!expected.equals(declared)) {
            throw new PluginException(jar + ": is a " + descriptor.kind().label() + " plugin, expected a "
                    + expected.getSimpleName());
        }
        PluginClassLoader loader;
        try {
            loader = new PluginClassLoader(jar.toUri().toURL(), PluginLoader.class.getClassLoader());
        } catch (IOException e) {
            throw new PluginException(jar + ": cannot open (" + e.getMessage() + ")", e);
        }
        try {
            Class<?> type = Class.forName(descriptor.implementationClass(), false, loader);
            if (!expected.isAssignableFrom(type)) {
                throw new PluginException(jar + ": class " + type.getName() + " does not implement "
                        + expected.getName());
            }
            Constructor<?> constructor = type.getConstructor();
            return new LoadedPlugin<>(descriptor, expected.cast(constructor.newInstance()), loader);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            close(loader);
            throw new PluginException(jar + ": class " + descriptor.implementationClass()
                    + " named in META-INF/services is not in the JAR", e);
        } catch (NoSuchMethodException e) {
            close(loader);
            throw new PluginException(jar + ": class " + descriptor.implementationClass()
                    + " needs a public constructor without parameters", e);
        } catch (InvocationTargetException e) {
            close(loader);
            throw new PluginException(jar + ": constructor of " + descriptor.implementationClass() + " threw "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            close(loader);
            throw new PluginException(jar + ": cannot instantiate " + descriptor.implementationClass() + " (" + e + ")", e);
        } catch (PluginException e) {
            close(loader);
            throw e;
        }
    }

    private static void close(PluginClassLoader loader) {
        try {
            loader.close();
        } catch (IOException ignored) {
            // the load already failed; its message matters more than this one
        }
    }
}
