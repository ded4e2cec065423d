package dev.lacuna.engine.data.download;

/** A data file could not be downloaded or did not verify; the message says which file and why. */
public final class DownloadException extends RuntimeException {

    public DownloadException(String message) {
        super(message);
    }

    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
