package dev.lacuna.worker.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Drains one output stream of a child on its own thread, keeping at most {@code kept} bytes (the first
 * half and the last half, where the error usually is) and counting the rest, so a plugin that prints
 * without end costs the parent nothing but a counter. Past
 * {@code limit} bytes it calls {@code onLimit} once (the runtime then kills the child). Complete lines can
 * be handed to a listener as they arrive (progress).
 */
final class BoundedOutput implements Runnable {

    private final InputStream in;
    private final long kept;
    private final long limit;
    private final Runnable onLimit;
    private final Consumer<String> lines;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final byte[] tail;
    private long tailWritten;
    private final StringBuilder line = new StringBuilder();
    private long total;
    private boolean overLimit;

    BoundedOutput(InputStream in, long kept, long limit, Runnable onLimit, Consumer<String> lines) {
        this.in = in;
        this.kept = kept;
        this.limit = limit;
        this.onLimit = onLimit;
        this.lines = lines;
        this.tail = new byte[(int) Math.max(0, kept / 2)];
    }

    @Override
    public void run() {
        byte[] chunk = new byte[65536];
        try {
            int n;
            while ((n = in.read(chunk)) > 0) {
                record(chunk, n);
            }
        } catch (IOException ignored) {
            // the child is gone; what was read is what there is
        }
    }

    private synchronized void record(byte[] chunk, int n) {
        int keep = (int) Math.max(0, Math.min(n, (kept - tail.length) - buffer.size()));
        buffer.write(chunk, 0, keep);
        for (int i = keep; i < n && tail.length > 0; i++) {
            tail[(int) (tailWritten++ % tail.length)] = chunk[i];
        }
        total += n;
        if (lines != null) {
            for (int i = 0; i < n; i++) {
                char c = (char) (chunk[i] & 0xff);
                if (c == '\n') {
                    lines.accept(line.toString());
                    line.setLength(0);
                } else if (line.length() < 256) {
                    line.append(c);
                }
            }
        }
        if (total > limit && !overLimit) {
            overLimit = true;
            onLimit.run();
        }
    }

    /** Everything kept, head then tail, in order; all of the output when nothing was dropped. */
    synchronized byte[] kept() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(buffer.toByteArray());
        long tailSize = Math.min(tailWritten, tail.length);
        for (long i = tailWritten - tailSize; i < tailWritten; i++) {
            all.write(tail[(int) (i % tail.length)]);
        }
        return all.toByteArray();
    }

    synchronized long total() {
        return total;
    }

    synchronized long dropped() {
        return total - buffer.size() - Math.min(tailWritten, tail.length);
    }

    synchronized boolean overLimit() {
        return overLimit;
    }

    /** The kept bytes as text. */
    synchronized String text() {
        return new String(kept(), StandardCharsets.UTF_8);
    }
}
