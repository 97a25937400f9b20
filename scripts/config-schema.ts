import * as fs from "node:fs";
import * as path from "node:path";
import { stackFileJsonSchema } from "../config/json-schema";

// npm run config-schema: regenerates schema/stack-config.schema.json (a test fails when it is stale).
export const schemaFile = path.resolve(__dirname, "../schema/stack-config.schema.json");
export const schemaText = () => `${JSON.stringify(stackFileJsonSchema(), null, 2)}\n`;

if (require.main === module) {
    fs.mkdirSync(path.dirname(schemaFile), { recursive: true });
    fs.writeFileSync(schemaFile, schemaText());
    console.log(`wrote ${path.relative(process.cwd(), schemaFile)}`);
}
