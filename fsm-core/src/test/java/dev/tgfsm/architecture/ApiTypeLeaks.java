package dev.tgfsm.architecture;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.Internal;

/**
 * Finds the places where a public API type shows its users a type they should not or cannot use: the
 * type of a public or protected field, a parameter, return or thrown type of a public or protected
 * method or constructor, a superclass or interface, a bound of a type parameter, including the type
 * arguments of all of these as far as reflection reaches them. Public and protected nested types of an
 * API type are API too and are searched the same way. Two kinds of leak are found, each by its own
 * factory: {@linkplain #internal internal types} and {@linkplain #unnameable types a user cannot
 * name}.
 */
final class ApiTypeLeaks {

    private final Function<Class<?>, @Nullable String> judge;

    private final Set<String> leaks = new TreeSet<>();

    private ApiTypeLeaks(Function<Class<?>, @Nullable String> judge) {
        this.judge = judge;
    }

    /**
     * The places where the named API types show an {@link Internal} type: one that carries
     * {@code @Internal} or is nested in a type that does.
     *
     * @param names fully qualified names of the API types
     * @param loader the class loader that holds them
     * @return one line a leak, {@code member -> internal type}, sorted
     */
    static Set<String> internal(Set<String> names, ClassLoader loader) {
        return of(names, loader, type -> isInternal(type) ? "" : null);
    }

    /**
     * The places where the named API types show a type a user outside its package cannot name: a
     * package-private or private type, or one nested in such a type. Such a member compiles and runs,
     * but the user cannot declare a variable of its type, implement or extend it, or catch it by name.
     * A protected nested type counts as nameable, since a subclass may name it.
     *
     * @param names fully qualified names of the API types
     * @param loader the class loader that holds them
     * @return one line a leak, {@code member -> type (package-private)} or {@code (private)}, sorted
     */
    static Set<String> unnameable(Set<String> names, ClassLoader loader) {
        return of(names, loader, ApiTypeLeaks::hiddenAccess);
    }

    private static Set<String> of(Set<String> names, ClassLoader loader, Function<Class<?>, @Nullable String> judge) {
        ApiTypeLeaks finder = new ApiTypeLeaks(judge);
        for (String name : names) {
            try {
                finder.type(Class.forName(name, false, loader));
            }
            catch (ClassNotFoundException ex) {
                throw new IllegalStateException(name, ex);
            }
        }
        return finder.leaks;
    }

    private void type(Class<?> type) {
        String name = type.getName();
        if (type.getGenericSuperclass() != null) {
            check(name + " extends", type.getGenericSuperclass());
        }
        for (Type face : type.getGenericInterfaces()) {
            check(name + " implements", face);
        }
        for (TypeVariable<?> variable : type.getTypeParameters()) {
            check(name + "<" + variable.getName() + ">", variable);
        }
        for (Field field : type.getDeclaredFields()) {
            if (exposed(field.getModifiers()) && !field.isSynthetic()) {
                check(name + "." + field.getName(), field.getGenericType());
            }
        }
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (exposed(constructor.getModifiers()) && !constructor.isSynthetic()) {
                executable(name + ".<init>", constructor);
            }
        }
        for (Method method : type.getDeclaredMethods()) {
            if (exposed(method.getModifiers()) && !method.isSynthetic() && !method.isBridge()) {
                executable(name + "." + method.getName(), method);
                check(name + "." + method.getName() + " returns", method.getGenericReturnType());
            }
        }
        for (Class<?> nested : type.getDeclaredClasses()) {
            if (exposed(nested.getModifiers()) && !isInternal(nested)) {
                type(nested);
            }
        }
    }

    private void executable(String member, Executable executable) {
        for (TypeVariable<?> variable : executable.getTypeParameters()) {
            check(member + "<" + variable.getName() + ">", variable);
        }
        for (Type parameter : executable.getGenericParameterTypes()) {
            check(member + " parameter", parameter);
        }
        for (Type thrown : executable.getGenericExceptionTypes()) {
            check(member + " throws", thrown);
        }
    }

    private void check(String member, Type type) {
        Set<Type> seen = new HashSet<>();
        visit(member, type, seen);
    }

    private void visit(String member, Type type, Set<Type> seen) {
        if (!seen.add(type)) {
            return;
        }
        if (type instanceof Class<?> plain) {
            Class<?> element = plain;
            while (element.isArray()) {
                element = element.getComponentType();
            }
            String verdict = this.judge.apply(element);
            if (verdict != null) {
                this.leaks.add(member + " -> " + element.getName() + verdict);
            }
        }
        else if (type instanceof ParameterizedType parameterized) {
            visit(member, parameterized.getRawType(), seen);
            for (Type argument : parameterized.getActualTypeArguments()) {
                visit(member, argument, seen);
            }
        }
        else if (type instanceof GenericArrayType array) {
            visit(member, array.getGenericComponentType(), seen);
        }
        else if (type instanceof WildcardType wildcard) {
            for (Type bound : wildcard.getUpperBounds()) {
                visit(member, bound, seen);
            }
            for (Type bound : wildcard.getLowerBounds()) {
                visit(member, bound, seen);
            }
        }
        else if (type instanceof TypeVariable<?> variable) {
            for (Type bound : variable.getBounds()) {
                visit(member, bound, seen);
            }
        }
        else {
            throw new IllegalStateException("Unknown kind of type: " + type);
        }
    }

    private static boolean exposed(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static boolean isInternal(Class<?> type) {
        for (Class<?> at = type; at != null; at = at.getEnclosingClass()) {
            if (at.isAnnotationPresent(Internal.class)) {
                return true;
            }
        }
        return false;
    }

    private static @Nullable String hiddenAccess(Class<?> type) {
        if (type.isPrimitive()) {
            return null;
        }
        for (Class<?> at = type; at != null; at = at.getEnclosingClass()) {
            int modifiers = at.getModifiers();
            if (Modifier.isPrivate(modifiers)) {
                return " (private)";
            }
            if (!exposed(modifiers)) {
                return " (package-private)";
            }
        }
        return null;
    }
}
