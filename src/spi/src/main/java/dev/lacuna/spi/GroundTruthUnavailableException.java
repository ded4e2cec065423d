package dev.lacuna.spi;

/**
 * Thrown when a localizer asks for the testbed's ground-truth region without being granted it. Only the
 * harness's Oracle reference may read the ground truth; for any submitted localizer, reading it would
 * make its localization precision meaningless, so the evaluation stops with this error.
 */
public final class GroundTruthUnavailableException extends RuntimeException {

    public GroundTruthUnavailableException(String message) {
        super(message);
    }
}
