package dev.oltpmesh.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A kustomization.yaml of the project: what it applies and which files it makes ConfigMaps of. */
final class Kustomization {

    private Kustomization() {
    }

    static Map<String, Object> read(String folder) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Project.read(folder + "/kustomization.yaml"));
    }

    /** The files of every configMapGenerator, relative to the project; each must exist. */
    static List<String> generatedFrom(String folder) {
        List<String> files = new ArrayList<>();
        for (Object generator : Yamls.list(read(folder).get("configMapGenerator"))) {
            for (Object file : Yamls.list(Yamls.map(generator).get("files"))) {
                files.add(folder + "/" + file);
            }
        }
        return files;
    }

    static List<String> missingFiles(String folder) {
        return generatedFrom(folder).stream().filter(f -> !Files.isRegularFile(Project.file(f))).toList();
    }
}
