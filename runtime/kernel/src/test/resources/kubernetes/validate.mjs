// Validates every document of a Kubernetes YAML file against the Kubernetes schemas (kubernetes-models'
// resource classes), then prints each document as one line of JSON: "ok <kind>/<name> <json>".
// Usage: DHII_K8S_MODELS=<dir with node_modules> node validate.mjs FILE
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import path from "node:path";

const modules = path.join(process.env.DHII_K8S_MODELS, "node_modules");
const require = createRequire(path.join(modules, "noop.js"));
const yaml = require("js-yaml");
const load = (m) => import(pathToFileURL(path.join(modules, "kubernetes-models", m + ".js")).href);

const groups = { v1: "v1", "apps/v1": "apps/v1", "policy/v1": "policy/v1", "networking.k8s.io/v1": "networking.k8s.io/v1",
  "autoscaling/v2": "autoscaling/v2", "rbac.authorization.k8s.io/v1": "rbac.authorization.k8s.io/v1" };
let failed = 0;
for (const doc of yaml.loadAll(readFileSync(process.argv[2], "utf8")).filter((d) => d)) {
  const where = `${doc.kind}/${doc.metadata && doc.metadata.name}`;
  try {
    const group = groups[doc.apiVersion];
    if (!group) throw new Error(`no model for apiVersion ${doc.apiVersion}`);
    const model = (await load(`${group}/${doc.kind}`))[doc.kind];
    new model(doc).validate();
    console.log(`ok ${where} ${JSON.stringify(doc)}`);
  } catch (e) {
    failed++;
    console.log(`invalid ${where}: ${e.message}`);
  }
}
process.exit(failed ? 1 : 0);
