package dev.lacuna.spi;

/** The two sides of a testbed a localizer may run the model on. */
public enum DataSplit {
    /** The items that were injected into the ground-truth region and must be unlearned. */
    FORGET,
    /** The items the model must keep knowing. */
    RETAIN
}
