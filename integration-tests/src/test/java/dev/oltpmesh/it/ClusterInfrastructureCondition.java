package dev.oltpmesh.it;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips every scenario class, with the reason, before its cluster is asked for, when the suite runs on containers and no
 * Docker engine answers; registered for all tests through extension autodetection.
 */
public class ClusterInfrastructureCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!SharedCluster.onContainers()
                || ContainerInfrastructure.dockerAvailable()) {
            return ConditionEvaluationResult.enabled("the cluster's infrastructure is available");
        }
        return ConditionEvaluationResult.disabled(SharedCluster.NO_DOCKER);
    }
}
