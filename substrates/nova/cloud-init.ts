import { stringify } from "yaml";
import { sharedPkiFiles, type ControlPlanePki } from "./pki";
import { runtimesOfPool, sandboxedRuntimeCloudInit } from "./runtimes";

// cloud-init user data that turns a plain Ubuntu VM into a kubeadm node: kernel modules and sysctls,
// pinned CRI-O and kubeadm/kubelet/kubectl from their upstream apt repositories, then `kubeadm init` on the
// first control-plane node or `kubeadm join` everywhere else. A pure function of plain values: the
// caller feeds it secrets inside an `apply`, so the result stays a Pulumi secret.

export type NodeRole = "init" | "control-plane" | "worker";

export interface KubeVipArgs {
    /** The virtual IP of the API servers. */
    address: string;
    /** The NIC to announce it on (ARP). */
    interface: string;
    /** image:tag from the version catalog. */
    image: string;
}

export interface CloudInitArgs {
    role: NodeRole;
    clusterName: string;
    /** Exact Kubernetes release, "1.34.4". */
    kubernetesVersion: string;
    /** Exact CRI-O release of the same minor, "1.34.4". */
    crioVersion: string;
    /** host:port every node uses to reach the API servers (VIP or load balancer). */
    controlPlaneEndpoint: string;
    podCidr: string;
    serviceCidr: string;
    /** Extra names/addresses in the API server certificate (floating IP, VIP). */
    certSans: readonly string[];
    /** Control-plane nodes: the address the API server advertises (the node's fixed IP). */
    advertiseAddress?: string;
    /** Joining nodes: this node's own bootstrap token, [a-z0-9]{6}.[a-z0-9]{16} (join.ts registers it). */
    bootstrapToken?: string;
    /** sha256:<hex> of the cluster CA's public key: how joining nodes trust the API server. */
    caCertHash: string;
    /**
     * Control-plane nodes (init and join): the shared PKI the program generated, written to /etc/kubernetes/pki
     * before kubeadm runs (kubeadm's manual certificate distribution; no uploaded certificates, no certificate key).
     */
    controlPlanePki?: ControlPlanePki;
    /** Start kubelets with --cloud-provider=external (the OpenStack cloud-controller-manager initialises nodes). */
    cloudProviderExternal: boolean;
    /** Control-plane nodes with the kube-vip endpoint. */
    kubeVip?: KubeVipArgs;
    labels?: Readonly<Record<string, string>>;
    taints?: readonly { key: string; value?: string; effect: string }[];
}

const criSocket = "unix:///var/run/crio/crio.sock";
const kubeadmApi = "kubeadm.k8s.io/v1beta4";

const minorOf = (version: string) => version.split(".").slice(0, 2).join(".");
/** pkgs.k8s.io and the openSUSE CRI-O repository both publish revision -1.1 of a release. */
export const aptVersion = (version: string) => `${version}-1.1`;

function nodeRegistration(args: CloudInitArgs): Record<string, unknown> {
    const kubeletExtraArgs: { name: string; value: string }[] = [];
    if (args.cloudProviderExternal) kubeletExtraArgs.push({ name: "cloud-provider", value: "external" });
    const labels = Object.entries(args.labels ?? {});
    if (labels.length) kubeletExtraArgs.push({ name: "node-labels", value: labels.map(([k, v]) => `${k}=${v}`).join(",") });
    return {
        criSocket,
        kubeletExtraArgs,
        // kube-vip's static pod is in the manifests directory before `kubeadm init` runs.
        ...(args.role === "init" && args.kubeVip ? { ignorePreflightErrors: ["DirAvailable--etc-kubernetes-manifests"] } : {}),
        // Workers: exactly the pool's taints. Control planes: kubeadm's default control-plane taint.
        ...(args.role === "worker"
            ? { taints: (args.taints ?? []).map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect })) }
            : {}),
    };
}

