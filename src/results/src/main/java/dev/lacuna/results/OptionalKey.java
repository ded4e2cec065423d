package dev.lacuna.results;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The schema does not list this key as required: an absent key reads as {@code null}. Written as absent when
 * null, unless the component is also {@link Nullable} (then written as {@code null}, as the harness always has).
 * The harness writes every such key; they are optional so that the schema's first published files stay valid.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface OptionalKey {
}
