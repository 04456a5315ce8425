package dev.oltpmesh.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the Kubernetes manifests of the mesh must be for a cluster to run it safely, rule by rule; each
 * rule answers the places that break it, in words, and nothing when it holds.
 */
final class KubernetesRules {

    private static final Pattern DEPENDENT_VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final String GATEWAY = "gateway-service";

    private final List<HasMetadata> resources;

    KubernetesRules(List<HasMetadata> resources) {
        this.resources = resources;
    }

    /** A Deployment's or StatefulSet's pods; {@code podName} is what a pod of it is called. */
    record Workload(String name, PodTemplateSpec template, int replicas, boolean claimsVolumes, String podName) {

        Map<String, String> labels() {
            return Objects.requireNonNullElse(template.getMetadata().getLabels(), Map.of());
        }

        PodSpec pod() {
            return template.getSpec();
        }

        List<Container> allContainers() {
            return Stream.concat(pod().getInitContainers().stream(), pod().getContainers().stream()).toList();
        }
    }

    List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        for (HasMetadata resource : resources) {
            if (resource instanceof Deployment d) {
                workloads.add(new Workload("Deployment " + d.getMetadata().getName(), d.getSpec().getTemplate(),
                        Objects.requireNonNullElse(d.getSpec().getReplicas(), 1), false,
                        d.getMetadata().getName() + "-5d8f7c9b6d-x2x4q"));
            } else if (resource instanceof StatefulSet s) {
                workloads.add(new Workload("StatefulSet " + s.getMetadata().getName(), s.getSpec().getTemplate(),
                        Objects.requireNonNullElse(s.getSpec().getReplicas(), 1),
                        !s.getSpec().getVolumeClaimTemplates().isEmpty(), s.getMetadata().getName() + "-0"));
            }
        }
        return workloads;
    }

    /** Every service of the mesh gets what its configuration requires (read from the service itself). */
    List<String> missingProperties() {
        List<String> problems = new ArrayList<>();
        for (Workload workload : workloads()) {
            for (Container container : workload.pod().getContainers()) {
                Optional<String> module = module(container);
                if (module.isEmpty()) {
                    continue;
                }
                String where = workload.name() + " container " + container.getName();
                ServiceConfiguration configuration = ServiceConfiguration.of(module.get(), environment(container, workload));
                configuration.problems().forEach(p -> problems.add(where + ": " + p));
                // As in compose: a new mesh's database has no admin key, and the service refuses to start without one.
                if (module.get().equals("config-service") && configuration.property("mesh.config-service.admin-key").isEmpty()) {
                    problems.add(where + ": mesh.config-service.admin-key is not set: a new mesh has no admin key");
                }
                for (String file : Stream.of("mesh.kafka.password-file", "mesh.identity.key-dir")
                        .flatMap(p -> configuration.property(p).stream()).toList()) {
                    if (container.getVolumeMounts().stream().noneMatch(m -> under(file, m))) {
                        problems.add(where + ": " + file + " is on no mounted volume");
                    }
                }
            }
        }
        return problems;
    }

    /** Credentials come from Secrets only: no secret-like variable has a value, no URL carries a password. */
    List<String> credentialsOutsideSecrets() {
        List<String> problems = new ArrayList<>();
        for (Workload workload : workloads()) {
            for (Container container : workload.allContainers()) {
                for (EnvVar variable : container.getEnv()) {
                    String where = workload.name() + " container " + container.getName() + " " + variable.getName();
                    boolean fromSecret = variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null;
                    if (Credentials.isSecret(variable.getName(), variable.getValue()) && !fromSecret) {
                        problems.add(where + " is not taken from a Secret");
                    }
                    if (Credentials.hasPasswordInUrl(variable.getValue())) {
                        problems.add(where + " carries a password in a URL");
                    }
                }
            }
        }
        resources.stream().filter(r -> r.getKind().equals("Secret"))
                .forEach(r -> problems.add("Secret " + r.getMetadata().getName() + " is written in the manifests"));
        return problems;
    }

    /** Pods run as a user that is not root, without privilege escalation or capabilities, data volumes by group. */
    List<String> podsNotLockedDown() {
        List<String> problems = new ArrayList<>();
        for (Workload workload : workloads()) {
            PodSecurityContext pod = Objects.requireNonNullElseGet(workload.pod().getSecurityContext(), PodSecurityContext::new);
            if (!Boolean.TRUE.equals(pod.getRunAsNonRoot())) {
                problems.add(workload.name() + " does not set runAsNonRoot");
            }
            if (pod.getSeccompProfile() == null || !"RuntimeDefault".equals(pod.getSeccompProfile().getType())) {
                problems.add(workload.name() + " has no RuntimeDefault seccomp profile");
            }
            if (workload.claimsVolumes() && pod.getFsGroup() == null) {
                problems.add(workload.name() + " claims volumes but sets no fsGroup to own them");
            }
            for (Container container : workload.allContainers()) {
                String where = workload.name() + " container " + container.getName();
                SecurityContext own = Objects.requireNonNullElseGet(container.getSecurityContext(), SecurityContext::new);
                Long user = own.getRunAsUser() != null ? own.getRunAsUser() : pod.getRunAsUser();
                if (user == null || user == 0) {
                    problems.add(where + " runs as " + (user == null ? "the image's user, which runAsNonRoot cannot "
                            + "check if it is a name" : "root"));
                }
                if (!Boolean.FALSE.equals(own.getAllowPrivilegeEscalation())) {
                    problems.add(where + " does not forbid privilege escalation");
                }
                if (own.getCapabilities() == null || !own.getCapabilities().getDrop().contains("ALL")) {
                    problems.add(where + " does not drop ALL capabilities");
                }
            }
        }
        return problems;
    }

    /** Every container that stays up has startup, readiness and liveness probes, each runnable in its image. */
    List<String> containersWithoutProbes() {
        List<String> problems = new ArrayList<>();
        for (Workload workload : workloads()) {
            for (Container container : workload.pod().getContainers()) {
                String where = workload.name() + " container " + container.getName();
                Map<String, Probe> probes = new LinkedHashMap<>();
                probes.put("startupProbe", container.getStartupProbe());
                probes.put("readinessProbe", container.getReadinessProbe());
                probes.put("livenessProbe", container.getLivenessProbe());
                probes.forEach((kind, probe) -> {
                    if (probe == null) {
                        problems.add(where + " has no " + kind);
                    } else if (probe.getExec() != null) {
                        List<String> command = probe.getExec().getCommand();
                        if (command.isEmpty() || !Images.programs(container.getImage()).contains(command.getFirst())) {
                            problems.add(where + "'s " + kind + " runs " + command + ", not a program image "
                                    + container.getImage() + " holds");
                        }
                        command.stream().map(Shell::bashOnly).flatMap(Optional::stream).findFirst()
                                .ifPresent(c -> problems.add(where + "'s " + kind + " uses " + c));
                    } else if (probe.getHttpGet() != null && probe.getHttpGet().getPort().getStrVal() != null
                            && container.getPorts().stream().noneMatch(p -> probe.getHttpGet().getPort().getStrVal().equals(p.getName()))) {
                        problems.add(where + "'s " + kind + " asks port " + probe.getHttpGet().getPort().getStrVal()
                                + ", which the container does not name");
                    }
                });
            }
        }
        return problems;
    }

    /** A workload of several pods has a disruption budget, so a drain never takes them all. */
    List<String> workloadsWithoutBudget() {
        List<PodDisruptionBudget> budgets = resources.stream().filter(PodDisruptionBudget.class::isInstance)
                .map(PodDisruptionBudget.class::cast).toList();
        return workloads().stream()
                .filter(w -> w.replicas() > 1)
                .filter(w -> budgets.stream().noneMatch(b -> selects(b.getSpec().getSelector(), w.labels())))
                .map(w -> w.name() + " runs " + w.replicas() + " pods and no PodDisruptionBudget selects them")
                .toList();
    }

    /**
     * Nothing from outside the namespace reaches a pod but the gateway: every ingress is denied, then
     * opened only to pods of the namespace, or to the gateway's pods; no Service but the gateway's is
     * exposed beyond the cluster.
     */
    List<String> openToOutside() {
        List<String> problems = new ArrayList<>();
        List<NetworkPolicy> policies = resources.stream().filter(NetworkPolicy.class::isInstance)
                .map(NetworkPolicy.class::cast).toList();
        boolean denyAll = policies.stream().anyMatch(p -> p.getSpec().getPodSelector() != null
                && selectsEverything(p.getSpec().getPodSelector())
                && p.getSpec().getPolicyTypes().contains("Ingress") && p.getSpec().getIngress().isEmpty());
        if (!denyAll) {
            problems.add("no NetworkPolicy denies every ingress by default");
        }
        for (NetworkPolicy policy : policies) {
            boolean gatewayOnly = selectsOnly(policy.getSpec().getPodSelector(), GATEWAY);
            for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                boolean namespaceOnly = !rule.getFrom().isEmpty() && rule.getFrom().stream().allMatch(KubernetesRules::sameNamespace);
                if (!namespaceOnly && !gatewayOnly) {
                    problems.add("NetworkPolicy " + policy.getMetadata().getName()
                            + " lets traffic from outside the namespace reach pods other than the gateway's");
                }
            }
        }
        for (HasMetadata resource : resources) {
            if (resource instanceof Service service) {
                String type = Objects.requireNonNullElse(service.getSpec().getType(), "ClusterIP");
                boolean gateway = GATEWAY.equals(service.getSpec().getSelector().get("app"));
                if (!type.equals("ClusterIP") && !gateway) {
                    problems.add("Service " + service.getMetadata().getName() + " is of type " + type
                            + ": only the gateway is exposed beyond the cluster");
                }
            }
        }
        return problems;
    }

    /**
     * Peers register themselves by their StatefulSet identity: no Job registers a fixed list, the peer's
     * id is its pod's name, and an init container registers that name.
     */
    List<String> peersNotRegisteringThemselves() {
        List<String> problems = new ArrayList<>();
        resources.stream().filter(r -> r instanceof Job || r instanceof CronJob)
                .forEach(r -> problems.add(r.getKind() + " " + r.getMetadata().getName()
                        + ": peers register themselves, a job would fix their list"));
        List<Workload> peers = workloads().stream()
                .filter(w -> w.pod().getContainers().stream().anyMatch(c -> module(c).filter("peer-service"::equals).isPresent()))
                .toList();
        if (peers.isEmpty()) {
            problems.add("no workload runs peer-service");
        }
        for (Workload peer : peers) {
            if (!peer.name().startsWith("StatefulSet ")) {
                problems.add(peer.name() + " runs peers without a stable identity: use a StatefulSet");
            }
            for (Container container : peer.pod().getContainers()) {
                if (module(container).filter("peer-service"::equals).isPresent() && !fromPodName(container, "MESH_PEER_ID")) {
                    problems.add(peer.name() + " container " + container.getName() + " takes MESH_PEER_ID from "
                            + "elsewhere than its pod's name");
                }
            }
            boolean registers = peer.pod().getInitContainers().stream().anyMatch(c -> fromPodName(c, "MESH_PEER_ID")
                    && Stream.concat(c.getCommand().stream(), c.getArgs().stream())
                    .anyMatch(a -> a.contains("/v1/admin/peers/$MESH_PEER_ID") || a.contains("/v1/admin/peers/$(MESH_PEER_ID)")));
            if (!registers) {
                problems.add(peer.name() + " has no init container registering its pod's name at /v1/admin/peers/");
            }
        }
        return problems;
    }

    /** Every Service in front of a service of the mesh is scraped by a ServiceMonitor, with a key. */
    List<String> servicesNotScraped(List<ServiceMonitor> monitors) {
        List<String> problems = new ArrayList<>();
        for (HasMetadata resource : resources) {
            if (!(resource instanceof Service service) || !runsTheMesh(service)) {
                continue;
            }
            Map<String, String> labels = Objects.requireNonNullElse(service.getMetadata().getLabels(), Map.of());
            boolean scraped = monitors.stream()
                    .filter(m -> selects(m.getSpec().getSelector(), labels))
                    .flatMap(m -> m.getSpec().getEndpoints().stream())
                    .anyMatch(e -> scrapes(e, service));
            if (!scraped) {
                problems.add("Service " + service.getMetadata().getName()
                        + " is scraped by no ServiceMonitor (port by name, /actuator/prometheus, with a key)");
            }
        }
        return problems;
    }

    private boolean runsTheMesh(Service service) {
        return workloads().stream().anyMatch(w -> selects(service.getSpec().getSelector(), w.labels())
                && w.pod().getContainers().stream().anyMatch(c -> module(c).isPresent()));
    }

    private static boolean scrapes(Endpoint endpoint, Service service) {
        return "/actuator/prometheus".equals(endpoint.getPath()) && endpoint.getAuthorization() != null
                && service.getSpec().getPorts().stream().map(ServicePort::getName).anyMatch(n -> n != null && n.equals(endpoint.getPort()));
    }

    /** The module an image of the mesh is built from: oltp-mesh/peer-service is peer-service. */
    static Optional<String> module(Container container) {
        String repository = Images.repository(Objects.requireNonNullElse(container.getImage(), ""));
        return repository.startsWith(Images.OWN_PREFIX)
                ? Optional.of(repository.substring(Images.OWN_PREFIX.length())) : Optional.empty();
    }

    /**
     * The container's environment as its process sees it: values from Secrets stand in for themselves,
     * the pod's name is the workload's, and $(VAR) refers to a variable defined before it.
     */
    static Map<String, String> environment(Container container, Workload workload) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvVar variable : container.getEnv()) {
            String value;
            if (variable.getValue() != null) {
                Matcher m = DEPENDENT_VARIABLE.matcher(variable.getValue());
                StringBuilder expanded = new StringBuilder();
                while (m.find()) {
                    m.appendReplacement(expanded, Matcher.quoteReplacement(environment.getOrDefault(m.group(1), m.group())));
                }
                m.appendTail(expanded);
                value = expanded.toString();
            } else if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
                value = Interpolation.standIn(variable.getValueFrom().getSecretKeyRef().getName());
            } else if (variable.getValueFrom() != null && variable.getValueFrom().getFieldRef() != null
                    && "metadata.name".equals(variable.getValueFrom().getFieldRef().getFieldPath())) {
                value = workload.podName();
            } else {
                value = "";
            }
            environment.put(variable.getName(), value);
        }
        return environment;
    }

    private static boolean fromPodName(Container container, String variable) {
        return container.getEnv().stream().anyMatch(e -> e.getName().equals(variable) && e.getValueFrom() != null
                && e.getValueFrom().getFieldRef() != null && "metadata.name".equals(e.getValueFrom().getFieldRef().getFieldPath()));
    }

    private static boolean under(String path, VolumeMount mount) {
        String dir = mount.getMountPath().endsWith("/") ? mount.getMountPath() : mount.getMountPath() + "/";
        return path.equals(mount.getMountPath()) || path.startsWith(dir);
    }

    private static boolean sameNamespace(NetworkPolicyPeer peer) {
        return peer.getPodSelector() != null && peer.getNamespaceSelector() == null && peer.getIpBlock() == null;
    }

    private static boolean selectsEverything(LabelSelector selector) {
        return selector.getMatchLabels().isEmpty() && selector.getMatchExpressions().isEmpty();
    }

    private boolean selectsOnly(LabelSelector selector, String app) {
        if (selector == null || selectsEverything(selector)) {
            return false;
        }
        return workloads().stream().filter(w -> selects(selector, w.labels()))
                .allMatch(w -> app.equals(w.labels().get("app")));
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null || selectsEverything(selector)) {
            return false;
        }
        if (!labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
            String value = labels.get(requirement.getKey());
            boolean holds = switch (requirement.getOperator()) {
                case "In" -> value != null && requirement.getValues().contains(value);
                case "NotIn" -> value == null || !requirement.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }
}
