import * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import { cloudConfig } from "../../substrates/openstack/cloud";
import { helmRelease } from "../../platform/helm";
import { namespacedSecret } from "../../platform/secrets";
import { platformNamespace } from "../../platform/namespace";
import { cloudProviderOpenstackCharts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { SecretReader } from "../../config/types";
import type { OpenStackCloudSettings } from "../../substrates/openstack/settings";
import { defineComponent } from "../../platform/addon";
import type { OpenstackCloudControllerManagerSettings } from "./settings";
import { openstackCloudControllerManager } from "./manifest";

// The openstack-cloud-controller-manager ComponentResource; its settings and rules are in ./manifest.ts.

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
        const ns = platformNamespace(this, name, {
            name: "openstack-ccm",
            podSecurity: "privileged",
            kubernetesVersion: cluster.kubernetesVersion,
        });
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

/** The `cloud-config` Secret (key cloud.conf) both OpenStack addons mount; the credential never enters Helm values. */
export function cloudConfigSecret(
    scope: pulumi.Resource,
    name: string,
    namespace: pulumi.Input<string>,
    cloudConf: pulumi.Input<string>,
): k8s.core.v1.Secret {
    return namespacedSecret(scope, `${name}-cloud-config`, {
        secretName: "cloud-config",
        namespace,
        stringData: { "cloud.conf": cloudConf },
    });
}

export const openstackCloudControllerManagerComponent = defineComponent(
    openstackCloudControllerManager,
    (name, ctx) =>
        new OpenstackCloudControllerManager(name, { cluster: ctx.cluster, settings: ctx.settings, secrets: ctx.secrets }, ctx.opts),
);
