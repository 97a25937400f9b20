import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { ingressSourceCidrs } from "../../platform/network-policies";
import { platformNamespace } from "../../platform/namespace";
import type { ClusterHandle } from "../../platform/cluster/handle";
import { developerAccess } from "./developer-access";
import { tenantNetworkPolicies } from "./network-policies";
import { clusterAccess, namespaceAdmins } from "./rbac";
import { tenantsSettings, type Limits, type Quota, type TenantNamespace, type TenantsSettings } from "./settings";
import { defineComponent } from "../../platform/addon";
import { tenants } from "./manifest";

// The tenants ComponentResource; its settings and rules are in ./manifest.ts.

export { tenantsSettings, type TenantsSettings };

export interface TenantsArgs {
    cluster: ClusterHandle;
    settings: TenantsSettings;
    /** Namespace of the platform's ingress controller (Traefik's output), used when the settings name none. */
    ingressNamespace?: pulumi.Input<string>;
    /** Source ranges of an ingress that is not a pod (the ALB's public subnets), admitted like the ingress namespaces. */
    ingressCidrs?: string[];
}

export class Tenants extends pulumi.ComponentResource {
    readonly namespaces: string[];
    /** Secret kubeconfigs by developer name. */
    readonly developerKubeconfigs: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: TenantsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:Tenants", name, {}, opts);
        const { settings, cluster } = args;
        clusterAccess(this, name, settings);
        const ingressNamespaces = settings.ingressNamespaces ?? (args.ingressNamespace ? [args.ingressNamespace] : []);
        const created = new Map<string, pulumi.Output<string>>();
        for (const tenant of settings.namespaces) {
            created.set(
                tenant.name,
                this.tenantNamespace(`${name}-${tenant.name}`, tenant, settings, ingressNamespaces, args.ingressCidrs ?? [], cluster),
            );
        }
        const kubeconfigs: Record<string, pulumi.Output<string>> = {};
        for (const dev of settings.developers) {
            kubeconfigs[dev.name] = developerAccess(this, `${name}-dev-${dev.name}`, {
                developer: dev.name,
                namespace: created.get(dev.namespace)!, // the config rules guarantee the namespace is a tenant's
                namespaceName: dev.namespace,
                clusterName: cluster.name,
                endpoint: cluster.endpoint,
            });
        }
        this.namespaces = settings.namespaces.map((n) => n.name);
        this.developerKubeconfigs = kubeconfigs;
        this.registerOutputs({ namespaces: this.namespaces, developers: Object.keys(kubeconfigs) });
    }

    private tenantNamespace(
        name: string,
        tenant: TenantNamespace,
        settings: TenantsSettings,
        ingressNamespaces: readonly pulumi.Input<string>[],
        ingressCidrs: readonly string[],
        cluster: ClusterHandle,
    ): pulumi.Output<string> {
        const ns = platformNamespace(this, name, {
            name: tenant.name,
            // Any level but "restricted" carries a reason in the config (enforced by the config rules).
            podSecurity: tenant.podSecurity,
            kubernetesVersion: cluster.kubernetesVersion,
            labels: { "groundwork.io/tenant": "true" },
        });
        const namespace = ns.metadata.name;
        const opts = { parent: this };
        new k8s.core.v1.ResourceQuota(
            `${name}-quota`,
            { metadata: { name: "tenant-quota", namespace }, spec: { hard: quotaHard({ ...settings.defaultQuota, ...tenant.quota }) } },
            opts,
        );
        new k8s.core.v1.LimitRange(
            `${name}-limits`,
            {
                metadata: { name: "tenant-limits", namespace },
                spec: { limits: [containerLimits(tenant.limits ?? settings.defaultLimits)] },
            },
            opts,
        );
        for (const policy of tenantNetworkPolicies(tenant, ingressNamespaces, ingressCidrs)) {
            new k8s.networking.v1.NetworkPolicy(
                `${name}-${policy.name}`,
                { metadata: { name: policy.name, namespace }, spec: policy.spec },
                opts,
            );
        }
        namespaceAdmins(this, name, namespace, tenant.adminGroups);
        return namespace;
    }
}

export function quotaHard(q: Quota): Record<string, string> {
    return {
        "requests.cpu": q.requestsCpu,
        "requests.memory": q.requestsMemory,
        "limits.cpu": q.limitsCpu,
        "limits.memory": q.limitsMemory,
        pods: String(q.pods),
        persistentvolumeclaims: String(q.persistentVolumeClaims),
        "requests.storage": q.requestsStorage,
        "services.loadbalancers": String(q.loadBalancers),
    };
}

/** With a quota on limits every container needs them: the LimitRange supplies defaults for those without. */
export function containerLimits(l: Limits): k8s.types.input.core.v1.LimitRangeItem {
    return {
        type: "Container",
        defaultRequest: { ...l.defaultRequest },
        default: { ...l.default },
        ...(l.max ? { max: { ...l.max } } : {}),
    };
}

export const tenantsComponent = defineComponent(tenants, (name, ctx): Tenants => {
    const lbc = ctx.config.addons.awsLoadBalancerController;
    const albIsDefault = lbc.enabled && lbc.ingressClass.enabled && lbc.ingressClass.default;
    const ingressCidrs = albIsDefault ? ingressSourceCidrs(ctx.config) : [];
    return new Tenants(
        name,
        { cluster: ctx.cluster, settings: ctx.settings, ingressNamespace: ctx.addons.traefik?.namespace, ingressCidrs },
        ctx.opts,
    );
});
