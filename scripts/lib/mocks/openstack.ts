import { createHash } from "node:crypto";
import type { CallAnswer, OutputFaker } from "./common";

// Offline answers for @pulumi/openstack (and @pulumi/tls, which the nova substrate uses for its cluster
// CA) resources and functions the program reads outputs of. Values derive from resource names only, so
// two plans are byte-identical; every faked secret starts with "offline-secret-".

/** A documentation-range address (203.0.113.0/24) derived from a name. */
function publicAddress(name: string): string {
    return `203.0.113.${(createHash("sha256").update(name).digest()[0] % 200) + 10}`;
}

// A real RSA public key (its private half was thrown away): the nova substrate hashes the CA's public key
// into kubeadm's discovery-token-ca-cert-hash, which needs a parseable key.
const offlinePublicKeyPem = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArVeNqRrjwZQ0d1dPjfHo
I2NaHvawuiJd3i4pT5zgbLPEjfwSaBu6Bf4o2ylKy7/zQRedXHy/5vBu8fEkQwJM
Xk8a8FTSkS+ve/t4KAxxBh+hGUlTYQrTOV2HkRj5viQOGcCOyXlOMIcGXcvmWB9E
XxOy4VvSPJRqaYL7z9ZgFap2d9OoYWmIuZoolOIJ1lwKYYb58dZeND6P+y2fmUev
OQY5iZVFLwD6pTNTu4iJqtqItvE051HqamgFFnp2iKsz1uucvPEWJOUbl25qiQHF
q76XqQ4sViPbu8eZv75Y7rY7moFqKpSqOXRXHct9yvpDysMYoSwM15sX1OKdE+vH
awIDAQAB
-----END PUBLIC KEY-----
`;

const fakeCert = (kind: string, name: string) => `-----BEGIN ${kind}-----\nOFFLINE-${name}\n-----END ${kind}-----\n`;

function magnumKubeconfig(name: string, server: string): Record<string, string> {
    const raw = [
        "apiVersion: v1",
        "kind: Config",
        `clusters: [{name: ${name}, cluster: {server: "${server}", certificate-authority-data: T0ZGTElORS1DQQ==}}]`,
        `users: [{name: ${name}-admin, user: {client-certificate-data: T0ZGTElORS1DRVJU, client-key-data: offline-secret-${name}-client-key}}]`,
        `contexts: [{name: default, context: {cluster: ${name}, user: ${name}-admin}}]`,
        "current-context: default",
    ].join("\n");
    return {
        raw_config: `${raw}\n# offline-secret-${name}-kubeconfig\n`,
        host: server,
        cluster_ca_certificate: fakeCert("CERTIFICATE", `${name}-ca`),
        client_certificate: fakeCert("CERTIFICATE", `${name}-admin`),
        client_key: `offline-secret-${name}-client-key`,
    };
}

export const openstackOutputs: Record<string, OutputFaker> = {
    "openstack:containerinfra/cluster:Cluster": (name, inputs) => {
        const clusterName = String(inputs.name ?? name);
        const server = `https://${publicAddress(clusterName)}:6443`;
        return {
            apiAddress: server,
            coeVersion: "offline",
            masterAddresses: ["10.0.0.11"],
            nodeAddresses: ["10.0.0.21"],
            stackId: `${clusterName}-stack-id`,
            kubeconfig: magnumKubeconfig(clusterName, server),
        };
    },
    "openstack:networking/port:Port": (name, inputs) => {
        const fixed = (inputs.fixedIps as { ipAddress?: string }[] | undefined)?.[0]?.ipAddress;
        return { allFixedIps: [fixed ?? "10.0.0.200"], macAddress: "fa:16:3e:00:00:01", name };
    },
    "openstack:networking/floatingIp:FloatingIp": (name) => ({ address: publicAddress(name) }),
    "openstack:loadbalancer/loadBalancer:LoadBalancer": (name, inputs) => ({
        vipAddress: (inputs.vipAddress as string | undefined) ?? "10.0.0.9",
        vipPortId: `${name}-vip-port-id`,
    }),
    "openstack:compute/instance:Instance": (name, inputs) => {
        const port = (inputs.networks as { fixedIpV4?: string }[] | undefined)?.[0]?.fixedIpV4;
        // `created` as the provider reports it (Go's time.String).
        return { accessIpV4: port ?? "10.0.0.200", created: "2026-01-01 00:00:00 +0000 UTC" };
    },
    // @pulumi/tls
    "tls:index/privateKey:PrivateKey": (name) => ({
        privateKeyPem: `offline-secret-${name}-private-key`,
        privateKeyPemPkcs8: `offline-secret-${name}-private-key-pkcs8`,
        privateKeyOpenssh: `offline-secret-${name}-private-key-openssh`,
        publicKeyPem: offlinePublicKeyPem,
        publicKeyOpenssh: "ssh-rsa T0ZGTElORQ== offline",
        publicKeyFingerprintSha256: `SHA256:offline-${name}`,
    }),
    "tls:index/selfSignedCert:SelfSignedCert": (name) => ({
        certPem: fakeCert("CERTIFICATE", name),
        validityStartTime: "2026-01-01T00:00:00Z",
        validityEndTime: "2036-01-01T00:00:00Z",
    }),
    "tls:index/locallySignedCert:LocallySignedCert": (name) => ({
        certPem: fakeCert("CERTIFICATE", name),
        validityStartTime: "2026-01-01T00:00:00Z",
        validityEndTime: "2027-01-01T00:00:00Z",
    }),
    "tls:index/certRequest:CertRequest": (name) => ({ certRequestPem: fakeCert("CERTIFICATE REQUEST", name) }),
};

export const openstackCalls: Record<string, CallAnswer> = {
    "openstack:networking/getNetwork:getNetwork": (inputs) => ({ ...inputs, id: `${String(inputs.name ?? "network")}-network-id` }),
    "openstack:networking/getSubnet:getSubnet": (inputs) => ({ ...inputs, id: `${String(inputs.name ?? "subnet")}-subnet-id` }),
    "openstack:images/getImage:getImage": (inputs) => ({ ...inputs, id: `${String(inputs.name ?? "image")}-image-id` }),
};
