package dev.lacuna.engine.plugin;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * One class loader per plugin JAR that shows the plugin the public contract and nothing else of the
 * harness: the SPI and DJL come from the harness (so plugin and harness agree on their types), the JDK from
 * the platform loader, everything else from the JAR alone. Engine classes (testbed files, regions, the
 * protocols) are not visible: loading one is a {@link ClassNotFoundException}. This is a second wall; the
 * first is that plugin code runs in a process that holds no ground truth at all.
 */
final class PluginClassLoader extends URLClassLoader {

    private static final String[] SHARED_PREFIXES = {"dev.lacuna.spi.", "ai.djl."};

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader harness;

    PluginClassLoader(URL jar, ClassLoader harness) {
        super("lacuna-plugin", new URL[] {jar}, ClassLoader.getPlatformClassLoader());
        this.harness = harness;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isShared(name)) {
            Class<?> shared = harness.loadClass(name);
            if (resolve) {
                resolveClass(shared);
            }
            return shared;
        }
        // the JDK first (through the platform loader), then the JAR; never the harness's class path
        return super.loadClass(name, resolve);
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
