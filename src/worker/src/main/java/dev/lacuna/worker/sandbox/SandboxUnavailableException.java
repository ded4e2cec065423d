package dev.lacuna.worker.sandbox;

/** Sandboxed evaluation cannot start on this host; the message says what is missing and how to install it. */
public final class SandboxUnavailableException extends RuntimeException {

    public SandboxUnavailableException(String message) {
        super(message);
    }
}
