/**
 * Every template an integration field calls must be defined, by the program's templates or the
 * user's files. Alertmanager (0.32+) sends an empty field when a template fails at send time, so a
 * misspelt name would page with a blank message: this check stops it before anything deploys.
 */
import { ConfigError } from "../../config/errors";
import { INTEGRATION_KINDS } from "../../config/integrations";
import type { AlertingSpec } from "../../config/spec";
import { definedTemplates, unknownTemplateCalls } from "../../config/template-files";
import { NOTIFICATION_TEMPLATES } from "./templates";

export function assertTemplateCallsDefined(spec: AlertingSpec): void {
  const defined = definedTemplates([NOTIFICATION_TEMPLATES, ...spec.templateFiles.map((f) => f.text)]);
  const issues = spec.receivers.flatMap((r, i) =>
    INTEGRATION_KINDS.flatMap((kind) => (r[kind] ? unknownTemplateCalls(r[kind], defined, ["receivers", i, kind]) : [])),
  );
  if (issues.length > 0) throw new ConfigError(issues);
}
