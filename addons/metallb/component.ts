import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { SecretReader } from "../../config/types";
import { defineComponent } from "../../platform/addon";
import type { MetallbSettings } from "./settings";
import { metallb, namespace } from "./manifest";

// The metallb ComponentResource; its settings and rules are in ./manifest.ts.

export interface MetallbArgs {
    cluster: ClusterHandle;
    settings: MetallbSettings;
    secrets: SecretReader;
}

export class Metallb extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    /** Pool names, in config order; the first is where ingress controllers take their address from. */
    readonly pools: string[];
    readonly release: pulumi.Resource;

    constructor(name: string, args: MetallbArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:Metallb", name, {}, opts);
        const { settings, cluster } = args;
        // Privileged: the speaker runs on the host network with NET_RAW to answer ARP and speak BGP.
        const ns = platformNamespace(this, name, {
            name: namespace,
            podSecurity: "privileged",
            kubernetesVersion: cluster.kubernetesVersion,
        });
        const release = helmRelease(this, {
            chart: charts.metallb,
            namespace: ns.metadata.name,
            values: {
                crds: { enabled: true },
                // 0.16 made the FRR-K8s backend the default; the native speaker covers L2 and plain BGP.
                frrk8s: { enabled: false },
                speaker: { frr: { enabled: false } },
            },
        });
        this.release = release;

        const custom = (kind: string, apiVersion: string, crName: string, spec: Record<string, unknown>, deps: pulumi.Resource[] = []) =>
            new k8s.apiextensions.CustomResource(
                `${name}-${kind.toLowerCase()}-${crName}`,
                { apiVersion, kind, metadata: { name: crName, namespace }, spec },
                { parent: this, dependsOn: [release, ...deps] },
            );

        const poolNames = settings.pools.map((pool) => {
            custom("IPAddressPool", "metallb.io/v1beta1", pool.name, { addresses: [...pool.addresses], autoAssign: pool.autoAssign });
            return pool.name;
        });

        if (settings.mode === "l2") {
            custom("L2Advertisement", "metallb.io/v1beta1", "l2", { ipAddressPools: poolNames });
        } else if (settings.bgp) {
            const bgp = settings.bgp;
            for (const peer of bgp.peers) {
                let passwordSecret: k8s.core.v1.Secret | undefined;
                if (peer.password) {
                    // MetalLB reads the password from a basic-auth Secret in its own namespace.
                    passwordSecret = new k8s.core.v1.Secret(
                        `${name}-bgp-${peer.name}`,
                        {
                            metadata: { name: `bgp-${peer.name}`, namespace: ns.metadata.name },
                            type: "kubernetes.io/basic-auth",
                            stringData: { password: args.secrets(peer.password) },
                        },
                        { parent: this },
                    );
                }
                custom(
                    "BGPPeer",
                    "metallb.io/v1beta2",
                    peer.name,
                    {
                        myASN: bgp.myASN,
                        peerASN: peer.peerASN,
                        peerAddress: peer.peerAddress,
                        ...(peer.password ? { passwordSecret: { name: `bgp-${peer.name}`, namespace } } : {}),
                    },
                    passwordSecret ? [passwordSecret] : [],
                );
            }
            custom("BGPAdvertisement", "metallb.io/v1beta1", "bgp", { ipAddressPools: poolNames });
        }

        this.namespace = ns.metadata.name;
        this.pools = poolNames;
        this.registerOutputs({ namespace: this.namespace, pools: this.pools });
    }
}

export const metallbComponent = defineComponent(
    metallb,
    (name, ctx) => new Metallb(name, { cluster: ctx.cluster, settings: ctx.settings, secrets: ctx.secrets }, ctx.opts),
);
