import { z } from "zod";

// The settings of trivy-operator under `addons.trivyOperator` in the stack config.

const severities = ["UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;

/** Upstreams ECR can cache; the ones marked need credentials in Secrets Manager (`ecr-pullthroughcache/…`). */
export const ecrUpstreams = {
    "public.ecr.aws": false,
    "registry.k8s.io": false,
    "quay.io": false,
    "registry-1.docker.io": true,
    "ghcr.io": true,
    "registry.gitlab.com": true,
} as const;

type EcrUpstream = keyof typeof ecrUpstreams;

const ecrCacheRule = z
    .strictObject({
        prefix: z
            .string()
            .regex(/^[a-z0-9][a-z0-9._-]{1,29}$/, {
                error: "expected an ECR repository prefix of 2-30 lowercase letters, digits, '.', '_' or '-'",
            })
            .describe(
                "Repository prefix in the account's ECR: images are pulled as `<account>.dkr.ecr.<region>.amazonaws.com/<prefix>/<image>`.",
            ),
        upstreamRegistryUrl: z
            .enum(Object.keys(ecrUpstreams) as [EcrUpstream, ...EcrUpstream[]])
            .describe("The registry ECR caches; Docker Hub, GitHub and GitLab need credentialArn."),
        credentialArn: z
            .string()
            .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:ecr-pullthroughcache\/.+$/, {
                error: "expected a Secrets Manager secret ARN whose name starts with ecr-pullthroughcache/",
            })
            .optional()
            .describe(
                "ARN of a Secrets Manager secret named `ecr-pullthroughcache/…` holding the upstream's credentials (an ARN, not a secret itself).",
            ),
    })
    .describe("An ECR pull-through cache rule.");

export const trivyOperatorSettings = z.strictObject({
    enabled: z
        .boolean()
        .describe("Run Trivy Operator: vulnerability and config-audit reports for every running workload, as Prometheus metrics too."),
    severities: z
        .array(z.enum(severities))
        .min(1)
        .default([...severities])
        .describe("Severities the reports (and metrics) include."),
    ignoreUnfixed: z.boolean().default(false).describe("Report only vulnerabilities that have a fix."),
    concurrentScanJobs: z.number().int().min(1).max(50).describe("Scan jobs running at once: bounds the load on nodes and registries."),
    criticalVulnerabilityAlert: z
        .boolean()
        .default(true)
        .describe("The PrometheusRule on critical vulnerabilities in running workloads (needs the monitoring addon)."),
    ecrPullThroughCache: z
        .strictObject({
            rules: z
                .array(ecrCacheRule)
                .min(1, { error: "expected at least one pull-through cache rule" })
                .describe("The pull-through cache rules."),
            continuousScanning: z
                .boolean()
                .default(true)
                .describe("ECR enhanced scanning (Amazon Inspector), continuous, for the cached repositories."),
        })
        .optional()
        .describe("EKS only: ECR pull-through cache rules and enhanced, continuous scanning of the cached images."),
});

export type TrivyOperatorSettings = z.infer<typeof trivyOperatorSettings>;
