package io.capsulemq.broker.remoting.protocol;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/** The names of a constants class's public static int fields by value, for log lines. */
final class CodeNames {
    private final Map<Integer, String> names = new HashMap<>();

    CodeNames(Class<?> constants) {
        for (Field field : constants.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                try {
                    names.putIfAbsent(field.getInt(null), field.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read " + field, e);
                }
            }
        }
    }

    /** The name of {@code code}, or the number itself when no constant has it. */
    String nameOf(int code) {
        String name = names.get(code);
        return name == null ? Integer.toString(code) : name;
    }
}
