import * as fs from "fs";
import { plannedReleases } from "./lib/conformance/releases";
import { joinPath, type ChartContract } from "./lib/conformance/chart-contract";
const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
function leaves(v: unknown, p = ""): string[] {
  if (Array.isArray(v)) return v.length ? v.flatMap((x) => leaves(x, p ? p + ".*" : "*")) : [p];
  if (isMap(v)) return Object.keys(v).length ? Object.entries(v).flatMap(([k, c]) => leaves(c, joinPath(p, k))) : [p];
  return [p];
}
const out = new Set<string>();
for (const f of fs.readdirSync("/tmp/helm").filter((f) => f.endsWith(".json"))) {
  const plan = JSON.parse(fs.readFileSync("/tmp/helm/" + f, "utf8"));
  for (const r of plannedReleases(plan)) {
    const c = r.contract; if (!c) continue;
    const check = (c: ChartContract, path: string): void => {
      const segs = path.split(".");
      const wild = (pat: string) => { const a = pat.split("."); return a.length <= segs.length && a.every((s, i) => s === "*" || s === "?" || s === segs[i]); };
      const [head, ...rest] = segs;
      if (c.freeForm.some((f) => f === "<all>" || wild(f))) return;
      // read by template: exact or as prefix of a ref (a ref of a parent path doesn't count)
      if (c.reads.some((r) => { const a = r.split("."); return a.length === segs.length && wild(r); })) return;
      const sub = c.subcharts[head];
      if (sub && typeof sub !== "string" && rest.length) return check(sub, rest.join("."));
      out.add(`${c.chart}: ${path}`);
    };
    for (const l of leaves(r.values)) check(c, l);
  }
}
console.log([...out].sort().join("\n"));
