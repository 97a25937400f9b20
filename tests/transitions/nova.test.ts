import { expect } from "chai";
import { configFileWith, resource } from "../harness";
import { expectTransition, transition } from "../transition";

// Day-2 operations on plain Nova VMs with kubeadm (examples/openstack-vms-kubeadm-vault.yaml, prod): the
// program owns the nodes, so it upgrades them (kubeadm upgrade Jobs, one node after the other), adds and
// rebuilds them with fresh join material, and never replaces a running node because time passed or an image
// was uploaded. docs/operations/nova.md is the runbook for each.

const example = "examples/openstack-vms-kubeadm-vault.yaml";
const nova = (patch: Record<string, unknown> = {}) => configFileWith(example, patch);
const workers = (patch: Record<string, unknown>) => ({
    "groundwork:cluster": { nodePools: [{ name: "workers", size: "m1.xlarge", min: 3, max: 4, desired: 3, diskGiB: 100, ...patch }] },
});
const instance = "openstack:compute/instance:Instance";

describe("transitions: nova", () => {
    it("a Kubernetes minor upgrade runs a kubeadm upgrade Job per node, in order, and replaces no server", async () => {
        const t = await transition(nova({ "groundwork:cluster": { kubernetesVersion: "1.33" } }), nova(), "prod");
        expectTransition(t, {
            replace: ["Job ocf-upgrade-ocf-cp-0", "Job ocf-upgrade-ocf-cp-1", "Job ocf-upgrade-ocf-cp-2", "Job ocf-upgrade-ocf-workers-*"],
            update: ["Namespace *", "Release openstack-cinder-csi", "Release openstack-cloud-controller-manager"],
        });
        // One node at a time: the first control plane (kubeadm upgrade apply), the others, then the workers.
        const job = (node: string) => resource(t.head, "kubernetes:batch/v1:Job", `ocf-upgrade-${node}`);
        const order = ["ocf-cp-0", "ocf-cp-1", "ocf-cp-2", "ocf-workers-0", "ocf-workers-1", "ocf-workers-2"];
        order.slice(1).forEach((node, i) => expect(job(node).dependsOn, node).to.include(job(order[i]).urn));
        expect(t.head.outputs.kubernetesVersion).to.equal("1.34");
    });

    it("a worker added long after install is one new server with its own token; nothing else changes", async () => {
        const t = await transition(nova(), nova(workers({ desired: 4 })), "prod");
        expectTransition(t, {
            add: [
                "Instance ocf-workers-3",
                "Port ocf-workers-3-port",
                "RandomString ocf-workers-3-token-secret",
                "Secret ocf-workers-3-bootstrap-token",
                "Job ocf-upgrade-ocf-workers-3",
            ],
        });
        // The token is registered once the server exists and expires a few hours after it was created: a node
        // created a month after install joins with material minted for it, not the install's.
        const secret = resource(t.head, "kubernetes:core/v1:Secret", "ocf-workers-3-bootstrap-token");
        expect(secret.dependsOn).to.include(resource(t.head, instance, "ocf-workers-3").urn);
    });

    it("rebuilding a control-plane node replaces that server and its token, nothing else", async () => {
        const t = await transition(nova(), nova({ "groundwork:cluster": { nova: { rebuilds: { "cp-1": 1 } } } }), "prod");
        expectTransition(t, { replace: ["Instance ocf-cp-1", "RandomString ocf-cp-1-token-secret", "Secret ocf-cp-1-bootstrap-token"] });
        // Protected in prod: the engine refuses to delete it until `pulumi state unprotect` (docs/operations/nova.md).
        expect(resource(t.base, instance, "ocf-cp-1").options.protect).to.equal(true);
    });

    it("a new image ID (or a re-upload) replaces no running node: only new and rebuilt nodes boot from it", async () => {
        const t = await transition(
            nova(),
            nova({ "groundwork:cluster": { nova: { imageId: "11111111-2222-4333-8444-555555555555" } } }),
            "prod",
        );
        expectTransition(t, {});
    });

    it("a new flavor resizes the pool's servers in place (a reboot each), replacing none", async () => {
        const bigger = workers({ size: "m1.2xlarge" })["groundwork:cluster"];
        const flavors = { "m1.2xlarge": { vcpus: 16, ramMiB: 32768 } };
        const t = await transition(nova(), nova({ "groundwork:cluster": { ...bigger, flavors } }), "prod");
        expectTransition(t, { update: ["Instance ocf-workers-0", "Instance ocf-workers-1", "Instance ocf-workers-2"] });
    });

    it("removing a worker deletes that server and its join material only", async () => {
        const t = await transition(nova(workers({ desired: 4 })), nova(), "prod");
        expectTransition(t, {
            remove: [
                "Instance ocf-workers-3",
                "Port ocf-workers-3-port",
                "RandomString ocf-workers-3-token-secret",
                "Secret ocf-workers-3-bootstrap-token",
                "Job ocf-upgrade-ocf-workers-3",
            ],
        });
    });
});
