import { expect } from "chai";
import { parse, parseAllDocuments } from "yaml";
import { cloudInit, type CloudInitArgs } from "../substrates/nova/cloud-init";
import { adminKubeconfig, discoveryHash, sharedPkiFiles } from "../substrates/nova/pki";
import { crioVersions, kubernetesPatches } from "../model/versions";
import { openstackOutputs } from "../scripts/lib/mocks/openstack";

// The cloud-init of kubeadm nodes on Nova is a pure function: these tests read what a node would run.

const base: CloudInitArgs = {
    role: "init",
    clusterName: "ocf",
    kubernetesVersion: kubernetesPatches["1.34"],
    crioVersion: crioVersions["1.34"],
    controlPlaneEndpoint: "10.20.0.10:6443",
    podCidr: "10.244.0.0/16",
    serviceCidr: "10.96.0.0/16",
    certSans: ["10.20.0.10", "203.0.113.10"],
    advertiseAddress: "10.20.0.11",
    bootstrapToken: "abcdef.0123456789abcdef",
    caCertHash: `sha256:${"cd".repeat(32)}`,
    controlPlanePki: Object.fromEntries(
        sharedPkiFiles.map((f) => [f, f.endsWith(".key") ? `KEY ${f}` : `-----BEGIN CERTIFICATE-----\n${f}\n-----END CERTIFICATE-----\n`]),
    ),
    cloudProviderExternal: true,
};

interface Doc {
    write_files: { path: string; permissions?: string; content: string }[];
    runcmd: string[];
}
const render = (args: Partial<CloudInitArgs>): Doc => {
    const text = cloudInit({ ...base, ...args });
    expect(text.startsWith("#cloud-config\n")).to.equal(true);
    return parse(text) as Doc;
};
const file = (doc: Doc, path: string) => doc.write_files.find((f) => f.path === path);
const kubeadmDocs = (doc: Doc, path: string) => parseAllDocuments(file(doc, path)!.content).map((d) => d.toJS());
const vip = { address: "10.20.0.10", interface: "ens3", image: "ghcr.io/kube-vip/kube-vip:v1.2.3" };

