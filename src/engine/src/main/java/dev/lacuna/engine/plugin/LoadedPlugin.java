package dev.lacuna.engine.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLClassLoader;

/**
 * A plugin instance with the descriptor of the JAR it came from. Closing it releases the JAR.
 *
 * @param <T> the plugin interface ({@code Localizer} or {@code UnlearningObjective})
 */
public final class LoadedPlugin<T> implements AutoCloseable {

    private final PluginDescriptor descriptor;
    private final T instance;
    private final URLClassLoader classLoader;

    LoadedPlugin(PluginDescriptor descriptor, T instance, URLClassLoader classLoader) {
        this.descriptor = descriptor;
        this.instance = instance;
        this.classLoader = classLoader;
    }

    public PluginDescriptor descriptor() {
        return descriptor;
    }

    public T instance() {
        return instance;
    }

    @Override
    public void close() {
        try {
            classLoader.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close plugin " + descriptor.jar(), e);
        }
    }
}
