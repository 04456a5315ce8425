package dev.oltpmesh.deploy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml as the project ships it: valid by the Compose Specification, and every rule a
 * compose deployment of the mesh needs to come up, stay up and keep its data. No Docker engine runs
 * here, so what a container would find (its programs, its data folders) comes from deploy/Dockerfile
 * and the facts of {@link Images}; the services' requirements come from the services themselves.
 */
class DockerComposeTest {

    private final ComposeFile compose = ComposeFile.ofTheProject();
    private final ComposeRules rules = new ComposeRules(compose);

    @Test
    void shouldFollowTheComposeSpecification() {
        assertThat(JsonSchemas.compose().violations(compose.model())).isEmpty();
    }

    @Test
    void shouldGiveEveryServiceThatStaysUpAHealthcheck() {
        assertThat(rules.servicesWithoutHealthcheck()).isEmpty();
    }

    @Test
    void shouldRunEveryHealthcheckWithAProgramOfItsImageAndWithoutBash() {
        assertThat(rules.healthchecksThatCannotRun()).isEmpty();
    }

    @Test
    void shouldStartEveryServiceOnlyOnceWhatItNeedsIsHealthy() {
        assertThat(rules.dependenciesNotOnHealth()).isEmpty();
    }

    @Test
    void shouldHoldNoDefaultSecret() {
        assertThat(rules.defaultSecrets()).isEmpty();
    }

    @Test
    void shouldSupplyEveryPropertyTheServicesRequire() {
        assertThat(compose.services().values()).filteredOn(s -> s.module().isPresent())
                .extracting(s -> s.module().orElseThrow())
                .contains("config-service", "router-service", "peer-service", "gateway-service");
        assertThat(rules.missingProperties()).isEmpty();
    }

    @Test
    void shouldKeepEveryDataDirectoryOnANamedVolume() {
        assertThat(rules.dataOffVolumes()).isEmpty();
    }

    @Test
    void shouldDocumentItsPortsVolumesAndRequiredVariables() {
        assertThat(rules.undocumented(Project.read(".env.example"))).isEmpty();
    }
}
