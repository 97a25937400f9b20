import * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import type { StaticCredentials } from "./location";
import { bucketPrefixPolicy, type BackupLocationInfo } from "../../config/backup-location";
import { namespacedSecret } from "../secrets";
import type { ClusterHandle } from "../cluster/handle";

// How one backup writer (a service account) gets at its prefixes of the backup bucket: an IAM role scoped
// to those prefixes through the cluster's workload identity on EKS, or a Secret with the static S3 keys
// from secret config everywhere else. The Secret carries the keys in the shapes the writers read:
// AWS_* environment variables (barman-cloud, the AWS CLI) and an AWS credentials file under `cloud` (Velero).

export interface BackupStorageSource {
    readonly location: BackupLocationInfo | undefined;
    readonly credentials: StaticCredentials | undefined;
    readonly useWorkloadIdentity: boolean;
    readonly ready: pulumi.Resource[];
}

export interface BackupAccessArgs {
    storage: BackupStorageSource;
    cluster: ClusterHandle;
    namespace: string;
    serviceAccount: string;
    /** Bucket prefixes this writer owns (from location.prefixes). */
    prefixes: readonly string[];
    /** Name of the Secret written when static keys are used. */
    secretName: string;
    extraObjectActions?: readonly string[];
    dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export interface BackupAccess {
    /** Annotations for the writer's service account (IRSA's role ARN); empty otherwise. */
    readonly serviceAccountAnnotations: pulumi.Output<Record<string, string>>;
    /** The Secret holding static keys (keys AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, cloud), when used. */
    readonly secretName: string | undefined;
    readonly secret: k8s.core.v1.Secret | undefined;
    /** Role, policy, binding or Secret, plus the bucket: what the writer waits for. */
    readonly resources: pulumi.Resource[];
}

export const accessKeyIdKey = "AWS_ACCESS_KEY_ID";
export const secretAccessKeyKey = "AWS_SECRET_ACCESS_KEY";

export function backupAccess(scope: pulumi.Resource, name: string, args: BackupAccessArgs): BackupAccess {
    const { storage, cluster } = args;
    const location = storage.location!;
    if (storage.useWorkloadIdentity && cluster.workloadIdentity) {
        const identity = cluster.workloadIdentity.bind(scope, {
            name,
            namespace: args.namespace,
            serviceAccount: args.serviceAccount,
            policy: bucketPrefixPolicy(location, args.prefixes, args.extraObjectActions),
        });
        return {
            serviceAccountAnnotations: identity.serviceAccountAnnotations,
            secretName: undefined,
            secret: undefined,
            resources: [...identity.resources, ...storage.ready],
        };
    }
    const creds = storage.credentials!; // validation requires credentials wherever identity is unavailable
    const ini = pulumi.interpolate`[default]\naws_access_key_id=${creds.accessKeyId}\naws_secret_access_key=${creds.secretAccessKey}\n`;
    const secret = namespacedSecret(scope, `${name}-s3-credentials`, {
        secretName: args.secretName,
        namespace: args.namespace,
        stringData: { [accessKeyIdKey]: creds.accessKeyId, [secretAccessKeyKey]: creds.secretAccessKey, cloud: ini },
        dependsOn: args.dependsOn,
    });
    return {
        serviceAccountAnnotations: pulumi.output<Record<string, string>>({}),
        secretName: args.secretName,
        secret,
        resources: [secret, ...storage.ready],
    };
}
