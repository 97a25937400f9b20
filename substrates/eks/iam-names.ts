import { createHash } from "node:crypto";

// IAM role names are at most 64 characters. Pulumi auto-names a role `<logical name>-<7 random hex>`, so a
// logical name over 56 characters fails at preview ("expected length of name to be in the range (1 - 64)");
// a long cluster name plus a long addon name gets there. Such a role gets a name prefix instead (at most 38
// characters, to which AWS's provider appends a 26-character unique suffix): readable start, a hash of the whole
// logical name so two long names never collide. Roles within the limit keep their auto-names (no replacement).

const autoNameLimit = 64 - 8;
const prefixLimit = 38;

/** Extra Role args for a logical name: nothing when auto-naming fits, else a short unique `namePrefix`. */
export function iamRoleNaming(logicalName: string): { namePrefix?: string } {
    if (logicalName.length <= autoNameLimit) return {};
    const hash = createHash("sha256").update(logicalName).digest("hex").slice(0, 6);
    const head = logicalName.slice(0, prefixLimit - hash.length - 2).replace(/-+$/, "");
    return { namePrefix: `${head}-${hash}-` };
}
