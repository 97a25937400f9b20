// The pinned admission policy set, as plain objects so every rule is reviewable here and in `pulumi
// preview` (not the kyverno-policies chart). Legacy `kyverno.io/v1` ClusterPolicies with the per-rule
// `validate.failureAction` (Kyverno 1.19 deprecates the spec-level field); the rules follow the upstream
// kyverno/policies library. Autogen extends each Pod rule to Deployments, StatefulSets, Jobs and the rest.

export type FailureAction = "Enforce" | "Audit";

/** A namespace carrying this label is exempt from the policies: how an addon declares it needs an exception. */
export const admissionExceptionLabel = "groundwork.io/admission-exception";
/** Label every namespace created through platformNamespace() carries. */
const platformLabel = { "app.kubernetes.io/managed-by": "groundwork" };
/** Application namespaces of the tenants addon are created the same way but are not the platform's. */
const notTenant = { key: "groundwork.io/tenant", operator: "DoesNotExist" };

export interface PolicyContext {
    readonly failureAction: FailureAction;
    /** Namespaces no policy applies to: the cluster's own, Kyverno's, and the configured ones. */
    readonly excludedNamespaces: readonly string[];
    /** Registry prefixes images may come from; undefined = the registry policy is off. */
    readonly allowedRegistries?: readonly string[];
    /** Webhook failure policy: Fail in prod (no unchecked pod while Kyverno is down), Ignore in dev. */
    readonly webhookFailurePolicy: "Fail" | "Ignore";
}

export interface ClusterPolicyObject {
    readonly apiVersion: "kyverno.io/v1";
    readonly kind: "ClusterPolicy";
    readonly metadata: { readonly name: string; readonly annotations: Record<string, string> };
    readonly spec: Record<string, unknown>;
}

type Scope = "security" | "hygiene";

/**
 * Who is exempt. Security rules (non-root, no privileged): platform namespaces whose Pod Security level is
 * not restricted (a CNI, a log collector: each declared in its addon through platformNamespace), namespaces
 * labelled with the exception label, and the excluded list. Restricted platform namespaces stay covered:
 * PSA already demands the same there. Hygiene rules (tags, requests, registries): every platform namespace,
 * because the platform's charts are pinned in model/versions.ts, pull from their vendors' registries
 * and do not all set requests. Tenant namespaces (addons.tenants) are application namespaces: fully covered.
 */
function exclusions(ctx: PolicyContext, scope: Scope): Record<string, unknown> {
    const any: Record<string, unknown>[] = [
        { resources: { namespaces: [...ctx.excludedNamespaces] } },
        { resources: { namespaceSelector: { matchLabels: { [admissionExceptionLabel]: "true" } } } },
    ];
    any.push(
        scope === "security"
            ? {
                  resources: {
                      namespaceSelector: {
                          matchLabels: platformLabel,
                          matchExpressions: [
                              notTenant,
                              { key: "pod-security.kubernetes.io/enforce", operator: "In", values: ["privileged", "baseline"] },
                          ],
                      },
                  },
              }
            : { resources: { namespaceSelector: { matchLabels: platformLabel, matchExpressions: [notTenant] } } },
    );
    return { any };
}

interface RuleSpec {
    readonly name: string;
    readonly message: string;
    readonly pattern?: Record<string, unknown>;
    readonly anyPattern?: Record<string, unknown>[];
    readonly deny?: Record<string, unknown>;
}

function policy(
    ctx: PolicyContext,
    name: string,
    scope: Scope,
    meta: { title: string; category: string; severity: string; description: string },
    rules: RuleSpec[],
): ClusterPolicyObject {
    return {
        apiVersion: "kyverno.io/v1",
        kind: "ClusterPolicy",
        metadata: {
            name,
            annotations: {
                "policies.kyverno.io/title": meta.title,
                "policies.kyverno.io/category": meta.category,
                "policies.kyverno.io/severity": meta.severity,
                "policies.kyverno.io/subject": "Pod",
                "policies.kyverno.io/description": meta.description,
            },
        },
        spec: {
            background: true,
            admission: true,
            webhookConfiguration: { failurePolicy: ctx.webhookFailurePolicy, timeoutSeconds: 10 },
            rules: rules.map((r) => ({
                name: r.name,
                match: { any: [{ resources: { kinds: ["Pod"] } }] },
                exclude: exclusions(ctx, scope),
                validate: {
                    failureAction: ctx.failureAction,
                    // Report, do not block, updates of pods that already violated before the policy existed.
                    allowExistingViolations: true,
                    message: r.message,
                    ...(r.pattern ? { pattern: r.pattern } : {}),
                    ...(r.anyPattern ? { anyPattern: r.anyPattern } : {}),
                    ...(r.deny ? { deny: r.deny } : {}),
                },
            })),
        },
    };
}

/** Applies `container` to every container list of a pod spec (ephemeral and init containers are optional). */
function allContainers(container: Record<string, unknown>): Record<string, unknown> {
    return { "=(ephemeralContainers)": [container], "=(initContainers)": [container], containers: [container] };
}

