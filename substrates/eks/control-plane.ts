import * as pulumi from "@pulumi/pulumi";
import * as aws from "../../platform/aws-sdk";
import type { ResolvedEks } from "./manifest";
import { creatorAdminCheck } from "./creator-admin";

// The EKS control plane: Secrets envelope-encrypted with a customer KMS key (rotated yearly), control-plane
// logs into a log group with a retention (EKS's own never expires), the API endpoint private and the public
// one off or limited, and access through access entries only (no aws-auth ConfigMap).

export interface ControlPlaneArgs {
    clusterName: string;
    kubernetesVersion: string;
    serviceCidr: string;
    eks: ResolvedEks;
    subnetIds: pulumi.Input<string>[];
    partition: pulumi.Output<string>;
    /** Prod: the cluster and its key cannot be deleted by a `pulumi up` or `destroy`. */
    protect: boolean;
    opts: pulumi.CustomResourceOptions;
}

export interface ControlPlane {
    readonly cluster: aws.eks.Cluster;
    readonly secretsKey: aws.kms.Key;
    /** Access entries and their policy associations: who may use the Kubernetes API. */
    readonly access: pulumi.Resource[];
}

const accessPolicies = {
    admins: "AmazonEKSClusterAdminPolicy",
    // Read-only: no Secrets, no RBAC objects.
    viewers: "AmazonEKSViewPolicy",
} as const;

export function eksControlPlane(name: string, args: ControlPlaneArgs): ControlPlane {
    const { eks, opts } = args;
    const policyArn = (policy: string) => pulumi.interpolate`arn:${args.partition}:iam::aws:policy/${policy}`;

    const secretsKey = new aws.kms.Key(
        `${name}-secrets`,
        {
            description: `Envelope encryption of Kubernetes Secrets in EKS cluster ${args.clusterName}`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
        },
        { ...opts, protect: args.protect },
    );
    new aws.kms.Alias(`${name}-secrets`, { name: `alias/${args.clusterName}-eks-secrets`, targetKeyId: secretsKey.keyId }, opts);

    const role = new aws.iam.Role(
        `${name}-cluster`,
        {
            description: `EKS control plane of ${args.clusterName}`,
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
            }),
        },
        opts,
    );
    const rolePolicy = new aws.iam.RolePolicyAttachment(
        `${name}-cluster`,
        { role: role.name, policyArn: policyArn("AmazonEKSClusterPolicy") },
        opts,
    );

    const logs = eks.logTypes.length
        ? [
              new aws.cloudwatch.LogGroup(
                  `${name}-control-plane`,
                  { name: `/aws/eks/${args.clusterName}/cluster`, retentionInDays: eks.logRetentionDays },
                  opts,
              ),
          ]
        : [];

    // The name waits for the creator check, so a conflicting admin entry fails the preview, not the create.
    const checkedName = creatorAdminCheck({
        clusterName: args.clusterName,
        creatorAdmin: eks.creatorAdmin,
        admins: eks.admins,
        invokeOpts: { parent: opts.parent, provider: opts.provider },
    });
    const cluster = new aws.eks.Cluster(
        name,
        {
            name: checkedName,
            version: args.kubernetesVersion,
            roleArn: role.arn,
            vpcConfig: {
                subnetIds: args.subnetIds,
                endpointPrivateAccess: eks.privateEndpoint,
                endpointPublicAccess: eks.publicEndpoint,
                publicAccessCidrs: eks.publicEndpoint
                    ? eks.publicAccessCidrs.length
                        ? [...eks.publicAccessCidrs]
                        : ["0.0.0.0/0"]
                    : undefined,
            },
            encryptionConfig: { provider: { keyArn: secretsKey.arn }, resources: ["secrets"] },
            enabledClusterLogTypes: [...eks.logTypes],
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: eks.creatorAdmin },
            // vpc-cni, kube-proxy and CoreDNS come as pinned managed add-ons instead (./managed-addons.ts).
            bootstrapSelfManagedAddons: false,
            kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: args.serviceCidr },
            upgradePolicy: { supportType: eks.supportType },
            deletionProtection: eks.deletionProtection,
        },
        { ...opts, protect: args.protect, dependsOn: [rolePolicy, ...logs] },
    );

    const access: pulumi.Resource[] = [];
    for (const group of ["admins", "viewers"] as const) {
        for (const [slug, principalArn] of principalSlugs(eks[group])) {
            const entryName = `${name}-${group.slice(0, -1)}-${slug}`;
            const entry = new aws.eks.AccessEntry(entryName, { clusterName: cluster.name, principalArn, type: "STANDARD" }, opts);
            const association = new aws.eks.AccessPolicyAssociation(
                entryName,
                {
                    clusterName: cluster.name,
                    principalArn,
                    policyArn: pulumi.interpolate`arn:${args.partition}:eks::aws:cluster-access-policy/${accessPolicies[group]}`,
                    accessScope: { type: "cluster" },
                },
                { ...opts, dependsOn: [entry] },
            );
            access.push(entry, association);
        }
    }
    return { cluster, secretsKey, access };
}

/** Stable logical names for principals: the role or user name, with the account where two share a name. */
export function principalSlugs(arns: readonly string[]): [string, string][] {
    const base = (arn: string) =>
        arn
            .split("/")
            .pop()!
            .toLowerCase()
            .replace(/[^a-z0-9-]+/g, "-");
    const account = (arn: string) => arn.split(":")[4];
    return arns.map((arn) => {
        const clash = arns.some((other) => other !== arn && base(other) === base(arn));
        return [clash ? `${base(arn)}-${account(arn)}` : base(arn), arn];
    });
}
