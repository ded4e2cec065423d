/**
 * Attacks on an unlearned model that test whether erased knowledge resurfaces (DESIGN 5, "Resurfacing"): weight
 * quantization so far; the relearning fine-tune and the scenarios that apply them belong to the LACUNA track.
 */
package dev.lacuna.engine.attack;
