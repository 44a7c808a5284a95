/**
 * Team-owned routing: one file per team (`teams/<team>.yaml`) with the team's receivers, routes
 * (any depth), inhibit rules and time intervals. A team file can only ever act on its own alerts:
 * the program nests its routes under the team's matchers, adds them to both sides of its inhibit
 * rules, and prefixes its names. Parsing and checking are pure; reading is injected.
 */
import { parseDocument } from "yaml";
import type { ConfigIssue } from "./errors";
import { fromZodIssue } from "./errors";
import { duration, list, matcher, name, obj, severityWords } from "./fields";
import { canonicalMatchers, parseMatcher } from "./matchers";
import type { FolderReader, ProjectFile } from "./rule-folders";
import { checkRouting, walkRoutes } from "./routing-checks";
import { groupBy, inhibitRuleSchema, routeSchema, timeIntervalSchema } from "./routing-schema";
import { silenceSchema } from "./silences";
import { AlertingConfig, receiverSchema } from "./schema";
import { checkSeverityWords, mergeWords, SeverityWords } from "./severity-words";
import type { z } from "zod";

/** Where team files live unless `alerting:teams.folder` says otherwise; a missing default folder means no teams. */
export const DEFAULT_TEAMS_FOLDER = "teams";
/** Between a team's name and its own names; a name (config/fields.ts) cannot contain it, so two teams never collide. */
export const TEAM_SEPARATOR = "/";

const TEAM_FILE = /\.ya?ml$/;

export const teamFileSchema = obj({
  matchers: list(matcher()).min(1, { error: "is empty; leave it out to match the team label" }).optional(),
  receiver: name(),
  groupBy: groupBy().optional(),
  groupWait: duration().optional(),
  groupInterval: duration().optional(),
  repeatInterval: duration().optional(),
  receivers: list(receiverSchema).min(1, { error: "is empty; a team needs at least its catch-all receiver" }),
  routes: list(routeSchema).default([]),
  inhibitRules: list(inhibitRuleSchema).default([]),
  timeIntervals: list(timeIntervalSchema).default([]),
  /** Maintenance windows of the team's alerts only: the team's matchers are added to each (config/silences.ts). */
  silences: list(silenceSchema).default([]),
  /** Added to alerting:severityWords within the team's own routes and inhibit rules. */
  severityWords: severityWords().default({}),
});

export type TeamFile = z.output<typeof teamFileSchema>;

export interface Team extends TeamFile {
  name: string;
  file: string;
  /** The matchers every alert of the team carries (canonical form): the file's, or `<label>="<team>"`. */
  matchers: string[];
}

interface TeamsSettings {
  folder?: string;
  label: string;
  /** Whether alerting:smtp is set, which e-mail receivers need. */
  smtp: boolean;
  /** The stack's and earlier teams' words, which a team's may add to but not contradict. */
  words: SeverityWords;
}

/** A place inside a team file. */
const inFile =
  (file: string) =>
  (path: PropertyKey[]): Pick<ConfigIssue, "path" | "file"> => ({ file, path });

/** Team routes and inhibit rules may not match on the labels that pick the team's alerts, except with the team's own matcher. */
function escapes(team: Team, matchers: string[]): string | undefined {
  const owned = new Set(team.matchers.map((m) => parseMatcher(m)!.name));
  return canonicalMatchers(matchers).find((m) => owned.has(parseMatcher(m)!.name) && !team.matchers.includes(m));
}

