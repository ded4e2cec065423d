package dev.lacuna.engine.plugin;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * One class loader per plugin JAR. The SPI, DJL and the JDK come from the harness (parent first) so the
 * plugin and the harness agree on their types; everything else is looked up in the JAR first, so a
 * plugin's own copy of a library cannot clash with the harness's.
 */
final class PluginClassLoader extends URLClassLoader {

    private static final String[] SHARED_PREFIXES = {"java.", "javax.", "jdk.", "sun.", "dev.lacuna.spi.", "ai.djl."};

    static {
        registerAsParallelCapable();
    }

    PluginClassLoader(URL jar, ClassLoader parent) {
        super("lacuna-plugin", new URL[] {jar}, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isShared(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                try {
                    loaded = findClass(name);
                } catch (ClassNotFoundException notInJar) {
                    loaded = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private static boolean isShared(String className) {
        for (String prefix : SHARED_PREFIXES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
