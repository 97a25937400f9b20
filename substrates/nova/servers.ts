import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";

// One Nova server booting from a Cinder volume, attached through its own port (security groups and the
// kube-vip allowed address live on the port), placed by a server group.

export interface NodeServerArgs {
    serverName: string;
    region: string;
    imageId: pulumi.Input<string>;
    flavor: string;
    diskGiB: number;
    volumeType?: string;
    keypair?: string;
    networkId: pulumi.Input<string>;
    subnetId: pulumi.Input<string>;
    /** Control-plane nodes get fixed addresses (kubeadm advertise address, Octavia members). */
    fixedIp?: string;
    securityGroupIds: pulumi.Input<string>[];
    /** kube-vip: the VIP this port may answer for. */
    allowedAddresses?: string[];
    serverGroupId: pulumi.Input<string>;
    /** Secret: cloud-init with the node's bootstrap token (and, on control planes, the shared PKI). */
    userData: pulumi.Output<string>;
    /** How many times the node was rebuilt (cluster.nova.rebuilds): raising it replaces the server. */
    rebuild: number;
    role: string;
    clusterName: string;
    /** Prod control-plane nodes: etcd lives on their boot volumes (replace one with `pulumi state unprotect` first). */
    protect?: boolean;
}

export function nodeServer(
    scope: pulumi.Resource,
    name: string,
    args: NodeServerArgs,
    dependsOn: pulumi.Resource[] = [],
): openstack.compute.Instance {
    const port = new openstack.networking.Port(
        `${name}-port`,
        {
            name: `${args.serverName}-port`,
            networkId: args.networkId,
            fixedIps: [{ subnetId: args.subnetId, ipAddress: args.fixedIp }],
            securityGroupIds: args.securityGroupIds,
            allowedAddressPairs: args.allowedAddresses?.map((ipAddress) => ({ ipAddress })),
            adminStateUp: true,
            region: args.region,
        },
        { parent: scope, dependsOn },
    );
    return new openstack.compute.Instance(
        name,
        {
            name: args.serverName,
            flavorName: args.flavor,
            keyPair: args.keypair,
            blockDevices: [
                {
                    uuid: args.imageId,
                    sourceType: "image",
                    destinationType: "volume",
                    volumeSize: args.diskGiB,
                    volumeType: args.volumeType,
                    bootIndex: 0,
                    deleteOnTermination: true,
                },
            ],
            networks: [{ port: port.id }],
            schedulerHints: [{ group: args.serverGroupId }],
            userData: pulumi.secret(args.userData),
            // The rebuild count appears once a node was rebuilt, so servers that never were keep their metadata.
            metadata: {
                "groundwork-cluster": args.clusterName,
                "groundwork-role": args.role,
                ...(args.rebuild > 0 ? { "groundwork-rebuild": String(args.rebuild) } : {}),
            },
            region: args.region,
        },
        {
            parent: scope,
            dependsOn,
            // user data runs once, at first boot: a changed script (a version bump) must not replace every
            // node at once, nor must a new image behind the same name. Nodes are replaced one at a time on
            // purpose (cluster.nova.rebuilds): a replacement is created from the program's current inputs,
            // ignored ones included, so it boots the current image and user data with fresh join material.
            ignoreChanges: ["userData", "blockDevices[0].uuid"],
            replaceOnChanges: ["metadata"],
            // The port (and a control plane's fixed address) moves to the replacement: the old server goes first.
            deleteBeforeReplace: true,
            protect: args.protect ?? false,
            customTimeouts: { create: "30m", delete: "20m" },
        },
    );
}
