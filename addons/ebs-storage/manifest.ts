import { defineAddon } from "../../config/addon-manifest";
import { ebsStorageSettings } from "./settings";

// The EKS default StorageClass: gp3, encrypted, bound where the pod lands (WaitForFirstConsumer, so a volume
// is created in the pod's zone). The EBS CSI driver itself is an EKS managed add-on that the EKS substrate
// installs with its own identity role; this addon only adds the class the platform's workloads use.

export const ebsStorage = defineAddon({
    key: "ebsStorage",
    description: "Encrypted gp3 EBS default StorageClass (WaitForFirstConsumer, expandable)",
    settings: ebsStorageSettings,
    defaults: {
        dev: { enabled: false, reclaimPolicy: "Delete" },
        prod: { enabled: false, reclaimPolicy: "Retain" },
    },
    // On EKS the substrate advertises "gp3" as its default class: this addon is what makes that true.
    substrateDefaults: { eks: { enabled: true } },
    substrates: ["eks"],
    flows: () => [],
});