describe("nova cloud-init", () => {
    it("installs pinned CRI-O and kubeadm/kubelet/kubectl from the upstream repositories and holds them", () => {
        const doc = render({});
        const k8s = `${kubernetesPatches["1.34"]}-1.1`;
        expect(doc.runcmd).to.include(`apt-get install -y cri-o=${crioVersions["1.34"]}-1.1 kubelet=${k8s} kubeadm=${k8s} kubectl=${k8s}`);
        expect(doc.runcmd).to.include("apt-mark hold cri-o kubelet kubeadm kubectl");
        const script = doc.runcmd.join("\n");
        expect(script).to.contain("https://pkgs.k8s.io/core:/stable:/v1.34/deb/");
        expect(script).to.contain("https://download.opensuse.org/repositories/isv:/cri-o:/stable:/v1.34/deb/");
        expect(script).to.not.contain("pkgs.k8s.io/addons:/cri-o"); // the legacy CRI-O location
        // Keys first, then the lists that need them.
        expect(doc.runcmd.findIndex((c) => c.includes("cri-o-apt-keyring.gpg") && c.startsWith("curl"))).to.be.below(
            doc.runcmd.findIndex((c) => c.includes("cri-o.list")),
        );
    });

    it("loads overlay and br_netfilter, enables forwarding and turns swap off", () => {
        const doc = render({});
        expect(file(doc, "/etc/modules-load.d/kubernetes.conf")!.content).to.contain("overlay").and.contain("br_netfilter");
        expect(file(doc, "/etc/sysctl.d/99-kubernetes.conf")!.content)
            .to.contain("net.ipv4.ip_forward = 1")
            .and.contain("net.bridge.bridge-nf-call-iptables = 1");
        expect(doc.runcmd).to.include.members(["modprobe overlay", "modprobe br_netfilter", "sysctl --system", "swapoff -a"]);
    });

    it("runs kubeadm init on the first control-plane node with the program's shared PKI, no uploaded certificates", () => {
        const doc = render({});
        expect(doc.runcmd).to.include("kubeadm init --config /etc/kubernetes/kubeadm/init.yaml");
        expect(doc.runcmd.join("\n")).to.not.contain("--upload-certs");
        expect(file(doc, "/etc/kubernetes/kubeadm/init.yaml")!.permissions).to.equal("0600");
        const [init, cluster, kubelet] = kubeadmDocs(doc, "/etc/kubernetes/kubeadm/init.yaml");
        expect(init.kind).to.equal("InitConfiguration");
        expect(init.apiVersion).to.equal("kubeadm.k8s.io/v1beta4");
        // kubeadm mints a token of its own at init: nobody knows it and it is gone before any node could need it.
        expect(init.bootstrapTokens).to.deep.equal([
            {
                ttl: "15m0s",
                description: "unused: every node joins with its own token",
                groups: ["system:bootstrappers:kubeadm:default-node-token"],
                usages: ["signing", "authentication"],
            },
        ]);
        expect(init).to.not.have.property("certificateKey");
        expect(init.nodeRegistration.criSocket).to.equal("unix:///var/run/crio/crio.sock");
        expect(init.nodeRegistration.kubeletExtraArgs).to.deep.include({ name: "cloud-provider", value: "external" });
        expect(cluster).to.include({
            kind: "ClusterConfiguration",
            kubernetesVersion: `v${kubernetesPatches["1.34"]}`,
            controlPlaneEndpoint: "10.20.0.10:6443",
        });
        expect(cluster.networking).to.deep.include({ podSubnet: "10.244.0.0/16", serviceSubnet: "10.96.0.0/16" });
        expect(cluster.apiServer.certSANs).to.deep.equal(["10.20.0.10", "203.0.113.10"]);
        expect(kubelet.cgroupDriver).to.equal("systemd");
        expect(file(doc, "/etc/kubernetes/pki/ca.key")).to.deep.include({ permissions: "0600", content: "KEY ca.key" });
        expect(file(doc, "/etc/kubernetes/pki/ca.crt")!.content).to.contain("BEGIN CERTIFICATE");
    });

    it("joins further control-plane nodes with their own token and the shared PKI written before the join, no certificate key", () => {
        const doc = render({ role: "control-plane", advertiseAddress: "10.20.0.12", bootstrapToken: "cp1tok.0123456789abcdef" });
        const [join] = kubeadmDocs(doc, "/etc/kubernetes/kubeadm/join.yaml");
        expect(join.kind).to.equal("JoinConfiguration");
        expect(join.discovery.bootstrapToken).to.deep.equal({
            token: "cp1tok.0123456789abcdef",
            apiServerEndpoint: "10.20.0.10:6443",
            caCertHashes: [base.caCertHash],
        });
        // kubeadm's manual certificate distribution: every shared file in place, nothing to download.
        expect(join.controlPlane).to.deep.equal({ localAPIEndpoint: { advertiseAddress: "10.20.0.12", bindPort: 6443 } });
        for (const f of sharedPkiFiles)
            expect(file(doc, `/etc/kubernetes/pki/${f}`), f).to.deep.include({ permissions: f.endsWith(".key") ? "0600" : "0644" });
        expect(doc.runcmd.some((c) => c.includes("kubeadm join --config /etc/kubernetes/kubeadm/join.yaml"))).to.equal(true);
        expect(doc.runcmd.some((c) => c.startsWith("kubeadm init"))).to.equal(false);
    });

    it("joins workers with their own token, the pool's labels and taints, no control-plane section and no keys", () => {
        const doc = render({
            role: "worker",
            advertiseAddress: undefined,
            controlPlanePki: undefined,
            bootstrapToken: "wrk001.0123456789abcdef",
            labels: { tier: "web" },
            taints: [{ key: "gpu", value: "true", effect: "NoSchedule" }],
        });
        const [join] = kubeadmDocs(doc, "/etc/kubernetes/kubeadm/join.yaml");
        expect(join.controlPlane).to.equal(undefined);
        expect(join.discovery.bootstrapToken.token).to.equal("wrk001.0123456789abcdef");
        expect(doc.write_files.filter((f) => f.path.startsWith("/etc/kubernetes/pki/"))).to.deep.equal([]);
        expect(join.nodeRegistration.taints).to.deep.equal([{ key: "gpu", value: "true", effect: "NoSchedule" }]);
        expect(join.nodeRegistration.kubeletExtraArgs).to.deep.include({ name: "node-labels", value: "tier=web" });
        expect(file(doc, "/etc/kubernetes/manifests/kube-vip.yaml")).to.equal(undefined);
    });

    it("installs a worker pool's sandboxed runtimes after CRI-O and before the join", () => {
        const doc = render({ role: "worker", labels: { "groundwork.io/runtime-gvisor": "true" } });
        const setup = doc.runcmd.indexOf("bash /usr/local/sbin/groundwork-sandboxed-runtimes.sh");
        expect(setup).to.be.above(doc.runcmd.indexOf("systemctl enable --now crio"));
        expect(setup).to.be.below(doc.runcmd.findIndex((c) => c.includes("kubeadm join")));
        expect(file(doc, "/usr/local/sbin/groundwork-sandboxed-runtimes.sh")!.content).to.contain("runsc");
        expect(render({ role: "worker" }).runcmd.some((c) => c.includes("sandboxed-runtimes"))).to.equal(false);
    });

    it("omits --cloud-provider=external when no cloud-controller-manager runs", () => {
        const [join] = kubeadmDocs(render({ role: "worker", cloudProviderExternal: false }), "/etc/kubernetes/kubeadm/join.yaml");
        expect(join.nodeRegistration.kubeletExtraArgs).to.deep.equal([]);
    });

    it("kube-vip: the init node starts it before kubeadm init with super-admin.conf, then switches to admin.conf", () => {
        const doc = render({ kubeVip: vip });
        const manifest = parse(file(doc, "/etc/kubernetes/manifests/kube-vip.yaml")!.content);
        expect(manifest.spec.containers[0].image).to.equal(vip.image);
        expect(manifest.spec.containers[0].env).to.deep.include({ name: "address", value: "10.20.0.10" });
        expect(manifest.spec.containers[0].env).to.deep.include({ name: "vip_interface", value: "ens3" });
        expect(manifest.spec.volumes[0].hostPath.path).to.equal("/etc/kubernetes/super-admin.conf");
        const init = doc.runcmd.findIndex((c) => c.startsWith("kubeadm init"));
        expect(doc.runcmd[init + 1]).to.contain("super-admin.conf#/etc/kubernetes/admin.conf");
    });

    it("kube-vip: joining control planes add it after the join, with admin.conf", () => {
        const doc = render({ role: "control-plane", kubeVip: vip });
        const manifest = parse(file(doc, "/etc/kubernetes/kube-vip.yaml")!.content);
        expect(manifest.spec.volumes[0].hostPath.path).to.equal("/etc/kubernetes/admin.conf");
        expect(doc.runcmd.at(-1)).to.equal("mv /etc/kubernetes/kube-vip.yaml /etc/kubernetes/manifests/kube-vip.yaml");
    });

    it("computes kubeadm's discovery hash like `openssl rsa -pubin -outform der | openssl dgst -sha256`", () => {
        // The offline mock's CA public key; the expected value came from the openssl pipeline.
        const pem = openstackOutputs["tls:index/privateKey:PrivateKey"]("ca", {}).publicKeyPem as string;
        expect(discoveryHash(pem)).to.equal("sha256:6b4a852cb2818a0ffa0f5aa4c2f9edf2e140686a0922fb7fdc4d4fccc85936d5");
    });

    it("builds the admin kubeconfig from the program's CA and client certificate", () => {
        const kc = parse(
            adminKubeconfig({
                clusterName: "ocf",
                server: "https://203.0.113.10:6443",
                caCertPem: "CA",
                clientCertPem: "CERT",
                clientKeyPem: "KEY",
            }),
        );
        expect(kc.clusters[0].cluster.server).to.equal("https://203.0.113.10:6443");
        expect(Buffer.from(kc.users[0].user["client-key-data"], "base64").toString()).to.equal("KEY");
        expect(kc["current-context"]).to.equal("ocf");
    });
});
