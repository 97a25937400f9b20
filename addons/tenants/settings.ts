import { z } from "zod";
import { cidr, dnsLabel, nonNegativeInt, positiveInt } from "../../model/primitives";
import { cpuQuantity, memoryQuantity } from "../../model/quantity";

// The `addons.tenants` settings: application namespaces with their isolation (Pod Security, network
// policies), their share of the cluster (ResourceQuota, LimitRange), who administers them, and which
// developers get a scoped kubeconfig.

/** A group name as the cluster's authenticator reports it (EKS access entries, OIDC groups claim). */
const groupName = z.string({ error: "expected a group name" }).min(1, { error: "expected a group name" }).max(256);

export const quotaSchema = z
    .strictObject({
        requestsCpu: cpuQuantity.describe('Total CPU the namespace\'s pods may request, e.g. "4" or "4000m".'),
        requestsMemory: memoryQuantity.describe('Total memory the namespace\'s pods may request, e.g. "8Gi".'),
        limitsCpu: cpuQuantity.describe("Total of the pods' CPU limits."),
        limitsMemory: memoryQuantity.describe("Total of the pods' memory limits."),
        pods: positiveInt.describe("Most pods in the namespace."),
        persistentVolumeClaims: nonNegativeInt.describe("Most PersistentVolumeClaims in the namespace."),
        requestsStorage: memoryQuantity.describe('Total storage the namespace\'s claims may request, e.g. "100Gi".'),
        loadBalancers: nonNegativeInt.describe("Most Services of type LoadBalancer (each costs money): none unless a namespace asks."),
    })
    .describe("A namespace's ResourceQuota.");
export type Quota = z.infer<typeof quotaSchema>;

const cpuMemory = z.strictObject({
    cpu: cpuQuantity.describe('CPU, e.g. "500m" or "1".'),
    memory: memoryQuantity.describe('Memory, e.g. "512Mi".'),
});
export const limitsSchema = z
    .strictObject({
        defaultRequest: cpuMemory.describe("Requests of a container that sets none: what the scheduler reserves."),
        default: cpuMemory.describe("Limits of a container that sets none."),
        max: cpuMemory.optional().describe("The most one container may ask for; no bound when unset."),
    })
    .describe("A namespace's LimitRange: container defaults and bounds.");
export type Limits = z.infer<typeof limitsSchema>;

export const podSecurityLevels = ["restricted", "baseline", "privileged"] as const;

export const tenantNamespaceSchema = z
    .strictObject({
        name: dnsLabel.describe("The namespace's name. Renaming a tenant deletes the old namespace and everything in it."),
        podSecurity: z
            .enum(podSecurityLevels)
            .default("restricted")
            .describe('Pod Security Admission level enforced; anything but "restricted" needs `podSecurityReason`.'),
        podSecurityReason: z
            .string()
            .min(1)
            .optional()
            .describe(
                "Why the namespace needs a weaker Pod Security level: required with it, so the exception is reviewed in the stack config.",
            ),
        adminGroups: z.array(groupName).default([]).describe("Groups bound to the built-in `admin` ClusterRole in this namespace."),
        quota: quotaSchema.partial().optional().describe("Overrides of `defaultQuota`, key by key."),
        limits: limitsSchema.optional().describe("Replaces `defaultLimits` for this namespace."),
        allowFromIngress: z.boolean().default(true).describe("Let the ingress controller's pods reach this namespace's pods."),
        allowFromNamespaces: z
            .array(dnsLabel)
            .default([])
            .describe("Namespaces whose pods may reach this namespace's pods (their own egress must allow it too)."),
        allowSameNamespace: z.boolean().default(true).describe("Let pods in this namespace talk to each other."),
        egressNamespaces: z
            .array(dnsLabel)
            .default([])
            .describe("Namespaces this one's pods may reach beyond DNS (e.g. a shared database)."),
        egressCidrs: z
            .array(cidr)
            .default([])
            .describe("Address ranges this one's pods may reach beyond DNS (e.g. 0.0.0.0/0 for public APIs)."),
    })
    .describe("An application namespace with its isolation and its share of the cluster.");
export type TenantNamespace = z.infer<typeof tenantNamespaceSchema>;

export const developerSchema = z
    .strictObject({
        name: dnsLabel.describe(
            "Developer name; becomes the ServiceAccount `dev-<name>` and the key of the `developerKubeconfigs` output.",
        ),
        namespace: dnsLabel.describe("One of `namespaces[].name`: the developer can edit (not administer) that namespace only."),
    })
    .describe("A developer with a kubeconfig scoped to one namespace.");

export const tenantsSettings = z.strictObject({
    enabled: z.boolean().describe("Create the tenant namespaces, their guardrails and access."),
    namespaces: z.array(tenantNamespaceSchema).default([]).describe("The application namespaces."),
    readOnlyGroups: z
        .array(groupName)
        .default([])
        .describe("Groups that may read (not change, not read Secrets) everything in the cluster."),
    platformAdminGroups: z.array(groupName).default([]).describe("Groups bound to cluster-admin."),
    developers: z.array(developerSchema).default([]).describe("Developers who get a scoped kubeconfig (a stack output, secret)."),
    ingressNamespaces: z
        .array(dnsLabel)
        .optional()
        .describe("Namespaces whose pods may reach tenant pods as ingress; the Traefik addon's namespace, when it is enabled, if unset."),
    defaultQuota: quotaSchema.describe("The ResourceQuota of every namespace that does not override it."),
    defaultLimits: limitsSchema.describe("The LimitRange of every namespace that does not replace it."),
});
export type TenantsSettings = z.infer<typeof tenantsSettings>;