export function runAsNonRoot(ctx: PolicyContext): ClusterPolicyObject {
    const optionalNonRoot = { "=(securityContext)": { "=(runAsNonRoot)": true } };
    const requiredNonRoot = { securityContext: { runAsNonRoot: true } };
    return policy(
        ctx,
        "require-run-as-non-root",
        "security",
        {
            title: "Require runAsNonRoot",
            category: "Pod Security Standards (Restricted)",
            severity: "high",
            description: "Containers must run as a non-root user: runAsNonRoot true on the pod, or on every container.",
        },
        [
            {
                name: "run-as-non-root",
                message:
                    "Running as root is not allowed: set spec.securityContext.runAsNonRoot to true, or runAsNonRoot: true on every container, init container and ephemeral container.",
                anyPattern: [
                    { spec: { securityContext: { runAsNonRoot: true }, ...allContainers(optionalNonRoot) } },
                    { spec: allContainers(requiredNonRoot) },
                ],
            },
        ],
    );
}

export function disallowPrivileged(ctx: PolicyContext): ClusterPolicyObject {
    return policy(
        ctx,
        "disallow-privileged-containers",
        "security",
        {
            title: "Disallow privileged containers",
            category: "Pod Security Standards (Baseline)",
            severity: "high",
            description: "Privileged containers share the host's devices and kernel capabilities; they are not allowed.",
        },
        [
            {
                name: "privileged-containers",
                message: "Privileged mode is not allowed: securityContext.privileged must be unset or false on every container.",
                pattern: { spec: allContainers({ "=(securityContext)": { "=(privileged)": "false" } }) },
            },
        ],
    );
}

export function disallowLatestTag(ctx: PolicyContext): ClusterPolicyObject {
    return policy(
        ctx,
        "disallow-latest-tag",
        "hygiene",
        {
            title: "Disallow latest and untagged images",
            category: "Best Practices",
            severity: "medium",
            description: "Images must name a tag (or digest) other than latest, so a rollout and a rollback deploy what was reviewed.",
        },
        [
            // A digest (image@sha256:…) also contains ':' and passes.
            {
                name: "require-image-tag",
                message: "An image tag is required (image:tag or image@sha256:digest).",
                pattern: { spec: allContainers({ image: "*:*" }) },
            },
            {
                // Kyverno's parsed `images` (tag "latest" also for an untagged image), not an image pattern: a
                // deny on tags reads the same for init and ephemeral containers, which may be absent.
                name: "validate-image-tag",
                message: "The :latest tag is not allowed; pin a version.",
                deny: {
                    conditions: {
                        any: ["containers", "initContainers", "ephemeralContainers"].map((list) => ({
                            key: `{{ images.${list}.*.tag || \`[]\` }}`,
                            operator: "AnyIn",
                            value: ["latest"],
                        })),
                    },
                },
            },
        ],
    );
}

export function requireRequests(ctx: PolicyContext): ClusterPolicyObject {
    return policy(
        ctx,
        "require-resource-requests",
        "hygiene",
        {
            title: "Require CPU and memory requests",
            category: "Best Practices",
            severity: "medium",
            description: "Every container declares CPU and memory requests, so the scheduler and the quotas can account for it.",
        },
        [
            {
                name: "require-requests",
                message:
                    "CPU and memory requests are required: set resources.requests.cpu and resources.requests.memory on every container.",
                pattern: {
                    spec: {
                        containers: [{ resources: { requests: { cpu: "?*", memory: "?*" } } }],
                        "=(initContainers)": [{ resources: { requests: { cpu: "?*", memory: "?*" } } }],
                    },
                },
            },
        ],
    );
}

/** Kyverno's wildcard alternation for an allow-list: "ghcr.io/acme/* | registry.example.org/*". */
export function registryPattern(registries: readonly string[]): string {
    return registries.map((r) => `${r.replace(/\/+$/, "")}/*`).join(" | ");
}

export function restrictRegistries(ctx: PolicyContext, registries: readonly string[]): ClusterPolicyObject {
    const image = registryPattern(registries);
    return policy(
        ctx,
        "restrict-image-registries",
        "hygiene",
        {
            title: "Restrict image registries",
            category: "Best Practices",
            severity: "medium",
            description: `Images come only from the allowed registries: ${registries.join(", ")}.`,
        },
        [
            {
                name: "allowed-registries",
                message: `Images must come from an allowed registry (${registries.join(", ")}); write the registry explicitly, e.g. docker.io/library/nginx:1.27.`,
                pattern: { spec: allContainers({ image }) },
            },
        ],
    );
}

/** The whole pinned set for one environment. */
export function policySet(ctx: PolicyContext): ClusterPolicyObject[] {
    const set = [runAsNonRoot(ctx), disallowPrivileged(ctx), disallowLatestTag(ctx), requireRequests(ctx)];
    if (ctx.allowedRegistries) set.push(restrictRegistries(ctx, ctx.allowedRegistries));
    return set;
}
