import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { z } from "zod";
import { defineAddon } from "../../platform/addon";
import { cloudConfig } from "../../substrates/openstack/cloud";
import { helmRelease } from "../../platform/helm";
import { namespacedSecret } from "../../platform/secrets";
import { platformNamespace } from "../../platform/namespace";
import { cloudProviderOpenstackCharts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { PlatformConfig, SecretReader } from "../../config/types";
import { openstackCloudSettings, type OpenStackCloudSettings } from "../../substrates/openstack/manifest";

// The OpenStack cloud-controller-manager: initialises nodes that kubelets started with
// --cloud-provider=external (addresses, zones, the uninitialized taint) and gives Services of type
// LoadBalancer an Octavia load balancer. On nova by default; on Magnum never (Magnum deploys its own).

export const openstackCloudControllerManagerSettings = z.strictObject({
    enabled: z.boolean().describe("Run the OpenStack cloud-controller-manager: node initialisation and Octavia load balancers for Services."),
    existing: z
        .strictObject({
            cloud: openstackCloudSettings,
            subnetId: z.string().min(1).describe("Neutron subnet ID of the nodes: load balancer VIPs and members."),
            floatingNetworkId: z.string().min(1).optional().describe("External network ID for load balancers' floating IPs; none when unset."),
        })
        .optional()
        .describe("`existing` substrate only (nova and magnum know their cloud): how to reach the cloud and where load balancers go."),
});
export type OpenstackCloudControllerManagerSettings = z.infer<typeof openstackCloudControllerManagerSettings>;

export interface OpenstackCloudControllerManagerArgs {
    cluster: ClusterHandle;
    settings: OpenstackCloudControllerManagerSettings;
    secrets: SecretReader;
}

/** Where the cloud.conf comes from: the substrate's handle, or the addon's own `existing` settings. */
export function addonCloudConfig(
    cluster: ClusterHandle,
    existing: { cloud: OpenStackCloudSettings; subnetId?: string; floatingNetworkId?: string } | undefined,
    secrets: SecretReader,
): pulumi.Output<string> {
    if (cluster.openstack) return cluster.openstack.cloudConfig;
    const { cloud, subnetId, floatingNetworkId } = existing!; // required on `existing` by the addon's rules
    return cloudConfig({ cloud, secrets, loadBalancer: subnetId ? { subnetId, floatingNetworkId } : undefined });
}

export class OpenstackCloudControllerManager extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly release: pulumi.Resource;

    constructor(name: string, args: OpenstackCloudControllerManagerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:OpenstackCloudControllerManager", name, {}, opts);
        const { cluster, settings, secrets } = args;
        // Privileged: it runs on the host network and mounts the node's /etc/kubernetes/pki and kubelet plugin dirs.
        const ns = platformNamespace(this, name, { name: "openstack-ccm", podSecurity: "privileged", kubernetesVersion: cluster.kubernetesVersion });
        const secret = cloudConfigSecret(this, name, ns.metadata.name, addonCloudConfig(cluster, settings.existing, secrets));
        const release = helmRelease(this, {
            chart: cloudProviderOpenstackCharts.cloudControllerManager[cluster.kubernetesVersion],
            namespace: ns.metadata.name,
            values: {
                // The chart mounts this Secret as /etc/config/cloud.conf; the credential never enters the values.
                secret: { enabled: true, create: false, name: "cloud-config" },
                cluster: { name: cluster.name }, // prefix of Octavia load balancer names
                // No `route` controller: the CNI routes pod traffic, not Neutron routes.
                enabledControllers: ["cloud-node", "cloud-node-lifecycle", "service"],
                nodeSelector: { "node-role.kubernetes.io/control-plane": "" },
                tolerations: [
                    { key: "node.cloudprovider.kubernetes.io/uninitialized", value: "true", effect: "NoSchedule" },
                    { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" },
                    // Nodes stay NotReady until the CNI runs; the CCM must not wait for it.
                    { key: "node.kubernetes.io/not-ready", effect: "NoSchedule" },
                ],
                resources: { requests: { cpu: "100m", memory: "128Mi" } },
            },
            dependsOn: [secret],
        });
        this.namespace = ns.metadata.name;
        this.release = release;
        this.registerOutputs({ namespace: this.namespace });
    }
}

/** Magnum deploys the CCM and Cinder CSI itself; the addons refuse to run beside them. */
export function magnumManagedProblem(key: string, config: PlatformConfig): string[] {
    return config.substrate === "magnum"
        ? [`addons.${key}.enabled: expected false on substrate "magnum" (Magnum already deploys the OpenStack cloud-controller-manager and Cinder CSI in its clusters), got true`]
        : [];
}

/** The chart pin of the cluster's minor (cloud-provider-openstack releases follow Kubernetes minors). */
export function chartPinProblem(key: string, pins: Readonly<Record<string, unknown>>, config: PlatformConfig): string[] {
    return pins[config.cluster.kubernetesVersion]
        ? []
        : [`cluster.kubernetesVersion: expected a minor with a pinned cloud-provider-openstack chart for addons.${key} (${Object.keys(pins).join(", ")}), got "${config.cluster.kubernetesVersion}"`];
}

export const openstackCloudControllerManager = defineAddon({
    key: "openstackCloudControllerManager",
    description: "OpenStack cloud-controller-manager: node initialisation and Octavia load balancers (nova; existing on OpenStack)",
    settings: openstackCloudControllerManagerSettings,
    // One chart release per Kubernetes minor (cloud-provider-openstack follows Kubernetes).
    pins: (_settings, config) => [cloudProviderOpenstackCharts.cloudControllerManager[config.cluster.kubernetesVersion]].filter((p) => p !== undefined),
    defaults: { dev: { enabled: false }, prod: { enabled: false } },
    substrateDefaults: { nova: { enabled: true } },
    substrates: ["nova", "existing", "magnum"],
    validate: (settings, config) => {
        const problems = [...magnumManagedProblem("openstackCloudControllerManager", config)];
        if (config.substrate === "magnum") return problems;
        if (config.substrate === "existing" && !settings.existing) {
            problems.push('addons.openstackCloudControllerManager.existing: expected the cloud, subnetId (and floatingNetworkId) on substrate "existing", got nothing');
        }
        return [...problems, ...chartPinProblem("openstackCloudControllerManager", cloudProviderOpenstackCharts.cloudControllerManager, config)];
    },
    // Nova, Octavia and Neutron APIs (any port: the OpenStack catalog decides).
    flows: () => [{ namespace: "openstack-ccm", egress: [{ peer: "apiServer" }, { peer: "cloudApi" }] }],
    create: (name, ctx) => new OpenstackCloudControllerManager(name, { cluster: ctx.cluster, settings: ctx.settings, secrets: ctx.secrets }, ctx.opts),
});

/** The `cloud-config` Secret (key cloud.conf) both OpenStack addons mount; the credential never enters Helm values. */
export function cloudConfigSecret(scope: pulumi.Resource, name: string, namespace: pulumi.Input<string>, cloudConf: pulumi.Input<string>): k8s.core.v1.Secret {
    return namespacedSecret(scope, `${name}-cloud-config`, { secretName: "cloud-config", namespace, stringData: { "cloud.conf": cloudConf } });
}
