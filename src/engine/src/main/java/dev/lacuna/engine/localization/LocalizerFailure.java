package dev.lacuna.engine.localization;

/** A localizer plugin broke the contract (threw, returned bad scores, asked for what it may not have). */
public final class LocalizerFailure extends RuntimeException {

    public LocalizerFailure(String message, Throwable cause) {
        super(message, cause);
    }

    public LocalizerFailure(String message) {
        super(message);
    }
}
