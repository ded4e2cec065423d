package dev.lacuna.cli.hostile;

import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.Localizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Connects to 127.0.0.1 on the port it is given (where the harness's server would listen). */
public final class SocketToHarness implements Localizer {

    @Override
    public float[] score(LocalizationContext context) {
        int port = Integer.parseInt(context.option("port", "8080"));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.getOutputStream().write("stolen".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            throw new IllegalStateException("connected to the harness on port " + port);
        } catch (IOException e) {
            throw new UncheckedIOException("socket to 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }
}
