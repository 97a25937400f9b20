import { defineAddon } from "../../config/addon-manifest";
import type { PlatformConfig } from "../../config/types";
import { type TrivyOperatorSettings, ecrUpstreams, trivyOperatorSettings } from "./settings";

// Image scanning (the production-checklist reference platform: no vulnerable base images): Trivy Operator writes VulnerabilityReports and
// ConfigAuditReports for every running workload, exports them as Prometheus metrics, and — with the
// monitoring addon — a PrometheusRule pages on critical findings in running workloads. On EKS, images can
// be pulled through ECR pull-through caches that ECR's enhanced (Inspector) scanning watches continuously.

export const namespace = "trivy-system";

export function trivyOperatorProblems(settings: TrivyOperatorSettings, config: PlatformConfig): string[] {
    const problems: string[] = [];
    const cache = settings.ecrPullThroughCache;
    if (cache && config.substrate !== "eks") {
        problems.push(
            `addons.trivyOperator.ecrPullThroughCache: expected nothing on substrate "${config.substrate}" (ECR pull-through caches exist only on eks), got a map of settings`,
        );
    }
    cache?.rules.forEach((rule, i) => {
        if (ecrUpstreams[rule.upstreamRegistryUrl] && !rule.credentialArn) {
            problems.push(
                `addons.trivyOperator.ecrPullThroughCache.rules[${i}].credentialArn: expected the ARN of a Secrets Manager secret (ecr-pullthroughcache/…) because ${rule.upstreamRegistryUrl} needs credentials, got nothing`,
            );
        }
    });
    return problems;
}

export const trivyOperator = defineAddon({
    key: "trivyOperator",
    description: "Trivy Operator: vulnerability and config-audit reports for running workloads, metrics and a critical-vulnerability alert",
    settings: trivyOperatorSettings,
    defaults: {
        dev: { enabled: false, concurrentScanJobs: 3 },
        prod: { enabled: true, concurrentScanJobs: 10 },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    uses: ["monitoring"],
    validate: trivyOperatorProblems,
    // Scan jobs run in this namespace and pull vulnerability databases and images from registries.
    flows: () => [
        {
            namespace,
            ingress: [{ peer: "monitoring", ports: [8080] }],
            egress: [{ peer: "apiServer" }, { peer: "internet", ports: [443] }],
        },
    ],
});