/** The kubeadm configuration documents for this node (init or join), as one multi-document YAML. */
export function kubeadmConfig(args: CloudInitArgs): string {
    const apiEndpoint = args.advertiseAddress ? { advertiseAddress: args.advertiseAddress, bindPort: 6443 } : undefined;
    if (args.role === "init") {
        const docs = [
            {
                apiVersion: kubeadmApi,
                kind: "InitConfiguration",
                // Nodes join with tokens of their own; kubeadm still mints one here (its bootstrap-token phase
                // also sets up the RBAC every token relies on), so let nobody's token outlive the install.
                bootstrapTokens: [
                    {
                        ttl: "15m0s",
                        description: "unused: every node joins with its own token",
                        groups: ["system:bootstrappers:kubeadm:default-node-token"],
                        usages: ["signing", "authentication"],
                    },
                ],
                ...(apiEndpoint ? { localAPIEndpoint: apiEndpoint } : {}),
                nodeRegistration: nodeRegistration(args),
            },
            {
                apiVersion: kubeadmApi,
                kind: "ClusterConfiguration",
                kubernetesVersion: `v${args.kubernetesVersion}`,
                clusterName: args.clusterName,
                controlPlaneEndpoint: args.controlPlaneEndpoint,
                networking: { podSubnet: args.podCidr, serviceSubnet: args.serviceCidr, dnsDomain: "cluster.local" },
                apiServer: { certSANs: [...args.certSans] },
            },
            { apiVersion: "kubelet.config.k8s.io/v1beta1", kind: "KubeletConfiguration", cgroupDriver: "systemd" },
        ];
        return docs.map((d) => stringify(d, { lineWidth: 0 })).join("---\n");
    }
    if (!args.bootstrapToken) throw new Error(`a ${args.role} node joins with a bootstrap token of its own`);
    return stringify(
        {
            apiVersion: kubeadmApi,
            kind: "JoinConfiguration",
            discovery: {
                bootstrapToken: {
                    token: args.bootstrapToken,
                    apiServerEndpoint: args.controlPlaneEndpoint,
                    caCertHashes: [args.caCertHash],
                },
            },
            nodeRegistration: nodeRegistration(args),
            // The certificates are already in /etc/kubernetes/pki: no certificateKey, nothing to download.
            ...(args.role === "control-plane" ? { controlPlane: apiEndpoint ? { localAPIEndpoint: apiEndpoint } : {} } : {}),
        },
        { lineWidth: 0 },
    );
}

/** kube-vip as a static pod (ARP mode, control-plane VIP only). */
export function kubeVipManifest(vip: KubeVipArgs, kubeconfigPath: string): string {
    const env = Object.entries({
        vip_arp: "true",
        port: "6443",
        vip_interface: vip.interface,
        vip_subnet: "32",
        address: vip.address,
        cp_enable: "true",
        svc_enable: "false",
        vip_leaderelection: "true",
        vip_leaseduration: "5",
        vip_renewdeadline: "3",
        vip_retryperiod: "1",
    }).map(([name, value]) => ({ name, value }));
    return stringify({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "kube-vip", namespace: "kube-system" },
        spec: {
            hostNetwork: true,
            hostAliases: [{ ip: "127.0.0.1", hostnames: ["kubernetes"] }],
            containers: [
                {
                    name: "kube-vip",
                    image: vip.image,
                    args: ["manager"],
                    env: [...env, { name: "vip_nodename", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }],
                    securityContext: { capabilities: { add: ["NET_ADMIN", "NET_RAW"] } },
                    volumeMounts: [{ name: "kubeconfig", mountPath: "/etc/kubernetes/admin.conf" }],
                },
            ],
            volumes: [{ name: "kubeconfig", hostPath: { path: kubeconfigPath, type: "File" } }],
        },
    });
}

/** pkgs.k8s.io publishes one repository per Kubernetes minor. */
export const kubernetesRepository = (version: string) => `https://pkgs.k8s.io/core:/stable:/v${minorOf(version)}/deb/`;
/** CRI-O's packages, one repository per minor (the legacy pkgs.k8s.io/addons:/cri-o location is gone). */
export const crioRepository = (version: string) =>
    `https://download.opensuse.org/repositories/isv:/cri-o:/stable:/v${minorOf(version)}/deb/`;