function checkTeam(team: Team, settings: TeamsSettings): ConfigIssue[] {
  const at = inFile(team.file);
  const issues = checkRouting(team, team.file);
  issues.push(...checkSeverityWords(team.severityWords, (severity, i) => at(["severityWords", severity, i]), settings.words));
  team.receivers.forEach((r, i) => {
    if (r.email && !settings.smtp) issues.push({ ...at(["receivers", i, "email"]), message: "needs alerting:smtp (smarthost, from) to be set" });
  });
  const receiverNames = team.receivers.map((r) => r.name);
  if (!receiverNames.includes(team.receiver)) {
    issues.push({ ...at(["receiver"]), value: team.receiver, message: `is not one of the team's receivers; use one of ${receiverNames.join(", ")}` });
  }
  const escape = (path: PropertyKey[], matchers: string[]) => {
    const found = escapes(team, matchers);
    if (found) {
      issues.push({
        ...at(path),
        value: found,
        message: `would match alerts outside the team; team routes are nested under ${team.matchers.join(", ")} and may not match on its labels otherwise`,
      });
    }
  };
  for (const { route, path } of walkRoutes(team.routes)) escape([...path, "matchers"], route.matchers);
  team.inhibitRules.forEach((rule, i) => {
    escape(["inhibitRules", i, "sourceMatchers"], rule.sourceMatchers);
    escape(["inhibitRules", i, "targetMatchers"], rule.targetMatchers);
  });
  team.silences.forEach((silence, i) => {
    const found = escapes(team, silence.matchers);
    if (found) {
      issues.push({
        ...at(["silences", i, "matchers"]),
        value: found,
        message: `would silence alerts outside the team; team silences get ${team.matchers.join(", ")} added and may not match on its labels otherwise`,
      });
    }
  });
  return issues;
}

function parseTeamFile(file: ProjectFile, settings: TeamsSettings): { team?: Team; issues: ConfigIssue[] } {
  const teamName = file.path.split("/").pop()!.replace(TEAM_FILE, "");
  const nameCheck = name().safeParse(teamName);
  if (!nameCheck.success) return { issues: [{ file: file.path, path: [], value: teamName, message: `names the team: ${nameCheck.error.issues[0].message}` }] };
  const doc = parseDocument(file.text, { prettyErrors: false });
  if (doc.errors.length > 0) return { issues: [{ file: file.path, path: [], message: `is not valid YAML: ${doc.errors[0].message.split("\n")[0]}` }] };
  const parsed = teamFileSchema.safeParse(doc.toJS() ?? {}, { reportInput: true });
  if (!parsed.success) return { issues: parsed.error.issues.map((i) => ({ ...fromZodIssue(i), file: file.path })) };
  const matchers = canonicalMatchers(parsed.data.matchers ?? [`${settings.label}="${teamName}"`]);
  const team: Team = { ...parsed.data, name: teamName, file: file.path, matchers };
  return { team, issues: checkTeam(team, settings) };
}

export interface LoadedTeams {
  /** The folder read: `alerting:teams.folder`, or the default. */
  folder: string;
  teams: Team[];
  issues: ConfigIssue[];
}

/** The team files of a configuration, parsed and checked. */
export function loadTeams(config: Pick<AlertingConfig, "teams" | "smtp" | "severityWords">, read: FolderReader): LoadedTeams {
  const settings: TeamsSettings = { ...config.teams, smtp: config.smtp !== undefined, words: config.severityWords };
  const folder = settings.folder ?? DEFAULT_TEAMS_FOLDER;
  const files = read(folder);
  if (files === undefined) {
    return settings.folder === undefined
      ? { folder, teams: [], issues: [] }
      : {
          folder,
          teams: [],
          issues: [{ path: ["teams", "folder"], value: folder, message: "is not a folder in the project; use a path relative to the project root" }],
        };
  }
  const result: LoadedTeams = { folder, teams: [], issues: [] };
  for (const file of files.filter((f) => TEAM_FILE.test(f.path))) {
    // Each team's words are checked against the stack's and the earlier teams': a word means one severity everywhere, so every receiver's templates can map it.
    const words = mergeWords(settings.words, ...result.teams.map((t) => t.severityWords));
    const { team, issues } = parseTeamFile(file, { ...settings, words });
    result.issues.push(...issues);
    if (!team) continue;
    const sameName = result.teams.find((t) => t.name === team.name);
    const sameMatchers = result.teams.find((t) => t.matchers.join() === team.matchers.join());
    if (sameName) {
      result.issues.push({ file: file.path, path: [], value: team.name, message: `names the same team as ${sameName.file}; one file per team` });
    } else if (sameMatchers) {
      result.issues.push({
        file: file.path,
        path: ["matchers"],
        value: team.matchers,
        message: `are team ${sameMatchers.name}'s already (${sameMatchers.file}); each team needs matchers of its own`,
      });
    } else {
      result.teams.push(team);
    }
  }
  return result;
}
