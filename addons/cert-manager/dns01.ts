import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { helmRelease } from "../../platform/helm";
import { charts, images } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import { openstackEnv, route53Zone } from "../../platform/dns-zone";

// cert-manager's DNS01 solvers for `dns.zone`: Route53 on EKS (the controller's service account gets a
// role that may write TXT records in that zone only) and OpenStack Designate through SysEleven's webhook
// (the Magnum (Jetstream2) reference platform). Wildcard certificates and hosts without a public HTTP route need DNS01; HTTP01 stays the
// fallback for every other name.

/** The cert-manager chart names its controller's service account after the release. */
export const controllerServiceAccount = "cert-manager";

export interface Route53Solver {
    /** The ACME solver (without its selector). */
    readonly solver: Record<string, unknown>;
    /** Annotations for the controller's service account (IRSA); empty with EKS Pod Identity. */
    readonly serviceAccountAnnotations: pulumi.Output<Record<string, string>>;
    /** The role and its binding: the cert-manager release waits for them. */
    readonly resources: readonly pulumi.Resource[];
}

/** A Route53 solver whose credentials come from a role bound to cert-manager's service account. */
export function route53Solver(
    scope: pulumi.Resource,
    name: string,
    cluster: ClusterHandle,
    zone: string,
    namespace: string,
): Route53Solver {
    const aws = cluster.aws;
    const binder = cluster.workloadIdentity;
    if (!aws || !binder) throw new Error(`internal: ${name} needs the EKS cluster's AWS info and workload identity for Route53 DNS01`);
    const hostedZone = route53Zone(cluster, zone);
    const identity = binder.bind(scope, {
        name: `${name}-dns01`,
        namespace,
        serviceAccount: controllerServiceAccount,
        policy: dns01Route53Policy(hostedZone.arn),
    });
    return {
        // ClusterIssuers use the controller's ambient credentials by default: no keys in the issuer.
        solver: { dns01: { route53: { region: aws.region, hostedZoneID: hostedZone.zoneId } } },
        serviceAccountAnnotations: identity.serviceAccountAnnotations,
        resources: identity.resources,
    };
}

/** cert-manager's documented Route53 policy, limited to TXT records in one zone (hostedZoneID is set, so no zone listing). */
export function dns01Route53Policy(zoneArn: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.output(zoneArn).apply((arn) =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                // The zone ARN carries the partition (arn:aws-cn:route53:… in China).
                { Effect: "Allow", Action: "route53:GetChange", Resource: `arn:${arn.split(":")[1]}:route53:::change/*` },
                {
                    Effect: "Allow",
                    Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"],
                    Resource: arn,
                    Condition: { "ForAllValues:StringEquals": { "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"] } },
                },
            ],
        }),
    );
}

/** The groupName and solverName SysEleven's webhook registers (hard-coded in its main.go). */
export const designateSolver = { dns01: { webhook: { groupName: "acme.syseleven.de", solverName: "designatedns" } } } as const;

export interface DesignateWebhookArgs {
    namespace: pulumi.Input<string>;
    /** A clouds.yaml (secret); its `openstack` cloud becomes the webhook's OS_* environment. */
    cloudsYaml: pulumi.Output<string>;
    /** cert-manager's CRDs and release: the chart creates its own serving Issuer and Certificate. */
    certManagerReady: pulumi.Resource[];
}

/** SysEleven's Designate webhook, next to cert-manager (its RBAC is for cert-manager's service account). */
export function designateWebhook(scope: pulumi.Resource, name: string, args: DesignateWebhookArgs): k8s.helm.v3.Release {
    const credentials = new k8s.core.v1.Secret(
        `${name}-designate-credentials`,
        { metadata: { name: "designate-credentials", namespace: args.namespace }, stringData: args.cloudsYaml.apply(openstackEnv) },
        { parent: scope },
    );
    const restricted = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsNonRoot: true, runAsUser: 1000 };
    return helmRelease(scope, {
        chart: charts.designateCertmanagerWebhook,
        namespace: args.namespace,
        dependsOn: [...args.certManagerReady, credentials],
        values: {
            certManager: { namespace: args.namespace, serviceAccountName: controllerServiceAccount },
            credentialsSecret: credentials.metadata.name,
            // The chart's default image tag (0.2.18) is stale and its init images are unpinned.
            image: { repository: images.designateCertmanagerWebhook.image, tag: images.designateCertmanagerWebhook.tag },
            alpine: { image: { repository: images.designateWebhookAlpine.image, tag: images.designateWebhookAlpine.tag } },
            kubectl: { image: { repository: images.designateWebhookKubectl.image, tag: images.designateWebhookKubectl.tag } },
            // cert-manager's namespace enforces the restricted Pod Security level.
            podSecurityContext: { fsGroup: 2000, runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
            securityContext: restricted,
        },
    });
}
