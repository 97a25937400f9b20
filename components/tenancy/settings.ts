import { z } from "zod";
import { cidr, dnsLabel, nonNegativeInt, positiveInt } from "../../stacks/primitives";
import { cpuQuantity, memoryQuantity, quantityValue } from "./quantity";

// The `addons.tenants` settings: application namespaces with their isolation (Pod Security, network
// policies), their share of the cluster (ResourceQuota, LimitRange), who administers them, and which
// developers get a scoped kubeconfig.

/** A group name as the cluster's authenticator reports it (EKS access entries, OIDC groups claim). */
const groupName = z.string({ error: "expected a group name" }).min(1, { error: "expected a group name" }).max(256);

export const quotaSchema = z.strictObject({
    requestsCpu: cpuQuantity,
    requestsMemory: memoryQuantity,
    limitsCpu: cpuQuantity,
    limitsMemory: memoryQuantity,
    pods: positiveInt,
    persistentVolumeClaims: nonNegativeInt,
    requestsStorage: memoryQuantity,
    /** Services of type LoadBalancer cost money per piece: none unless a namespace asks. */
    loadBalancers: nonNegativeInt,
});
export type Quota = z.infer<typeof quotaSchema>;

const cpuMemory = z.strictObject({ cpu: cpuQuantity, memory: memoryQuantity });
export const limitsSchema = z.strictObject({
    /** Requests of a container that sets none: what the scheduler reserves. */
    defaultRequest: cpuMemory,
    /** Limits of a container that sets none. */
    default: cpuMemory,
    /** The most one container may ask for. */
    max: cpuMemory.optional(),
});
export type Limits = z.infer<typeof limitsSchema>;

export const podSecurityLevels = ["restricted", "baseline", "privileged"] as const;

export const tenantNamespaceSchema = z.strictObject({
    name: dnsLabel,
    /** Pod Security Admission level enforced; anything but "restricted" needs `podSecurityReason`. */
    podSecurity: z.enum(podSecurityLevels).default("restricted"),
    podSecurityReason: z.string().min(1).optional(),
    /** Groups bound to the built-in `admin` ClusterRole in this namespace. */
    adminGroups: z.array(groupName).default([]),
    /** Overrides of `defaultQuota`, key by key. */
    quota: quotaSchema.partial().optional(),
    /** Replaces `defaultLimits` for this namespace. */
    limits: limitsSchema.optional(),
    /** Let the ingress controller's pods reach this namespace's pods. */
    allowFromIngress: z.boolean().default(true),
    /** Namespaces whose pods may reach this namespace's pods (their own egress must allow it too). */
    allowFromNamespaces: z.array(dnsLabel).default([]),
    /** Let pods in this namespace talk to each other. */
    allowSameNamespace: z.boolean().default(true),
    /** Egress beyond DNS: namespaces (e.g. a shared database) and CIDRs (e.g. 0.0.0.0/0 for public APIs). */
    egressNamespaces: z.array(dnsLabel).default([]),
    egressCidrs: z.array(cidr).default([]),
});
export type TenantNamespace = z.infer<typeof tenantNamespaceSchema>;

export const developerSchema = z.strictObject({
    /** Developer name; becomes the ServiceAccount `dev-<name>` and the key of `developerKubeconfigs`. */
    name: dnsLabel,
    /** One of `namespaces[].name`: the developer can edit (not administer) that namespace only. */
    namespace: dnsLabel,
});

export const tenantsSettings = z.strictObject({
    enabled: z.boolean(),
    namespaces: z.array(tenantNamespaceSchema).default([]),
    /** Groups that may read (not change, not read Secrets) everything in the cluster. */
    readOnlyGroups: z.array(groupName).default([]),
    /** Groups bound to cluster-admin. */
    platformAdminGroups: z.array(groupName).default([]),
    developers: z.array(developerSchema).default([]),
    /** Namespaces whose pods may reach tenant pods as ingress; unset = the Traefik addon's namespace, when it is enabled. */
    ingressNamespaces: z.array(dnsLabel).optional(),
    defaultQuota: quotaSchema,
    defaultLimits: limitsSchema,
});
export type TenantsSettings = z.infer<typeof tenantsSettings>;

/** Cross-field rules; paths are relative to the stack config. */
export function tenantsProblems(settings: TenantsSettings): string[] {
    const at = "addons.tenants";
    const problems: string[] = [];
    const names = new Set<string>();
    settings.namespaces.forEach((ns, i) => {
        const path = `${at}.namespaces[${i}]`;
        if (names.has(ns.name)) problems.push(`${path}.name: expected a namespace no other tenant has, got "${ns.name}" twice`);
        names.add(ns.name);
        if (ns.podSecurity !== "restricted" && !ns.podSecurityReason) {
            problems.push(`${path}.podSecurityReason: expected why "${ns.name}" needs Pod Security level "${ns.podSecurity}" instead of "restricted", got nothing`);
        }
        problems.push(...limitProblems(ns.limits ?? settings.defaultLimits, ns.limits ? `${path}.limits` : `${at}.defaultLimits`));
    });
    problems.push(...limitProblems(settings.defaultLimits, `${at}.defaultLimits`));
    const developers = new Set<string>();
    settings.developers.forEach((dev, i) => {
        const path = `${at}.developers[${i}]`;
        if (developers.has(dev.name)) problems.push(`${path}.name: expected a developer name used once, got "${dev.name}" twice`);
        developers.add(dev.name);
        if (!names.has(dev.namespace)) {
            problems.push(`${path}.namespace: expected one of the tenant namespaces (${[...names].join(", ") || "none are configured"}), got "${dev.namespace}"`);
        }
    });
    return [...new Set(problems)];
}

function limitProblems(limits: Limits, path: string): string[] {
    const problems: string[] = [];
    for (const resource of ["cpu", "memory"] as const) {
        const request = limits.defaultRequest[resource];
        const limit = limits.default[resource];
        if (quantityValue(request) > quantityValue(limit)) {
            problems.push(`${path}.defaultRequest.${resource}: expected at most the default limit (${limit}), got "${request}"`);
        }
        if (limits.max && quantityValue(limit) > quantityValue(limits.max[resource])) {
            problems.push(`${path}.default.${resource}: expected at most max.${resource} (${limits.max[resource]}), got "${limit}"`);
        }
    }
    return problems;
}
