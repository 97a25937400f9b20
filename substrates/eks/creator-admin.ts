import * as pulumi from "@pulumi/pulumi";
import * as aws from "../../platform/aws-sdk";

// With cluster.eks.creatorAdmin on, EKS itself gives the identity that creates the cluster an admin access
// entry (bootstrapClusterCreatorAdminPermissions). An access entry of ours for the same principal then fails
// the first `pulumi up` with ResourceInUseException, after the control plane's 10 minutes. The deploying
// identity is only known at deploy time, so this is checked in preview, and only while the cluster does not
// exist yet: later runs by another listed admin are fine, the creator's entry belongs to whoever created it.

/** The IAM role or user behind an STS session ARN, e.g. arn:aws:sts::1:assumed-role/deployer/s → role "deployer" of account 1. */
function principalKey(arn: string): string | undefined {
    const session = /^arn:[\w-]+:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(arn);
    if (session) return `${session[1]}:role:${session[2]}`;
    const principal = /^arn:[\w-]+:iam::(\d{12}):(role|user)\/(?:.*\/)?([^/]+)$/.exec(arn);
    return principal ? `${principal[1]}:${principal[2]}:${principal[3]}` : undefined;
}

/**
 * The problem when the identity about to create the cluster (its session issuer, a role or user ARN) is also
 * in cluster.eks.admins, or undefined. Role paths are ignored: EKS matches a role with or without its path.
 */
export function creatorAdminProblem(args: {
    clusterName: string;
    creatorAdmin: boolean;
    admins: readonly string[];
    deployerArn: string;
    existingClusters: readonly string[];
}): string | undefined {
    if (!args.creatorAdmin || args.existingClusters.includes(args.clusterName)) return undefined;
    const deployer = principalKey(args.deployerArn);
    const index = args.admins.findIndex((arn) => deployer !== undefined && principalKey(arn) === deployer);
    if (index < 0) return undefined;
    return (
        `cluster.eks.admins[${index}]: expected principals other than the identity creating the cluster while cluster.eks.creatorAdmin is true ` +
        `(EKS already gives the creator an admin access entry; a second one fails with ResourceInUseException), got "${args.admins[index]}", ` +
        `which is the identity running this deployment. Remove it from admins, or set creatorAdmin: false before the cluster is created`
    );
}

/** Resolves when the check passes; fails the preview with the problem otherwise. */
export function creatorAdminCheck(args: {
    clusterName: string;
    creatorAdmin: boolean;
    admins: readonly string[];
    invokeOpts: pulumi.InvokeOutputOptions;
}): pulumi.Output<string> {
    if (!args.creatorAdmin || args.admins.length === 0) return pulumi.output(args.clusterName);
    const caller = aws.getCallerIdentityOutput({}, args.invokeOpts);
    const session = aws.iam.getSessionContextOutput({ arn: caller.arn }, args.invokeOpts);
    const existing = aws.eks.getClustersOutput({}, args.invokeOpts);
    return pulumi.all([session.issuerArn, existing.names]).apply(([deployerArn, names]) => {
        const problem = creatorAdminProblem({ ...args, deployerArn, existingClusters: names });
        if (problem) throw new pulumi.RunError(problem);
        return args.clusterName;
    });
}