export function cloudInit(args: CloudInitArgs): string {
    const k8sRepo = kubernetesRepository(args.kubernetesVersion);
    const crioRepo = crioRepository(args.crioVersion);
    const configFile = args.role === "init" ? "/etc/kubernetes/kubeadm/init.yaml" : "/etc/kubernetes/kubeadm/join.yaml";
    const files: Record<string, unknown>[] = [
        { path: "/etc/modules-load.d/kubernetes.conf", content: "overlay\nbr_netfilter\n" },
        {
            path: "/etc/sysctl.d/99-kubernetes.conf",
            content: "net.bridge.bridge-nf-call-iptables = 1\nnet.bridge.bridge-nf-call-ip6tables = 1\nnet.ipv4.ip_forward = 1\n",
        },
        // Holds the node's bootstrap token: root only.
        { path: configFile, permissions: "0600", content: kubeadmConfig(args) },
    ];
    if (args.role !== "worker") {
        if (!args.controlPlanePki) throw new Error("a control-plane node needs the shared control-plane PKI");
        // kubeadm uses existing authorities and keys instead of generating them: every control plane gets the
        // same ones, and groundwork knows the CA it signs the admin kubeconfig with.
        for (const file of sharedPkiFiles) {
            const key = file.endsWith(".key");
            files.push({ path: `/etc/kubernetes/pki/${file}`, permissions: key ? "0600" : "0644", content: args.controlPlanePki[file] });
        }
    }
    if (args.kubeVip && args.role === "init") {
        // The VIP must be up before `kubeadm init` waits on it. kubeadm >= 1.29: admin.conf only works once
        // init created its RBAC, so kube-vip starts with super-admin.conf and switches to admin.conf afterwards.
        files.push({
            path: "/etc/kubernetes/manifests/kube-vip.yaml",
            permissions: "0600",
            content: kubeVipManifest(args.kubeVip, "/etc/kubernetes/super-admin.conf"),
        });
    } else if (args.kubeVip && args.role === "control-plane") {
        // Joining control planes reach the API through the VIP node 0 holds; `kubeadm join` wants an empty
        // manifests directory, so their kube-vip moves in after the join.
        files.push({
            path: "/etc/kubernetes/kube-vip.yaml",
            permissions: "0600",
            content: kubeVipManifest(args.kubeVip, "/etc/kubernetes/admin.conf"),
        });
    }
    const packages = ["cri-o", "kubelet", "kubeadm", "kubectl"];
    const pinned = [`cri-o=${aptVersion(args.crioVersion)}`, ...packages.slice(1).map((p) => `${p}=${aptVersion(args.kubernetesVersion)}`)];
    const runcmd: string[] = [
        "modprobe overlay",
        "modprobe br_netfilter",
        "sysctl --system",
        "swapoff -a",
        "sed -i '/\\sswap\\s/ s/^/#/' /etc/fstab",
        "apt-get update",
        "apt-get install -y apt-transport-https ca-certificates curl gpg",
        "install -m 0755 -d /etc/apt/keyrings",
        `curl -fsSL ${k8sRepo}Release.key | gpg --dearmor -o /etc/apt/keyrings/kubernetes-apt-keyring.gpg`,
        `curl -fsSL ${crioRepo}Release.key | gpg --dearmor -o /etc/apt/keyrings/cri-o-apt-keyring.gpg`,
        `echo 'deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] ${k8sRepo} /' > /etc/apt/sources.list.d/kubernetes.list`,
        `echo 'deb [signed-by=/etc/apt/keyrings/cri-o-apt-keyring.gpg] ${crioRepo} /' > /etc/apt/sources.list.d/cri-o.list`,
        "apt-get update",
        `apt-get install -y ${pinned.join(" ")}`,
        `apt-mark hold ${packages.join(" ")}`,
        "systemctl enable --now crio",
        "systemctl enable kubelet",
    ];
    // Worker pools that declare sandboxed runtimes (gVisor, WasmEdge) get them before they join.
    const sandboxed = args.role === "worker" ? sandboxedRuntimeCloudInit(runtimesOfPool({ labels: args.labels ?? {} })) : undefined;
    if (sandboxed) {
        files.push(sandboxed.file);
        runcmd.push(sandboxed.runcmd);
    }
    if (args.role === "init") {
        runcmd.push(`kubeadm init --config ${configFile}`);
        if (args.kubeVip)
            runcmd.push("sed -i 's#/etc/kubernetes/super-admin.conf#/etc/kubernetes/admin.conf#' /etc/kubernetes/manifests/kube-vip.yaml");
    } else {
        // Joining nodes boot alongside the init node: retry until its API server answers (about 30 minutes).
        const join = `kubeadm join --config ${configFile}`;
        runcmd.push(`for attempt in $(seq 1 90); do ${join} && break; kubeadm reset --force; sleep 20; done`);
        if (args.kubeVip && args.role === "control-plane")
            runcmd.push("mv /etc/kubernetes/kube-vip.yaml /etc/kubernetes/manifests/kube-vip.yaml");
    }
    return "#cloud-config\n" + stringify({ write_files: files, runcmd }, { lineWidth: 0 });
}
