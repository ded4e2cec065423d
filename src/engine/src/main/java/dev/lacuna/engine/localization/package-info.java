/**
 * The harness side of the localizer SPI: the read-only model view a localizer scores through, the context
 * that withholds the ground truth from everyone but the Oracle reference, and the checks on returned scores.
 */
package dev.lacuna.engine.localization;
