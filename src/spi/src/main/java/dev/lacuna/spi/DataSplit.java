package dev.lacuna.spi;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** The two sides of a testbed a localizer may run the model on. */
@API(status = STABLE, since = "1.0")
public enum DataSplit {
    /** The items that were injected into the ground-truth region and must be unlearned. */
    FORGET,
    /** The items the model must keep knowing. */
    RETAIN
}
