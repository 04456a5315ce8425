package dev.oltpmesh.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/kustomization.yaml and deploy/monitoring as a cluster would take them: every resource a kind
 * of the Kubernetes API with only fields of that kind (fabric8's model, strictly), and the rules of
 * {@link KubernetesRules}. No cluster runs here; what the API server would refuse is refused here.
 */
class KubernetesManifestsTest {

    private final KubernetesManifests mesh = KubernetesManifests.ofKustomization("deploy");
    private final KubernetesManifests monitoring = KubernetesManifests.ofKustomization("deploy/monitoring");
    private final KubernetesRules rules = new KubernetesRules(mesh.resources());

    @Test
    void shouldParseEveryManifestStrictlyAsItsKind() {
        assertThat(mesh.problems()).isEmpty();
        assertThat(monitoring.problems()).isEmpty();
        assertThat(mesh.resources()).extracting(r -> r.getKind())
                .contains("Namespace", "StatefulSet", "Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy");
        assertThat(monitoring.ofKind(ServiceMonitor.class)).isNotEmpty();
    }

    @Test
    void shouldGenerateItsConfigMapsFromFilesThatExist() {
        assertThat(Kustomization.missingFiles("deploy")).isEmpty();
        assertThat(Kustomization.generatedFrom("deploy"))
                .contains("deploy/kafka/mesh-kafka.sh", "deploy/kafka/acls.txt", "deploy/grafana/dashboards/oltp-mesh.json");
        // A ConfigMap written out would drift from the files compose mounts.
        assertThat(mesh.ofKind(ConfigMap.class)).isEmpty();
    }

    @Test
    void shouldSupplyEveryPropertyTheServicesRequire() {
        assertThat(rules.workloads()).flatExtracting(w -> w.pod().getContainers())
                .extracting(c -> KubernetesRules.module(c).orElse(""))
                .contains("config-service", "router-service", "peer-service", "gateway-service");
        assertThat(rules.missingProperties()).isEmpty();
    }

    @Test
    void shouldTakeEveryCredentialFromASecret() {
        assertThat(rules.credentialsOutsideSecrets()).isEmpty();
    }

    @Test
    void shouldRunEveryPodAsANonRootUserWithoutPrivileges() {
        assertThat(rules.podsNotLockedDown()).isEmpty();
    }

    @Test
    void shouldProbeEveryContainerAtStartupReadinessAndLiveness() {
        assertThat(rules.containersWithoutProbes()).isEmpty();
    }

    @Test
    void shouldBudgetTheDisruptionOfEveryWorkloadOfSeveralPods() {
        assertThat(rules.workloadsWithoutBudget()).isEmpty();
        assertThat(mesh.ofKind(StatefulSet.class)).filteredOn(s -> s.getMetadata().getName().equals("peer"))
                .singleElement().satisfies(peers -> assertThat(peers.getSpec().getReplicas()).isGreaterThan(1));
    }

    @Test
    void shouldLetNothingButTheGatewayInFromOutside() {
        assertThat(rules.openToOutside()).isEmpty();
        // The monitoring overlay lets in one namespace by name (Prometheus's), never an address range or anyone.
        assertThat(monitoring.ofKind(NetworkPolicy.class)).isNotEmpty()
                .flatExtracting(p -> p.getSpec().getIngress()).isNotEmpty()
                .allSatisfy(rule -> assertThat(rule.getFrom()).isNotEmpty().allSatisfy(from -> {
                    assertThat(from.getIpBlock()).isNull();
                    assertThat(from.getNamespaceSelector().getMatchLabels()).containsKey("kubernetes.io/metadata.name");
                }));
    }

    @Test
    void shouldHaveEveryPeerRegisterItselfByItsStatefulSetIdentity() {
        assertThat(rules.peersNotRegisteringThemselves()).isEmpty();
    }

    @Test
    void shouldScrapeEveryServiceOfTheMesh() {
        assertThat(rules.servicesNotScraped(monitoring.ofKind(ServiceMonitor.class))).isEmpty();
    }
}
