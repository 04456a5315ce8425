package dev.oltpmesh.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading a YAML tree without a cast at every step. */
final class Yamls {

    private Yamls() {
    }

    /** The mapping, or an empty one where the node is absent or not a mapping. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return node instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }

    static List<?> list(Object node) {
        return node instanceof List<?> l ? l : List.of();
    }
}
