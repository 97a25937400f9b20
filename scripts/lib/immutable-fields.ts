// Inputs that cannot change in place: a change to one of them makes Pulumi replace the resource (delete and
// create, or create-before-delete). The PR diff names the field so a reviewer sees *why* a cluster, node pool
// or namespace is about to be rebuilt before it happens.
//
// Sources: terraform-provider-aws internal/service/eks/{cluster,node_group}.go (ForceNew), the
// terraform-provider-openstack schemas behind @pulumi/openstack 3.15.2 (see research/substrates.md B1–B5),
// and the Kubernetes API (names and a few spec fields are immutable).

/** A dotted path into a resource's inputs; `*` matches any one key or list index. */
export type InputPath = string;

export const immutableInputs: Readonly<Record<string, readonly InputPath[]>> = {
    // EKS (terraform-provider-aws ForceNew; vpcConfig.subnetIds is updatable in place since 2023).
    "aws:eks/cluster:Cluster": [
        "name",
        "roleArn",
        "bootstrapSelfManagedAddons",
        "accessConfig.bootstrapClusterCreatorAdminPermissions",
        "kubernetesNetworkConfig.ipFamily",
        "kubernetesNetworkConfig.serviceIpv4Cidr",
        "outpostConfig",
        "remoteNetworkConfig",
    ],
    // terraform-provider-random: every input of a random value forces a new one (keepers are how a rotation is asked for).
    "random:index/randomString:RandomString": ["keepers", "length", "lower", "upper", "numeric", "special"],
    "random:index/randomPassword:RandomPassword": ["keepers", "length", "lower", "upper", "numeric", "special"],
    "aws:eks/nodeGroup:NodeGroup": [
        "amiType",
        "capacityType",
        "clusterName",
        "diskSize",
        "instanceTypes",
        "launchTemplate.id",
        "launchTemplate.name",
        "nodeGroupName",
        "nodeGroupNamePrefix",
        "nodeRoleArn",
        "remoteAccess",
        "subnetIds",
    ],
    "aws:eks/addon:Addon": ["addonName", "clusterName"],
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": ["clusterName", "namespace", "serviceAccount"],
    "aws:eks/accessEntry:AccessEntry": ["clusterName", "principalArn", "type"],
    "aws:kms/key:Key": ["customerMasterKeySpec", "keyUsage", "multiRegion", "xksKeyId", "customKeyStoreId"],
    "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix", "objectLockEnabled"],
    "aws:s3/bucketV2:BucketV2": ["bucket", "bucketPrefix", "objectLockEnabled"],
    "aws:ec2/vpc:Vpc": ["cidrBlock", "instanceTenancy"],
    "aws:ec2/subnet:Subnet": ["vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId"],
    "aws:ec2/securityGroupRule:SecurityGroupRule": ["*"],
    "aws:ec2/routeTableAssociation:RouteTableAssociation": ["subnetId", "gatewayId"],
    "aws:iam/role:Role": ["name", "namePrefix", "path"],
    // Magnum: every Cluster input except nodeCount (and clusterTemplateId, which upgrades in place).
    "openstack:containerinfra/cluster:Cluster": [
        "name",
        "labels",
        "mergeLabels",
        "masterCount",
        "flavor",
        "masterFlavor",
        "keypair",
        "fixedNetwork",
        "fixedSubnet",
        "floatingIpEnabled",
        "dockerVolumeSize",
        "createTimeout",
        "discoveryUrl",
        "region",
    ],
    "openstack:containerinfra/nodeGroup:NodeGroup": [
        "clusterId",
        "name",
        "region",
        "dockerVolumeSize",
        "labels",
        "mergeLabels",
        "role",
        "imageId",
        "flavorId",
    ],
    // Templates are updatable upstream but Magnum refuses to patch one a cluster uses; groundwork versions them by name.
    "openstack:containerinfra/clusterTemplate:ClusterTemplate": ["region", "name"],
    // Nova
    "openstack:compute/instance:Instance": [
        "userData",
        "keyPair",
        "blockDevices",
        "networks",
        "availabilityZone",
        "schedulerHints",
        "personalities",
        "configDrive",
    ],
    "openstack:compute/serverGroup:ServerGroup": ["*"],
    "openstack:compute/keypair:Keypair": ["name", "publicKey"],
    "openstack:networking/secGroupRule:SecGroupRule": ["*"],
    "openstack:networking/subnet:Subnet": ["networkId", "cidr", "ipVersion"],
    "openstack:networking/floatingIp:FloatingIp": ["pool"],
    "openstack:blockstorage/volume:Volume": ["volumeType", "availabilityZone", "imageId", "snapshotId", "sourceVolId"],
    // Kubernetes objects that the API server will not change in place.
    "kubernetes:storage.k8s.io/v1:StorageClass": ["provisioner", "parameters", "reclaimPolicy", "volumeBindingMode"],
    "kubernetes:batch/v1:Job": ["spec.template", "spec.selector", "spec.completions"],
    "kubernetes:apps/v1:Deployment": ["spec.selector"],
    "kubernetes:apps/v1:StatefulSet": ["spec.selector", "spec.serviceName", "spec.volumeClaimTemplates", "spec.podManagementPolicy"],
    "kubernetes:apps/v1:DaemonSet": ["spec.selector"],
    "kubernetes:core/v1:PersistentVolumeClaim": ["spec.storageClassName", "spec.accessModes", "spec.volumeMode", "spec.selector"],
    "kubernetes:core/v1:Service": ["spec.clusterIP", "spec.clusterIPs"],
    "kubernetes:core/v1:Secret": ["type"],
    "kubernetes:helm.sh/v3:Release": ["name", "namespace"],
};

/** Every Kubernetes object is replaced when its name or namespace changes. */
const kubernetesIdentity: readonly InputPath[] = ["metadata.name", "metadata.namespace"];

export function immutablePathsOf(type: string): readonly InputPath[] {
    const own = immutableInputs[type] ?? [];
    const isObject = type.startsWith("kubernetes:") && !type.startsWith("kubernetes:helm.sh/") && !type.startsWith("kubernetes:yaml/");
    return isObject ? [...kubernetesIdentity, ...own] : own;
}

/** The immutable path that a changed input (as path segments, e.g. ["labels", "kube_tag"]) falls under. */
export function immutableMatch(type: string, segments: readonly string[]): InputPath | undefined {
    return immutablePathsOf(type).find((pattern) => {
        const want = pattern.split(".");
        if (want.length > segments.length) return false;
        return want.every((w, i) => w === "*" || w === segments[i]);
    });
}
