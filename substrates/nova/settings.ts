import { z } from "zod";
import { cidr, ipv4Address, positiveInt } from "../../model/primitives";
import { flavorName, openstackCloudSettings } from "../openstack/settings";

export const novaClusterSettings = z
    .strictObject({
        cloud: openstackCloudSettings,
        imageId: z
            .string({ error: "expected a Glance image ID" })
            .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { error: "expected a Glance image ID (a UUID)" })
            .optional()
            .describe(
                "Glance image ID (Ubuntu 22.04/24.04 cloud image; cloud-init installs the rest), from `openstack image show -f value -c id <name>`. Nodes keep the image they were created from; new and rebuilt nodes use this one. Required in prod.",
            ),
        image: z
            .string({ error: "expected a Glance image name" })
            .min(1)
            .optional()
            .describe(
                "Dev only: a Glance image name, looked up (newest upload wins) when a node is created; prod pins imageId. Running nodes never follow a new upload.",
            ),
        rebuilds: z
            .record(
                z.string().regex(/^[a-z0-9-]+$/, { error: "expected a node name such as cp-1 or workers-3" }),
                z.number().int().min(0).describe("How many times the node has been rebuilt."),
            )
            .default({})
            .describe(
                'Nodes to rebuild, by node name ("cp-1", "<pool>-3") → how many times each has been rebuilt. Raising a number replaces that server with a new one: its current image, version and fresh join material.',
            ),
        externalNetwork: z
            .string({ error: "expected the external network's name (e.g. public)" })
            .min(1)
            .describe("External network name for the router gateway and floating IPs."),
        keypair: z
            .string()
            .min(1)
            .optional()
            .describe(
                "Nova keypair name for SSH; none is safest (SSH stays closed unless sshAllowedCidrs is set too). Changing it replaces the servers.",
            ),
        controlPlane: z
            .strictObject({
                count: positiveInt
                    .optional()
                    .describe("Control-plane (etcd) members: 1 or an odd number ≥ 3; 1 in dev, 3 in prod when unset."),
                flavor: flavorName.describe("Nova flavor of the control-plane servers, e.g. m3.medium."),
                diskGiB: z
                    .number()
                    .int()
                    .min(20, { error: "expected at least 20 GiB" })
                    .max(2048)
                    .default(50)
                    .describe("Boot volume of each control-plane server, in GiB. Changing it replaces the servers."),
            })
            .describe("The kubeadm control-plane servers."),
        controlPlaneEndpoint: z
            .enum(["octavia", "kube-vip"])
            .default("octavia")
            .describe(
                "How the API servers share one address: an Octavia load balancer, or a kube-vip virtual IP (ARP). Fixed at creation (it is in the certificates and kubeconfigs).",
            ),
        vipAddress: ipv4Address
            .optional()
            .describe("kube-vip's virtual IP inside network.nodeCidr (one of its first 31 addresses); the 10th address when unset."),
        vipInterface: z
            .string()
            .min(1)
            .default("ens3")
            .describe("The node NIC kube-vip announces the VIP on (Ubuntu cloud images on KVM: ens3)."),
        octaviaProvider: z
            .enum(["amphora", "ovn"])
            .default("amphora")
            .describe(
                "The cloud's Octavia provider, for the API load balancer and Services of type LoadBalancer (ovn needs SOURCE_IP_PORT and has no allowed CIDRs).",
            ),
        apiFloatingIp: z
            .boolean()
            .default(true)
            .describe("A floating IP for the API endpoint; off = reachable from the tenant network only."),
        apiAllowedCidrs: z
            .array(cidr)
            .min(1, { error: "expected at least one CIDR allowed to reach the API (e.g. your office or VPN)" })
            .describe("Who may reach the Kubernetes API (port 6443): operators, CI. Nodes are always allowed."),
        sshAllowedCidrs: z.array(cidr).default([]).describe("Who may SSH to the nodes; empty = nobody. Prod refuses 0.0.0.0/0."),
        volumeType: z
            .string()
            .min(1)
            .optional()
            .describe("Cinder volume type of the boot volumes; the cloud's default when unset. Changing it replaces the servers."),
        dnsNameservers: z.array(ipv4Address).default(["1.1.1.1", "8.8.8.8"]).describe("DNS resolvers the node subnet hands out by DHCP."),
        serverGroupPolicy: z
            .strictObject({
                controlPlane: z
                    .enum(["anti-affinity", "soft-anti-affinity"])
                    .default("anti-affinity")
                    .describe("Policy of the control plane's server group: anti-affinity never puts two members on one hypervisor."),
                workers: z
                    .enum(["anti-affinity", "soft-anti-affinity"])
                    .default("soft-anti-affinity")
                    .describe("Policy of each worker pool's server group: soft-anti-affinity spreads when it can."),
            })
            .default({ controlPlane: "anti-affinity", workers: "soft-anti-affinity" })
            .describe(
                "Nova server-group policies: hard anti-affinity fails to schedule when a pool outgrows the hosts. Server groups are immutable: a change replaces them and their servers.",
            ),
    })
    .describe(
        "`substrate: nova`: plain Nova VMs that groundwork turns into a kubeadm cluster (clouds without Magnum): network, security groups, server groups, control plane, workers.",
    );

export type NovaClusterSettings = z.infer<typeof novaClusterSettings>;
