package dev.oltpmesh.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The fields a Kubernetes model object was given that its kind does not have. fabric8's model keeps
 * them aside (additionalProperties) instead of failing, where the API server would refuse them (a
 * misspelt or misplaced field) or drop them silently; a value of the wrong type lands there too.
 */
final class Strictness {

    private Strictness() {
    }

    static List<String> unknownFields(Object resource) {
        List<String> found = new ArrayList<>();
        walk(resource, "", found);
        return found;
    }

    private static void walk(Object node, String path, List<String> found) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> walk(value, path + "[" + key + "]", found));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class || !getter.getName().startsWith("get")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            String name = getter.getName().substring(3);
            String field = path.isEmpty() ? decapitalize(name) : path + "." + decapitalize(name);
            if (name.equals("AdditionalProperties") && value instanceof Map<?, ?> extra) {
                extra.keySet().forEach(key -> found.add((path.isEmpty() ? "" : path + ".") + key));
            } else {
                walk(value, field, found);
            }
        }
    }

    private static String decapitalize(String name) {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
