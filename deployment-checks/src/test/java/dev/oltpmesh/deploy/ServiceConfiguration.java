package dev.oltpmesh.deploy;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A service of the mesh as a deployment configures it: its own configuration file ({@code <module>.yml})
 * under the container's environment, bound to the service's {@code @ConfigurationProperties} classes and
 * validated as the service validates them at start. What a service requires is read from the service,
 * so a new required property is checked without touching these checks.
 */
final class ServiceConfiguration {

    /** Every service binds the shared ones (identity) besides its own. */
    private static final String SHARED_PACKAGE = "dev.oltpmesh.support";
    private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();

    private final String module;
    private final StandardEnvironment environment;
    private final SystemEnvironmentPropertySource deployment;
    private final Map<String, Object> file;

    private ServiceConfiguration(String module, StandardEnvironment environment,
                                 SystemEnvironmentPropertySource deployment, Map<String, Object> file) {
        this.module = module;
        this.environment = environment;
        this.deployment = deployment;
        this.file = file;
    }

    /** The service of {@code module} (say "peer-service") with the container's environment variables. */
    static ServiceConfiguration of(String module, Map<String, String> containerEnvironment) {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        // Only what the deployment gives: not the environment of the machine running the checks.
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        SystemEnvironmentPropertySource deployment = new SystemEnvironmentPropertySource("deployment",
                new LinkedHashMap<>(containerEnvironment));
        sources.addFirst(deployment);
        Map<String, Object> file = new LinkedHashMap<>();
        try {
            for (PropertySource<?> source : new YamlPropertySourceLoader()
                    .load(module + ".yml", new ClassPathResource(module + ".yml"))) {
                sources.addLast(source);
                if (source.getSource() instanceof Map<?, ?> map) {
                    map.forEach((key, value) -> file.put(key.toString(), value));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no configuration file " + module + ".yml on the classpath", e);
        }
        ConfigurationPropertySources.attach(environment);
        return new ServiceConfiguration(module, environment, deployment, file);
    }

    /** Everything that would stop the service at start, or send it to the wrong place, in words. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        Binder binder = Binder.get(environment);
        Validator validator = VALIDATION.getValidator();
        for (Class<?> type : propertiesClasses()) {
            String prefix = prefixOf(type);
            try {
                Object bound = binder.bindOrCreate(prefix, Bindable.of(type));
                for (ConstraintViolation<Object> violation : validator.validate(bound)) {
                    problems.add(prefix + "." + violation.getPropertyPath() + " " + violation.getMessage()
                            + " (" + type.getSimpleName() + ")");
                }
            } catch (BindException e) {
                Throwable cause = e;
                while (cause.getCause() != null) {
                    cause = cause.getCause();
                }
                problems.add(prefix + ": " + cause.getMessage() + " (" + type.getSimpleName() + ")");
            }
        }
        // A service with a database migrates it at start; without a URL Spring Boot has no database to give it.
        if (file.keySet().stream().anyMatch(k -> k.startsWith("spring.flyway.")) && !given("spring.datasource.url")) {
            problems.add("spring.datasource.url is not set: " + module + " keeps its data in PostgreSQL");
        }
        // Kafka's client would look for a broker on localhost:9092, inside its own container.
        if (file.keySet().stream().anyMatch(k -> k.startsWith("spring.kafka.")) && !given("spring.kafka.bootstrap-servers")) {
            problems.add("spring.kafka.bootstrap-servers is not set: " + module + " would look for Kafka in its own container");
        }
        // As KafkaUser reads them at start: both or neither.
        if (property("mesh.kafka.user").isPresent() != property("mesh.kafka.password-file").isPresent()) {
            problems.add("mesh.kafka.user and mesh.kafka.password-file go together (one is set, not the other)");
        }
        return problems;
    }

    /** A property as the service would read it, placeholders resolved. */
    Optional<String> property(String name) {
        return Optional.ofNullable(environment.getProperty(name)).filter(v -> !v.isBlank());
    }

    /** Whether the deployment itself sets the property, not the service's file. */
    private boolean given(String name) {
        return deployment.containsProperty(name) && property(name).isPresent();
    }

    private List<Class<?>> propertiesClasses() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<Class<?>> classes = new ArrayList<>();
        for (String pkg : List.of(packageOf(module), SHARED_PACKAGE)) {
            for (BeanDefinition candidate : scanner.findCandidateComponents(pkg)) {
                try {
                    classes.add(Class.forName(candidate.getBeanClassName()));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        if (classes.stream().noneMatch(c -> c.getPackageName().startsWith(packageOf(module)))) {
            throw new IllegalStateException("no @ConfigurationProperties class in " + packageOf(module)
                    + ": is " + module + " still a module of the mesh, in that package?");
        }
        return classes;
    }

    /** The modules' convention: config-service's classes are in dev.oltpmesh.config, and so on. */
    private static String packageOf(String module) {
        return "dev.oltpmesh." + module.replaceFirst("-service$", "");
    }

    private static String prefixOf(Class<?> type) {
        ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
        return annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
    }
}
