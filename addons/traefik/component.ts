import * as pulumi from "@pulumi/pulumi";
import { crdBundle } from "../../platform/crds";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts, crdBundles } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import { loadBalancerControllerRelease } from "../../platform/teardown";
import { loadBalancerService, type IngressInfo } from "../../platform/ingress";
import { traefikClassName } from "../../config/ingress";
import { defineComponent } from "../../platform/addon";
import type { TraefikSettings } from "./settings";
import { traefik, traefikResources } from "./manifest";

// The traefik ComponentResource; its settings and rules are in ./manifest.ts.

export interface TraefikArgs {
    cluster: ClusterHandle;
    settings: TraefikSettings;
    /** MetalLB pool name to request the address from, where MetalLB hands out addresses. */
    metallbPool?: string;
    /**
     * The controller that owns the Service's cloud load balancer (AWS Load Balancer Controller). Traefik's
     * release waits for it, so `pulumi destroy` removes the Service (and its NLB) while the controller is
     * still there to delete the NLB.
     */
    loadBalancerController?: pulumi.Resource;
}

export class Traefik extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly ingress: IngressInfo;
    readonly release: pulumi.Resource;

    constructor(name: string, args: TraefikArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:Traefik", name, {}, opts);
        const { settings, cluster } = args;
        // Restricted: Traefik runs as non-root on unprivileged ports (8000/8443) with a read-only root fs.
        const ns = platformNamespace(this, name, { name: "traefik", kubernetesVersion: cluster.kubernetesVersion });
        const service = loadBalancerService(cluster, {
            internal: settings.internal,
            metallbPool: settings.metallbPool ?? args.metallbPool,
        });
        const ha = settings.replicas > 1;
        // kind and k3d: the Service is a NodePort, and a host port mapping needs to know which.
        const nodePort = (port: number | undefined) => (service.type === "NodePort" && port !== undefined ? { nodePort: port } : {});
        // CRDs first: Helm would install the chart's crds/ once and never upgrade them.
        const crds = crdBundle(this, name, crdBundles.traefik);
        this.release = helmRelease(this, {
            chart: charts.traefik,
            namespace: ns.metadata.name,
            skipCrds: true,
            dependsOn: [crds, ...(args.loadBalancerController ? [args.loadBalancerController] : [])],
            values: {
                deployment: { replicas: settings.replicas },
                podDisruptionBudget: ha ? { enabled: true, maxUnavailable: 1 } : { enabled: false },
                ingressClass: { enabled: true, isDefaultClass: settings.default, name: traefikClassName },
                providers: {
                    kubernetesIngress: { enabled: true, publishedService: { enabled: true } },
                    kubernetesCRD: { enabled: true },
                },
                ports: {
                    // Chart >= v39 key; before it was ports.web.redirections (v34–v38) or ports.web.redirectTo.
                    web: {
                        ...nodePort(settings.nodePorts?.http),
                        ...(settings.redirectToHttps
                            ? { http: { redirections: { entryPoint: { to: "websecure", scheme: "https", permanent: true } } } }
                            : {}),
                    },
                    websecure: { ...nodePort(settings.nodePorts?.https), http: { tls: { enabled: true } } },
                },
                service: { annotations: service.annotations, spec: { type: service.type } },
                // Spread replicas over nodes so a node drain never takes the whole ingress down.
                topologySpreadConstraints: ha
                    ? [
                          {
                              maxSkew: 1,
                              topologyKey: "kubernetes.io/hostname",
                              whenUnsatisfiable: "ScheduleAnyway",
                              labelSelector: { matchLabels: { "app.kubernetes.io/name": "traefik" } },
                          },
                      ]
                    : [],
                resources: traefikResources,
            },
        });
        this.namespace = ns.metadata.name;
        this.ingress = { className: traefikClassName, isDefault: settings.default };
        this.registerOutputs({ namespace: this.namespace, ingress: this.ingress });
    }
}

export const traefikComponent = defineComponent(
    traefik,
    (name, ctx): Traefik =>
        new Traefik(
            name,
            {
                cluster: ctx.cluster,
                settings: ctx.settings,
                metallbPool: ctx.addons.metallb?.pools[0],
                // Whoever provisions the Service's load balancer (LBC or the OpenStack CCM) outlives it at destroy.
                loadBalancerController: loadBalancerControllerRelease(ctx.cluster, ctx.addons),
            },
            ctx.opts,
        ),
);
