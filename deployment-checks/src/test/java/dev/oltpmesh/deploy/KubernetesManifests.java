package dev.oltpmesh.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The resources a kustomization applies, each read as its Kubernetes kind by fabric8's model; a
 * document of a kind the model does not know is an error, so is a field its kind does not have.
 */
record KubernetesManifests(List<HasMetadata> resources, List<String> problems) {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What {@code kubectl apply -k <folder>} applies, the folder relative to the project. */
    static KubernetesManifests ofKustomization(String folder) {
        Map<String, Object> kustomization = Kustomization.read(folder);
        List<HasMetadata> resources = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Object resource : Yamls.list(kustomization.get("resources"))) {
            String file = folder + "/" + resource;
            if (!Files.isRegularFile(Project.file(file))) {
                problems.add(folder + "/kustomization.yaml names " + resource + ", which does not exist");
                continue;
            }
            KubernetesManifests parsed = parse(file, Project.read(file));
            resources.addAll(parsed.resources());
            problems.addAll(parsed.problems());
        }
        return new KubernetesManifests(resources, problems);
    }

    static KubernetesManifests parse(String source, String yaml) {
        List<HasMetadata> resources = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int document = 0;
        for (Object tree : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            document++;
            if (tree == null) {
                continue;
            }
            String where = source + " document " + document;
            KubernetesResource parsed;
            try {
                parsed = SERIALIZATION.unmarshal(JSON.writeValueAsString(tree), KubernetesResource.class);
            } catch (RuntimeException e) {
                problems.add(where + ": " + e.getMessage());
                continue;
            }
            if (!(parsed instanceof HasMetadata resource) || parsed.getClass().getSimpleName().startsWith("Generic")) {
                problems.add(where + ": " + Yamls.map(tree).get("apiVersion") + " " + Yamls.map(tree).get("kind")
                        + " is not a kind the Kubernetes model knows");
                continue;
            }
            String name = resource.getKind() + " " + resource.getMetadata().getName();
            Strictness.unknownFields(resource).forEach(f -> problems.add(where + " (" + name + "): " + f
                    + " is not a field of its kind, or has the wrong type"));
            resources.add(resource);
        }
        return new KubernetesManifests(resources, problems);
    }

    <T> List<T> ofKind(Class<T> kind) {
        return resources.stream().filter(kind::isInstance).map(kind::cast).toList();
    }
}
