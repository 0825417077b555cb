package dev.addrspace.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Optional companion of {@link AddressSpace} on the enum type itself: chooses the name of the class the
 * processor generates for the enum. Without it the name is the enum's simple name followed by
 * {@code Slots}, with the names of enclosing types joined by {@code _} before it for a nested enum
 * ({@code Outer.Inner} gives {@code Outer_InnerSlots}). The class is generated in the enum's package.
 *
 * <p>Rejected at compile time: this annotation on anything but an enum, a {@link #className()} that is
 * not a simple Java identifier, the name {@code Roots} (the generated class's nested init entry point) or
 * that of a {@code java.lang} type the generated classes name ({@code String}, {@code IllegalStateException},
 * {@code NullPointerException}, {@code IndexOutOfBoundsException}), and a name that an existing type in the
 * package already has. An enum that the generated class would have to name qualified where it cannot (a
 * top-level type {@code Roots} in the unnamed package, or in a package whose first segment is a variable of
 * the generated code, such as {@code roots}) is rejected too.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface AddressSpaces {

    /**
     * The simple name of the generated class, in the enum's package.
     *
     * @return a simple Java identifier, or empty for the default name
     */
    String className() default "";
}
