import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts, images } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { PlatformConfig, SecretReader } from "../../config/types";
import { designateCloudsYaml, route53Zone } from "../../platform/dns-zone";
import { defineComponent } from "../../platform/addon";
import type { ExternalDnsSettings } from "./settings";
import { externalDns, namespace } from "./manifest";

// The external-dns ComponentResource; its settings and rules are in ./manifest.ts.

export interface ExternalDnsArgs {
    cluster: ClusterHandle;
    settings: ExternalDnsSettings;
    dns: PlatformConfig["dns"];
    secrets: SecretReader;
}

const serviceAccount = "external-dns";

export class ExternalDns extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    /** The TXT owner id: the cluster's name. */
    readonly ownerId: string;
    /** What owns DNS records: releases whose records it writes can depend on it (teardown order). */
    readonly release: pulumi.Resource;

    constructor(name: string, args: ExternalDnsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:ExternalDns", name, {}, opts);
        const { settings, cluster, dns } = args;
        const zone = dns.zone!; // required by the config rules
        // Restricted: both containers run as non-root with read-only root filesystems.
        const ns = platformNamespace(this, name, { name: namespace, kubernetesVersion: cluster.kubernetesVersion });
        const provider =
            dns.provider === "route53"
                ? this.route53(name, cluster, zone)
                : this.designate(name, ns, designateCloudsYaml(cluster, dns, args.secrets));
        this.release = helmRelease(this, {
            chart: charts.externalDns,
            namespace: ns.metadata.name,
            dependsOn: provider.dependsOn,
            values: {
                ...provider.values,
                policy: settings.policy,
                registry: "txt",
                txtOwnerId: cluster.name,
                domainFilters: [zone],
                sources: [...settings.sources],
                interval: settings.interval,
                triggerLoopOnEvent: true,
            },
        });
        this.namespace = ns.metadata.name;
        this.ownerId = cluster.name;
        this.registerOutputs({ namespace: this.namespace, ownerId: this.ownerId });
    }

    /** Route53 through a role that may change records in `zone` only. */
    private route53(name: string, cluster: ClusterHandle, zone: string): ProviderValues {
        const aws = cluster.aws;
        const binder = cluster.workloadIdentity;
        if (!aws || !binder) throw new Error(`internal: ${name} needs the EKS cluster's AWS info and workload identity for Route53`);
        const hostedZone = route53Zone(cluster, zone);
        const identity = binder.bind(this, { name, namespace, serviceAccount, policy: route53Policy(hostedZone.arn) });
        return {
            dependsOn: [...identity.resources],
            values: {
                provider: { name: "aws" },
                env: [{ name: "AWS_DEFAULT_REGION", value: aws.region }],
                // Only ever look at the one zone, even if the account holds others under the same suffix.
                extraArgs: { "zone-id-filter": hostedZone.zoneId, "aws-zone-type": "public" },
                serviceAccount: { create: true, name: serviceAccount, annotations: identity.serviceAccountAnnotations },
            },
        };
    }

    /** Designate through the inovex webhook sidecar, which reads /etc/openstack/clouds.yaml. */
    private designate(name: string, ns: k8s.core.v1.Namespace, cloudsYaml: pulumi.Output<string>): ProviderValues {
        const secret = new k8s.core.v1.Secret(
            `${name}-clouds`,
            { metadata: { name: "external-dns-openstack", namespace: ns.metadata.name }, stringData: { "clouds.yaml": cloudsYaml } },
            { parent: this },
        );
        const webhook = images.externalDnsOpenstackWebhook;
        return {
            dependsOn: [secret],
            values: {
                provider: {
                    name: "webhook",
                    webhook: {
                        image: { repository: webhook.image, tag: webhook.tag },
                        extraVolumeMounts: [{ name: "clouds-yaml", mountPath: "/etc/openstack/", readOnly: true }],
                        // The chart leaves the sidecar's security context empty; restricted PSA needs it spelled out.
                        securityContext: {
                            allowPrivilegeEscalation: false,
                            readOnlyRootFilesystem: true,
                            runAsNonRoot: true,
                            runAsUser: 65532,
                            runAsGroup: 65532,
                            capabilities: { drop: ["ALL"] },
                        },
                    },
                },
                extraVolumes: [{ name: "clouds-yaml", secret: { secretName: secret.metadata.name } }],
                serviceAccount: { create: true, name: serviceAccount },
            },
        };
    }
}

interface ProviderValues {
    values: Record<string, unknown>;
    dependsOn: pulumi.Resource[];
}

/** ExternalDNS's Route53 policy, with record changes limited to one hosted zone. */
export function route53Policy(zoneArn: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.output(zoneArn).apply((arn) =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Action: ["route53:ChangeResourceRecordSets"], Resource: [arn] },
                {
                    Effect: "Allow",
                    Action: ["route53:ListHostedZones", "route53:ListResourceRecordSets", "route53:ListTagsForResources"],
                    Resource: ["*"],
                },
            ],
        }),
    );
}

export const externalDnsComponent = defineComponent(
    externalDns,
    (name, ctx) =>
        new ExternalDns(name, { cluster: ctx.cluster, settings: ctx.settings, dns: ctx.config.dns, secrets: ctx.secrets }, ctx.opts),
);
