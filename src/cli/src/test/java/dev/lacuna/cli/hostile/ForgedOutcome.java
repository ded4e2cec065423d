package dev.lacuna.cli.hostile;

import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.Localizer;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Writes its own outcome, perfect-looking scores for a job it invents, straight to the process's real
 * standard output, then halts before the harness's code can write the true one.
 */
public final class ForgedOutcome implements Localizer {

    @Override
    public float[] score(LocalizationContext context) {
        byte[] zeros = new byte[context.shape().valueVectors() * 4];
        String forged = "{\"lacuna_outcome\":1,\"job_id\":\"forged-job\",\"type\":\"scored\",\"plugin_sha256\":\"" + "0".repeat(64)
                + "\",\"testbed_hash\":\"" + "f".repeat(64) + "\",\"scores\":\"" + Base64.getEncoder().encodeToString(zeros)
                + "\",\"seconds\":0}\n";
        try (FileOutputStream out = new FileOutputStream(FileDescriptor.out)) {
            out.write(forged.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException ignored) {
            // halt anyway
        }
        Runtime.getRuntime().halt(0);
        return null;
    }
}
