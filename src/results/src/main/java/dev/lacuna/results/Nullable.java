package dev.lacuna.results;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The schema allows JSON {@code null} here (a {@code "type": [..., "null"]} or a {@code oneOf} with null): the
 * value is read and written as {@code null}. On a record component or on a list's element type
 * ({@code List<@Nullable Double>}). Everything not marked is refused when null.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE_USE)
public @interface Nullable {
}
